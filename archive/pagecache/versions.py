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
    for model, pks in ((Answer, answer_ids), (Question, question_ids)):
        for chunk in _chunks(pks):
            interviews.update(model.objects.filter(pk__in=chunk)
                              .values_list("interview_id", flat=True))
    for chunk in _chunks(interviews):
        interviews = interviews | set(
            RelatedAnswer.objects.filter(related__interview_id__in=chunk)
            .values_list("answer__interview_id", flat=True).distinct())
    scopes = [SITE, *(interview_scope(pk) for pk in interviews)]
    for chunk in _chunks(scopes):
        bump(chunk)


def _chunks(items, size=500):
    """Lists of at most `size`: SQLite may allow as few as 999 parameters a query,
    and an import changes thousands of interviews at once."""
    items = sorted(items, key=str)
    return [items[start:start + size] for start in range(0, len(items), size)]
