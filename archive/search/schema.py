"""The search schema, declared once: every field of a search document, and how
searchers reach it.

The search index (search_indexes.py), the query parser (query.FIELDS), the search
form (forms.FACETS), the facet sidebar (results.FACET_TITLES, NAMED) and the trends
chart (views.search.SPLITS) are all read from `FIELDS`. Adding a facet is one row
here (and, unless it comes from `model_attr`, the index's `prepare_<name>`); the
search form gives it a plain text filter unless it declares a field of that name.
"""

from dataclasses import dataclass

# What a field is: its Haystack field, and so how each backend indexes it.
TEXT = "text"  # analysed words (MixedAnalyzer)
DATE = "date"
FACET = "facet"  # one exact value per document, counted
FACET_SET = "facet set"  # several exact values per document, each counted
STORED = "stored"  # shown on the results page, not searched
STORED_NUMBER = "stored number"


@dataclass(frozen=True)
class Field:
    name: str  # the index field
    kind: str
    null: bool = False  # may be missing (a facet always may)
    model_attr: str | None = None
    document: bool = False  # the field searched by words without a field name
    typed: str | None = None  # what a searcher types before ":" (speaker:"wang yi")
    upper: bool = False  # typed values are upper case (ISO codes); else lower case
    param: str | None = None  # the URL parameter filtering on it, and its facet group
    title: str = ""  # the facet group's title
    named: tuple | None = None  # (model, key column): the rows whose `name` labels keys
    splits: bool = False  # trends can draw one series per top value

    @property
    def exact(self):
        """Matched whole (facets), not by analysed words."""
        return self.kind in (FACET, FACET_SET)


FIELDS = (
    Field("text", TEXT, document=True),
    Field("speaker", TEXT, null=True, typed="speaker"),  # names and aliases
    Field("title", TEXT, typed="title"),
    Field("date", DATE, null=True, model_attr="interview__date"),
    Field("speaker_slug", FACET, null=True, param="speaker", title="Speaker",
          named=("Speaker", "slug"), splits=True),
    Field("country", FACET_SET, typed="country", upper=True, param="country",
          title="Country", named=("Country", "code"), splits=True),
    Field("topic", FACET_SET, typed="topic", param="topic", title="Topic",
          named=("Topic", "slug")),
    Field("year", FACET, null=True, typed="year", param="year", title="Year"),
    Field("month", FACET, null=True),  # "2020-09", for trends by month
    Field("kind", FACET, typed="kind", param="kind", title="Kind"),
    Field("source", FACET, null=True, typed="source", param="source", title="Source",
          named=("Source", "slug")),
    Field("language", FACET, typed="language", param="language", title="Language"),
    Field("type", FACET, typed="type", param="type", title="Answers or questions"),
    Field("speaker_name", STORED, null=True),
    Field("interview_slug", STORED),
    Field("date_display", STORED),
    Field("position", STORED_NUMBER, model_attr="position"),
    # An answer counts what its question mentions too: "country:KI topic:trade" are
    # those only its question names, so that results can say so.
    Field("from_question", STORED, null=True),
    # A digest of everything above, so check_index --deep can tell a stale document.
    Field("fingerprint", STORED, null=True),
)

# URL parameter -> field, in the order the sidebar shows them
FACETS = {field.param: field for field in FIELDS if field.param}
# what a searcher types before ":" -> field
TYPED = {field.typed: field for field in FIELDS if field.typed}
