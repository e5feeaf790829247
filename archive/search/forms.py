"""The search form: what a searcher asks, turned into a Haystack query."""

from django import forms
from haystack.inputs import Exact, Raw
from haystack.query import SearchQuerySet

from archive.models import Interview
from archive.search import schema, values
from archive.search.query import UnknownValue, parse_query

# URL parameter -> index field of the facet it filters on
FACETS = {param: field.name for param, field in schema.FACETS.items()}
# The fields in the order they are cleaned (and their errors listed).
FIELD_ORDER = ["q", *FACETS, "date_from", "date_to", "sort"]


class SearchForm(forms.Form):
    """Every facet of the search schema is a filter: a plain text field unless it is
    declared here with its own validation."""

    q = forms.CharField(required=False, label="Search quotes")
    # A country or topic by any name searchers use (CN, china, "South Korea",
    # south-korea), as in country:… typed in the query; the facets' links give keys.
    country = forms.CharField(required=False, max_length=100)
    topic = forms.CharField(required=False, max_length=100)
    year = forms.RegexField(regex=r"^\d{4}$", required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *Interview.Kind.choices], required=False)
    type = forms.ChoiceField(
        choices=[("", "Answers and questions"), ("answer", "Answers"), ("question", "Questions")],
        required=False,
    )
    date_from = forms.DateField(required=False, label="From")
    date_to = forms.DateField(required=False, label="To")
    sort = forms.ChoiceField(
        choices=[
            ("relevance", "Relevance"),
            ("newest", "Newest first"),
            ("oldest", "Oldest first"),
        ],
        required=False,
    )

    def __init__(self, data=None, **kwargs):
        # The URL says from/to; "from" cannot be a Python field name.
        if data is not None:
            data = data.copy()
            for short, name in (("from", "date_from"), ("to", "date_to")):
                if short in data and name not in data:
                    data[name] = data[short]
            # NUL bytes (pasted from binary junk) would fail validation and lose the
            # whole query; they carry no meaning, so drop them.
            if "q" in data:
                data["q"] = data["q"].replace("\x00", "")
        super().__init__(data, **kwargs)
        for name in FACETS:
            self.fields.setdefault(name, forms.CharField(required=False))
        self.order_fields(FIELD_ORDER)

    def clean_country(self):
        return self._named("country")

    def clean_topic(self):
        return self._named("topic")

    def _named(self, name):
        value = self.cleaned_data[name].strip()
        try:
            return values.resolve(name, value) if value else ""
        except UnknownValue as unknown:
            raise forms.ValidationError(str(unknown)) from None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            cleaned["date_from"], cleaned["date_to"] = end, start
        return cleaned

    @property
    def parsed(self):
        if not hasattr(self, "_parsed"):
            self._parsed = parse_query(self.cleaned_data.get("q", ""), values.typed)
        return self._parsed

    def dates(self):
        """(from, to): the URL's, else those typed in the query (from:2020)."""
        data, typed = self.cleaned_data, self.parsed.dates
        start = data.get("date_from") or typed.get("date_from")
        end = data.get("date_to") or typed.get("date_to")
        if start and end and start > end:
            start, end = end, start
        return start, end

    def active_filters(self):
        """[(parameter, value)] of the filters in force."""
        data = self.cleaned_data
        active = [(name, data[name]) for name in FACETS if data.get(name)]
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if data.get(name):
                active.append((short, data[name].isoformat()))
        return active

    def has_search(self):
        return bool(self.parsed.text or self.active_filters() or self.parsed.dates)

    def searchqueryset(self, facets=True):
        """The Haystack query for this form; call after is_valid()."""
        data = self.cleaned_data
        sqs = SearchQuerySet()
        if self.parsed.text:
            # Haystack does not bracket raw input: without these, OR would swallow the filters.
            sqs = sqs.filter(content=Raw(f"({self.parsed.text})"))
        for name, field in FACETS.items():
            if data.get(name):
                sqs = sqs.filter(**{field: Exact(data[name])})
        start, end = self.dates()
        if start:
            sqs = sqs.filter(date__gte=start)
        if end:
            sqs = sqs.filter(date__lte=end)
        if data.get("sort") == "newest":
            sqs = sqs.order_by("-date")
        elif data.get("sort") == "oldest":
            sqs = sqs.order_by("date")
        if facets:
            for field in FACETS.values():
                sqs = sqs.facet(field)
        return sqs.highlight() if self.parsed.text else sqs
