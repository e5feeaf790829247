"""What the PostgreSQL backend stores for a search document, and how it names words.

The words are made in Python by `MixedAnalyzer`, the Whoosh index's own analyzer:
Chinese is segmented by jieba (PostgreSQL has no Chinese parser), English is
stemmed by the same Snowball stemmer, and the same stop words are dropped, so both
backends find the same documents for the same query. PostgreSQL stores the result
as a tsvector and matches it through a GIN index.

One tsvector holds every searchable field, told apart by a prefix:
    pandem              a word of the document field ("text")
    speaker:wang        a word of another text field (speaker, title)
    country:RU          an exact value (facets, django_ct, django_id, id)
Analysed words never contain ":", so no prefix can be mistaken for a word.
"""

import datetime
from dataclasses import dataclass

from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.fields import FacetField

from archive.search.analysis import MixedAnalyzer, MixedTokenizer
from archive.search.models import SearchDocument

ANALYZER = MixedAnalyzer()
WORDS = MixedTokenizer()
MAX_POSITION = 16383  # PostgreSQL's limit; later positions are clamped to it
MAX_LEXEME_BYTES = 2046
SPELLING_WORD = (3, 40)  # lengths of words offered by "did you mean"


@dataclass(frozen=True)
class Schema:
    """How each index field is searched, from the Haystack SearchIndex fields."""

    content: str  # the document field
    analysed: frozenset  # text fields, content included
    exact: frozenset  # matched whole: facets and ids
    facets: frozenset
    dates: frozenset
    stored: frozenset
    date_column: str | None  # the date field kept in SearchDocument.date

    @classmethod
    def from_fields(cls, fields):
        """`fields`: UnifiedIndex.all_searchfields(), {index field name: field}."""
        content = next(name for name, field in fields.items() if field.document)
        analysed, exact, facets, dates = set(), {ID, DJANGO_CT, DJANGO_ID}, set(), set()
        for name, field in fields.items():
            if isinstance(field, FacetField):
                exact.add(name)
                facets.add(name)
            elif field.field_type in ("date", "datetime"):
                dates.add(name)
            elif field.indexed and field.field_type in ("string", "edge_ngram", "ngram"):
                analysed.add(name)
            elif field.indexed:
                exact.add(name)
        stored = {name for name, field in fields.items() if field.stored}
        return cls(content, frozenset(analysed), frozenset(exact), frozenset(facets),
                   frozenset(dates), frozenset(stored), min(dates, default=None))

    def lexeme(self, field, text):
        return text if field == self.content else f"{field}:{text}"


def quote(lexeme):
    """A lexeme as tsvector/tsquery input reads it, whatever characters it holds."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def query_words(text):
    """The words of `text` as a query analyses them (no Chinese sub-words)."""
    return [token.text for token in ANALYZER(text, mode="query")]


def index_words(text):
    """(word, position) of `text` as the index analyses it, positions from 1."""
    return [(token.text, token.pos + 1)
            for token in ANALYZER(text, positions=True, mode="index")]


def _values(value):
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple, set)):
        return [v for item in value for v in _values(item)]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return [value.isoformat()]
    return [str(value)]


def _vector(prepared, schema):
    """tsvector text of every searchable field."""
    positions = {}
    for name in schema.analysed:
        text = " ".join(_values(prepared.get(name)))
        for word, position in index_words(text):
            positions.setdefault(schema.lexeme(name, word), []).append(
                min(position, MAX_POSITION))
    for name in schema.exact:
        for value in _values(prepared.get(name)):
            positions.setdefault(schema.lexeme(name, value), [])
    entries = []
    for lexeme, found in positions.items():
        if len(lexeme.encode()) > MAX_LEXEME_BYTES:
            continue  # PostgreSQL refuses such words; to_tsvector skips them too
        entry = quote(lexeme)
        if found:
            entry += ":" + ",".join(str(p) for p in sorted(set(found))[:256])
        entries.append(entry)
    return " ".join(entries)


def _json_value(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [_json_value(v) for v in value]
    return value


def document(prepared, schema):
    """A SearchDocument (unsaved) from what SearchIndex.full_prepare returned."""
    date = prepared.get(schema.date_column) if schema.date_column else None
    if isinstance(date, datetime.datetime):
        date = date.date()
    facets = {
        schema.lexeme(name, value)
        for name in schema.facets for value in _values(prepared.get(name))
    }
    return SearchDocument(
        identifier=prepared[ID],
        django_ct=prepared[DJANGO_CT],
        django_id=str(prepared[DJANGO_ID]),
        date=date,
        fields={k: _json_value(v) for k, v in prepared.items() if k in schema.stored},
        vector=_vector(prepared, schema),
        facet_vector=" ".join(quote(f) for f in sorted(facets)
                              if len(f.encode()) <= MAX_LEXEME_BYTES),
    )


def spelling_words(text):
    """Unstemmed Latin-script words of `text`, for the "did you mean" vocabulary."""
    low, high = SPELLING_WORD
    return {
        token.text for token in WORDS(text or "")
        if low <= len(token.text) <= high and token.text.isascii() and token.text.isalpha()
    }
