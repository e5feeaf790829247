"""Answers that say something similar to a given answer, from other interviews."""

from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from archive.search.errors import SearchUnavailable
from archive.search.results import Hit


def related_answers(answer, limit=5):
    """Up to `limit` hits like `answer`, none from its own interview. Empty when the
    search index is unavailable: a related list is never worth an error page."""
    try:
        sqs = SearchQuerySet().more_like_this(answer).filter(type=Exact("answer"))
        candidates = list(sqs[: limit * 4])
    except (OSError, ValueError, SearchUnavailable):
        return []
    hits = [Hit.from_result(r) for r in candidates if r.interview_slug != answer.interview.slug]
    return hits[:limit]
