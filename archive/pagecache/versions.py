"""Bumping and reading content versions (archive.pagecache.models.ContentVersion)."""

from django.db.models import F
from django.utils import timezone

from archive.pagecache.models import ContentVersion

SITE = "site"
SEARCH = "search"


def interview_scope(pk):
    return f"interview:{pk}"


def bump(scopes):
    """One more version of each scope; in the caller's transaction, so that the new
    versions are seen exactly when the change they stand for is."""
    scopes = sorted(set(scopes))  # one order for every writer: no deadlock between two
    if not scopes:
        return
    now = timezone.now()
    ContentVersion.objects.bulk_create(
        [ContentVersion(scope=scope, version=0, changed_at=now) for scope in scopes],
        ignore_conflicts=True,
    )
    ContentVersion.objects.filter(scope__in=scopes).update(version=F("version") + 1,
                                                           changed_at=now)


def current(scopes):
    """{scope: (version, changed_at)}; a scope never bumped is (0, None)."""
    found = {row.scope: (row.version, row.changed_at)
             for row in ContentVersion.objects.filter(scope__in=scopes)}
    return {scope: found.get(scope, (0, None)) for scope in scopes}


def statements_changed(answer_ids=(), question_ids=(), interview_ids=()):
    """Bump what shows these statements: the site's listings, their interviews, and
    the interviews whose answer pages list one of these answers as said elsewhere."""
    from archive.models import Answer, Question, RelatedAnswer

    interviews = set(interview_ids)
    if answer_ids:
        interviews.update(Answer.objects.filter(pk__in=answer_ids)
                          .values_list("interview_id", flat=True))
    if question_ids:
        interviews.update(Question.objects.filter(pk__in=question_ids)
                          .values_list("interview_id", flat=True))
    if interviews:
        interviews.update(RelatedAnswer.objects.filter(related__interview_id__in=interviews)
                          .values_list("answer__interview_id", flat=True).distinct())
    bump([SITE, *(interview_scope(pk) for pk in interviews)])
