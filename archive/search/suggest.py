""""Did you mean …": offered only when the corrected spelling finds more."""

from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from archive.search import values
from archive.search.backend import current
from archive.search.query import parse_query, plain_words, respell

# With no hits at all a search may be a typo worth correcting; spelling costs
# a scan of the vocabulary, so searches that found something are left alone.
FEW_HITS = 1


def did_you_mean(form, hits):
    """The query to offer instead, or None: unknown field values replaced by the
    nearest names, else misspelt words respelt (field filters kept as typed)."""
    if form.parsed.corrected:
        return form.parsed.corrected
    words = " ".join(form.parsed.words)
    if hits >= FEW_HITS or not words:
        return None
    # SearchQuerySet.spelling_suggestion() runs a match-all search to get there,
    # which on a large index costs more than the search itself.
    suggestion = current().create_spelling_suggestion(words)
    if not suggestion or suggestion.casefold() == words.casefold():
        return None
    raw = form.cleaned_data.get("q", "")
    spelled = plain_words(suggestion)
    if len(spelled) == len(form.parsed.words):
        suggestion = respell(raw, spelled)
    text = parse_query(suggestion, values.typed).text
    if not text or SearchQuerySet().filter(content=Raw(f"({text})")).count() <= hits:
        return None
    return suggestion
