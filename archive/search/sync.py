"""Keeping the search index in step with the database.

Every change to what a search document shows queues that document's identifier
in `PendingIndexUpdate`, inside the same transaction. After commit, `process_queue`
takes the queue under a machine-wide lock, re-reads each object, and updates or
removes its document. Holding the lock from reading the queue to the index commit
means two processes can never write an older state over a newer one; deleting only
the rows it read means a change committed meanwhile stays queued for the next pass.
"""

import logging

from django.apps import apps
from django.conf import settings
from django.db import transaction
from haystack import connections
from haystack.utils import get_identifier

from archive.models import PendingIndexUpdate
from archive.pagecache import versions
from archive.search import related
from archive.search.backend import current
from archive.search.errors import IndexLockTimeout, SearchUnavailable

log = logging.getLogger(__name__)

BATCH = 500


def index_lock(timeout):
    """The index writers' lock, the backend's own: PostgreSQL's advisory lock is seen
    by every machine, Whoosh's file lock by the processes of one."""
    return current().lock(timeout)


def queue(identifiers, process=True, interviews=None):
    """Mark documents as changed and (unless `process` is false) bring them up to
    date once the transaction commits. The pages showing them get new content
    versions in this same transaction (`interviews`: theirs, when the caller knows)."""
    identifiers = list(identifiers)
    if interviews is not None:
        versions.statements_changed(interview_ids=interviews)
    elif identifiers:
        versions.statements_changed(answer_ids=_pks(identifiers, "archive.answer."),
                                    question_ids=_pks(identifiers, "archive.question."))
    rows = [PendingIndexUpdate(identifier=i) for i in identifiers]
    if not rows:
        return
    PendingIndexUpdate.objects.bulk_create(rows)
    if process:
        _schedule()


def _pks(identifiers, prefix):
    return [int(i[len(prefix):]) for i in identifiers if i.startswith(prefix)]


class _AfterCommit:
    done = False

    def __call__(self):
        self.done = True
        _process_after_commit()


def _schedule():
    """One index pass per transaction, however many rows it queued. A callback of
    a rolled-back transaction is dropped from run_on_commit, so look it up there."""
    connection = transaction.get_connection()
    pending = getattr(connection, "archive_index_callback", None)
    if pending and not pending.done and any(e[1] is pending for e in connection.run_on_commit):
        return
    connection.archive_index_callback = _AfterCommit()
    transaction.on_commit(connection.archive_index_callback)


def queue_interviews(interview_ids):
    """Queue every answer and question of these interviews."""
    Answer = apps.get_model("archive", "Answer")
    Question = apps.get_model("archive", "Question")
    ids = [
        f"archive.answer.{pk}"
        for pk in Answer.objects.filter(interview_id__in=interview_ids).values_list("pk", flat=True)
    ] + [
        f"archive.question.{pk}"
        for pk in Question.objects.filter(interview_id__in=interview_ids).values_list(
            "pk", flat=True
        )
    ]
    queue(ids, interviews=interview_ids)


def _process_after_commit():
    try:
        process_queue(timeout=getattr(settings, "ARCHIVE_SEARCH_SYNC_WAIT", 10.0))
    except IndexLockTimeout:
        # The process holding the lock drains the queue before it lets go, so these
        # rows are picked up there (or by sync_index); nothing is lost, but say so.
        log.warning("Search index busy; the change stays queued for the current writer.")
    except SearchUnavailable as exc:
        # Missing or damaged: `rebuild_index` reads the database afresh and clears
        # the queue. The change is committed and stays queued; the edit must not fail.
        log.error("Search index unavailable (%s); the change stays queued until "
                  "rebuild_index runs.", exc)


def process_queue(timeout=60.0):
    """Bring every queued document up to date. Returns how many were processed."""
    done = 0
    with index_lock(timeout):
        while batch := list(PendingIndexUpdate.objects.values_list("pk", "identifier")[:BATCH]):
            indexed = apply_identifiers({identifier for _, identifier in batch})
            PendingIndexUpdate.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
            # Searches cached before this pass showed the index without it.
            versions.bump([versions.SEARCH])
            # After the index has them: a new answer's similar answers are found among
            # the documents as they are now, its own interview's included.
            related.store_related(indexed)
            done += len(batch)
    return done


def apply_identifiers(identifiers):
    """Update each identified document from the database, or remove it if the
    object is gone or no longer published. Returns the answers now indexed."""
    unified = connections["default"].get_unified_index()
    backend = current()
    by_model, indexed = {}, []
    for identifier in identifiers:
        app_label, model_name, pk = identifier.split(".")
        by_model.setdefault(apps.get_model(app_label, model_name), set()).add(pk)
    for model, pks in by_model.items():
        index = unified.get_index(model)
        found_objects = list(index.index_queryset().filter(pk__in=pks))
        found = {get_identifier(obj) for obj in found_objects}
        gone = [f"{model._meta.label_lower}.{pk}" for pk in pks]
        gone = [identifier for identifier in gone if identifier not in found]
        backend.apply(index, found_objects, gone)
        if model._meta.label_lower == "archive.answer":
            indexed += found_objects
            related.forget_related([int(identifier.rsplit(".", 1)[1]) for identifier in gone])
    return indexed
