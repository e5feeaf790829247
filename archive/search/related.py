"""Answers that say something similar to a given answer, from other interviews."""

from django.core.cache import cache
from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from archive.search.errors import SearchUnavailable
from archive.search.results import Hit

RELATED_TTL = 6 * 60 * 60


def related_answers(answer, limit=5):
    """Up to `limit` hits like `answer`, none from its own interview, kept in the
    cache for a few hours: finding them scores much of the index, and a list of
    similar statements need not be to the minute. Empty when the search index is
    unavailable: a related list is never worth an error page."""
    key = f"archive:related:v2:{answer.pk}:{limit}"  # v2: hits with ISO dates
    hits = cache.get(key)
    if hits is None:
        hits = _find_related(answer, limit)
        cache.set(key, hits, RELATED_TTL)
    return hits


def _find_related(answer, limit):
    try:
        sqs = SearchQuerySet().more_like_this(answer).filter(type=Exact("answer"))
        candidates = list(sqs[: limit * 4])
    except (OSError, ValueError, SearchUnavailable):
        return []
    hits = [Hit.from_result(r) for r in candidates if r.interview_slug != answer.interview.slug]
    return hits[:limit]
