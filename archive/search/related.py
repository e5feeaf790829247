"""Answers that say something similar to a given answer, from other interviews.

Found once, when the answer is indexed (archive.search.sync.process_queue), and kept in
`RelatedAnswer`: a more-like-this query scores much of the index (seconds per answer
page at 100,000 answers under load), and an answer's similar statements change only
when the archive does. `manage.py related_answers` fills the table for an archive
indexed in bulk (rebuild_index)."""

import logging

from haystack.inputs import Exact
from haystack.query import SearchQuerySet

from archive.pagecache import versions
from archive.search.errors import SearchUnavailable

LIMIT = 5
log = logging.getLogger(__name__)


def related_answers(answer, limit=LIMIT):
    """The stored similar answers of `answer` that readers may see, most similar first."""
    from archive.models import Answer

    return list(
        Answer.objects.published()
        .filter(related_to_rows__answer=answer)
        .select_related("interview", "speaker")
        .order_by("related_to_rows__rank")[:limit]
    )


def store_related(answers, limit=LIMIT):
    """Find and keep the similar answers of each of `answers` (already indexed). An
    unavailable index leaves the lists as they were: a related list is never worth
    failing an edit for."""
    from archive.models import Answer, RelatedAnswer

    found = {}
    for answer in answers:
        try:
            found[answer.pk] = find_related(answer, limit)
        except SearchUnavailable as exc:
            log.warning("Similar answers not updated (%s)", exc)
            return 0
    # An index a step behind the database (a document not yet removed) may name an
    # answer that is gone: only rows for answers that exist.
    named = {related for rows in found.values() for related, _ in rows}
    existing = set(Answer.objects.filter(pk__in=named).values_list("pk", flat=True))
    found = {pk: [row for row in rows if row[0] in existing] for pk, rows in found.items()}
    RelatedAnswer.objects.filter(answer_id__in=found).delete()
    RelatedAnswer.objects.bulk_create([
        RelatedAnswer(answer_id=pk, related_id=related, rank=rank, score=score)
        for pk, rows in found.items() for rank, (related, score) in enumerate(rows, 1)
    ])
    # Their answer pages show the new lists from now on.
    interviews = {answer.interview_id for answer in answers}
    versions.bump(versions.interview_scope(pk) for pk in interviews)
    return len(found)


def forget_related(answer_ids):
    """Drop the lists of answers no longer indexed, and their places in other lists
    (the pages listing them have new versions since the change that removed them)."""
    from django.db.models import Q

    from archive.models import RelatedAnswer

    if answer_ids:
        RelatedAnswer.objects.filter(Q(answer_id__in=answer_ids)
                                     | Q(related_id__in=answer_ids)).delete()


def find_related(answer, limit=LIMIT):
    """[(answer pk, score)] of up to `limit` answers like `answer` in other interviews."""
    try:
        sqs = SearchQuerySet().more_like_this(answer).filter(type=Exact("answer"))
        candidates = list(sqs[: limit * 4])
    except (OSError, ValueError) as exc:
        raise SearchUnavailable(str(exc)) from exc
    own = answer.interview.slug
    return [(int(r.pk), r.score or 0.0) for r in candidates if r.interview_slug != own][:limit]
