"""Keeping the search index in step with the database.

Every change to what a search document shows queues that document's identifier
in `PendingIndexUpdate`, inside the same transaction. After commit, `process_queue`
takes the queue under a machine-wide lock, re-reads each object, and updates or
removes its document. Holding the lock from reading the queue to the index commit
means two processes can never write an older state over a newer one; deleting only
the rows it read means a change committed meanwhile stays queued for the next pass.
"""

import contextvars
import logging
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from haystack import connections
from haystack.utils import get_identifier

from archive.models import PendingIndexUpdate
from archive.pagecache import versions
from archive.search import related
from archive.search.backend import current
from archive.search.errors import IndexLockTimeout, SearchUnavailable

log = logging.getLogger(__name__)

BATCH = 500
# Keys in one IN list, or ranges in one query: SQLite may be built to allow as few
# as 999 parameters a query, and a whole collection queues half a million rows.
KEYS_PER_QUERY = 500
# From this many queued documents, index_interviews rebuilds the index rather than
# updating it: one fresh index in parallel processes beats batch after batch of
# updates, each a commit that rewrites the segments it merges.
REBUILD_FROM = 50_000
REBUILD_SHARE = 0.25
# ...but only from this many: a few documents are quicker updated whatever the share.
REBUILD_SHARE_FROM = 2_000

# True inside deferred_indexing(): changes are queued, not processed at commit.
_deferred = contextvars.ContextVar("deferred_indexing", default=False)


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


@contextmanager
def deferred_indexing():
    """Inside, committed changes stay queued instead of being indexed at each commit:
    an import of thousands of interviews, each its own transaction, would otherwise
    update the index thousands of times. Call index_interviews (or process_queue)
    after it."""
    token = _deferred.set(True)
    try:
        yield
    finally:
        _deferred.reset(token)


def _schedule():
    """One index pass per transaction, however many rows it queued. A callback of
    a rolled-back transaction is dropped from run_on_commit, so look it up there."""
    if _deferred.get():
        return
    connection = transaction.get_connection()
    pending = getattr(connection, "archive_index_callback", None)
    if pending and not pending.done and any(e[1] is pending for e in connection.run_on_commit):
        return
    connection.archive_index_callback = _AfterCommit()
    transaction.on_commit(connection.archive_index_callback)


def queue_interviews(interview_ids, process=True):
    """Queue every answer and question of these interviews (a source or a country
    saved again may stand for thousands of them)."""
    interview_ids = list(interview_ids)
    ids = []
    for start in range(0, len(interview_ids), KEYS_PER_QUERY):
        chunk = interview_ids[start : start + KEYS_PER_QUERY]
        for model_name in ("answer", "question"):
            model = apps.get_model("archive", model_name)
            pks = model.objects.filter(interview_id__in=chunk).values_list("pk", flat=True)
            ids += [f"archive.{model_name}.{pk}" for pk in pks.iterator(chunk_size=5000)]
    queue(ids, process=process, interviews=interview_ids)


def delete_queued(pks):
    """Delete these PendingIndexUpdate rows, whatever their number: by runs of
    consecutive keys (what a rebuild covers is mostly one run), a few hundred runs
    a query, never a list of keys longer than the database takes."""
    runs = []
    for pk in sorted(pks):
        if runs and pk == runs[-1][1] + 1:
            runs[-1][1] = pk
        else:
            runs.append([pk, pk])
    for start in range(0, len(runs), KEYS_PER_QUERY // 2):
        condition = Q()
        for low, high in runs[start : start + KEYS_PER_QUERY // 2]:
            condition |= Q(pk__gte=low, pk__lte=high)
        PendingIndexUpdate.objects.filter(condition).delete()


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
    # Finding similar answers costs a more-like-this query each (about a third of a
    # CPU second at collection scale), in the request that published: a pass finds
    # them for its first answers only; `related_answers --missing` does the rest.
    budget = getattr(settings, "ARCHIVE_RELATED_PER_PASS", 50)
    with index_lock(timeout):
        while batch := list(PendingIndexUpdate.objects.values_list("pk", "identifier")[:BATCH]):
            indexed = apply_identifiers({identifier for _, identifier in batch})
            PendingIndexUpdate.objects.filter(pk__in=[pk for pk, _ in batch]).delete()
            # Searches cached before this pass showed the index without it.
            versions.bump([versions.SEARCH])
            # After the index has them: a new answer's similar answers are found among
            # the documents as they are now, its own interview's included.
            if budget > 0:
                related.store_related(indexed[:budget])
                budget -= len(indexed[:budget])
            done += len(batch)
    return done


def rebuild(timeout=600.0):
    """A fresh index of everything published, swapped in whole; then the changes
    made meanwhile. Returns (documents written, changes processed after)."""
    from archive.search_indexes import sharing_interview_values

    backend = current()
    unified = connections["default"].get_unified_index()
    # Forked rebuild processes inherit the sharing (each its own copy).
    with index_lock(timeout), sharing_interview_values():
        # Everything queued so far is covered: the rebuild reads the database after.
        covered = list(PendingIndexUpdate.objects.values_list("pk", flat=True))
        pairs = [(index, index.index_queryset()) for index in unified.get_indexes().values()]
        count = backend.rebuild(pairs)
        delete_queued(covered)
        # Searches cached from the old index are not asked for again.
        versions.bump([versions.SEARCH])
    return count, process_queue(timeout=timeout)


def index_interviews(interview_ids, timeout=600.0):
    """Bring the search documents of these interviews (and whatever else is queued)
    up to date: how an import ends. A few interviews are updated in place; when
    the queue holds more than REBUILD_FROM documents, or more than REBUILD_SHARE of
    all statements, the whole index is rebuilt instead, which is then faster.
    Returns ("updated", queued changes processed) or ("rebuilt", documents written)."""
    queue_interviews(interview_ids, process=False)
    return index_queued(timeout=timeout)


def index_queued(timeout=600.0, rebuild_anyway=False):
    """Process the queue, or rebuild the whole index when that is faster: when the
    queue holds more than REBUILD_FROM documents or (past REBUILD_SHARE_FROM)
    REBUILD_SHARE of all statements
    (or `rebuild_anyway`: an import into an empty index). Returns as index_interviews."""
    # The saves queued most of them already: count each document once.
    queued = PendingIndexUpdate.objects.values("identifier").distinct().count()
    large = queued >= REBUILD_FROM or (
        queued >= REBUILD_SHARE_FROM and queued > REBUILD_SHARE * _statement_count())
    if rebuild_anyway or large:
        count, later = rebuild(timeout)
        return "rebuilt", count + later
    return "updated", process_queue(timeout=timeout)


def _statement_count():
    """Statements in the database: what the index holds, near enough, once
    the queue is processed."""
    return sum(apps.get_model("archive", name).objects.count() for name in ("answer", "question"))


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
