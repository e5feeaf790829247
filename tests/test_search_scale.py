"""The index at a whole collection's scale: a rebuild and the queue handle more rows
than the database takes parameters in one query, an import defers indexing to its
end, and a small import then updates the index where a large one rebuilds it."""

import sqlite3

import pytest
from django.db import connection
from haystack.query import SearchQuerySet

from archive.models import PendingIndexUpdate
from archive.search import sync
from tests.factories import make_archive, make_exchange, make_interview

# Some SQLite builds take no more than this many parameters in one statement.
OLD_SQLITE_LIMIT = 999


@pytest.fixture
def few_parameters():
    """SQLite limited to 999 parameters a statement, as some builds are (others take
    32,766 or 250,000: a whole collection's queue outgrows those too)."""
    if connection.vendor != "sqlite":
        yield None
        return
    connection.ensure_connection()
    raw = connection.connection
    before = raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, OLD_SQLITE_LIMIT)
    yield OLD_SQLITE_LIMIT
    raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, before)


def found(word):
    return sorted(r.text for r in SearchQuerySet().filter(content=word))


def queue_many(n):
    PendingIndexUpdate.objects.bulk_create(
        [PendingIndexUpdate(identifier=f"archive.answer.{10**6 + i}") for i in range(n)]
    )


@pytest.mark.django_db
def test_a_rebuild_clears_a_queue_longer_than_a_query_takes_parameters(
    search_index, few_parameters
):
    make_exchange(make_interview(), answer="Passages by the thousand.")
    queue_many(1500)
    count, later = sync.rebuild()
    assert count == 2 and later == 0  # the question and the answer
    assert PendingIndexUpdate.objects.count() == 0
    assert found("thousand") == ["Passages by the thousand."]


@pytest.mark.django_db
def test_deleting_queued_rows_takes_exactly_those_given():
    queue_many(1200)
    pks = sorted(PendingIndexUpdate.objects.values_list("pk", flat=True))
    kept = set(pks[::7])  # gaps: many runs of keys, not one range
    sync.delete_queued([pk for pk in pks if pk not in kept])
    assert set(PendingIndexUpdate.objects.values_list("pk", flat=True)) == kept


@pytest.mark.django_db
def test_queueing_thousands_of_interviews_at_once(few_parameters):
    interview = make_interview()
    question, answer = make_exchange(interview)
    PendingIndexUpdate.objects.all().delete()
    sync.queue_interviews([*range(10**6, 10**6 + 1500), interview.pk], process=False)
    assert sorted(PendingIndexUpdate.objects.values_list("identifier", flat=True)) == [
        f"archive.answer.{answer.pk}", f"archive.question.{question.pk}"]


@pytest.mark.django_db(transaction=True)
def test_an_import_indexes_at_its_end_and_a_small_one_updates_in_place(search_index):
    make_archive(interviews=10, exchanges=2)  # 40 statements
    make_exchange(make_interview(title="Before"), answer="Already indexed words.")
    sync.rebuild()
    index_files_before = _whoosh_generation(search_index)
    with sync.deferred_indexing():
        new = [make_interview(title=f"Import {i}") for i in range(3)]
        for interview in new:
            make_exchange(interview, answer=f"Imported passage number{len(new)}.")
    assert found("imported") == []  # committed, queued, not yet indexed
    assert PendingIndexUpdate.objects.exists()
    assert sync.index_interviews([i.pk for i in new])[0] == "updated"
    assert len(found("imported")) == 3 and found("already") == ["Already indexed words."]
    assert PendingIndexUpdate.objects.count() == 0
    if index_files_before is not None:  # Whoosh: the same index, commits later (a
        # rebuild would start a new one at the first generation)
        assert _whoosh_generation(search_index) > index_files_before


@pytest.mark.django_db(transaction=True)
def test_an_import_larger_than_a_share_of_the_archive_rebuilds(search_index, monkeypatch):
    monkeypatch.setattr(sync, "REBUILD_SHARE_FROM", 0)  # the share alone decides
    make_exchange(make_interview(title="Before"), answer="Already indexed words.")
    sync.rebuild()
    with sync.deferred_indexing():
        new = [make_interview(title=f"Import {i}") for i in range(3)]
        for interview in new:
            make_exchange(interview, answer="Imported passage.")
    # 6 new documents of 8: a rebuild, which writes all 8.
    assert sync.index_interviews([i.pk for i in new]) == ("rebuilt", 8)
    assert len(found("imported")) == 3 and found("already") == ["Already indexed words."]
    assert PendingIndexUpdate.objects.count() == 0


def _whoosh_generation(backend):
    index = getattr(backend, "index", None)
    if index is None:
        return None
    return index.refresh().latest_generation()
