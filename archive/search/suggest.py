""""Did you mean …": offered only when the corrected spelling finds more."""

from haystack.inputs import Raw
from haystack.query import SearchQuerySet

from archive.search.backend import current

# With no hits at all a search may be a typo worth correcting; spelling costs
# a scan of the vocabulary, so searches that found something are left alone.
FEW_HITS = 1


def did_you_mean(form, hits):
    words = " ".join(form.parsed.words)
    if hits >= FEW_HITS or not words:
        return None
    # SearchQuerySet.spelling_suggestion() runs a match-all search to get there,
    # which on a large index costs more than the search itself.
    suggestion = current().create_spelling_suggestion(words)
    if not suggestion or suggestion.casefold() == words.casefold():
        return None
    if SearchQuerySet().filter(content=Raw(f"({suggestion})")).count() <= hits:
        return None
    return suggestion
