"""A full rebuild of the Whoosh index, written by several processes at once."""

import datetime
import os

import pytest
from haystack import connections
from whoosh.filedb.filestore import FileStorage

from archive.search import bulk
from archive.search.whoosh_backend import ArchiveWhooshBackend
from tests.factories import make_country, make_exchange, make_interview, make_speaker, make_topic

WHOOSH = pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)


def make_archive(interviews=12):
    speaker = make_speaker("Wang Yi", slug="wang-yi", aliases=["王毅"])
    russia, climate = make_country("RU", "Russia"), make_topic("Climate change")
    for n in range(interviews):
        interview = make_interview(f"Briefing {n}", date=datetime.date(2010 + n, 5, 1))
        interview.countries.add(russia)
        interview.topics.add(climate)
        for turn in range(5):
            make_exchange(interview, question=f"Question {n}-{turn} about negotiations?",
                          answer=f"Multilateralism and solidarity, answer {n}-{turn}.",
                          speaker=speaker)
    chinese = make_interview("外交部发言人例行记者会", language="zh")
    make_exchange(chinese, question="中方有何评论？", answer="外交部的立场十分清楚。",
                  speaker=speaker)


@pytest.fixture
def tmp_path(tmp_path):
    for name in ("alone", "together", "everyday", "bulk", "ix"):
        (tmp_path / name).mkdir()
    return tmp_path


def pairs():
    indexes = connections["default"].get_unified_index().get_indexes().values()
    return [(index, index.index_queryset()) for index in indexes]


def contents(path):
    """Every stored document, every indexed term and every spelling word of an index."""
    index = FileStorage(str(path)).open_index()
    with index.searcher() as searcher:
        reader = searcher.reader()
        documents = sorted(map(sorted, (fields.items() for fields in
                                       searcher.all_stored_fields())))
        terms = {(field, text) for field, text in reader.all_terms()}
        segments = len(index._segments())
    return documents, terms, segments


@pytest.mark.slow
@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_processes_write_the_same_index_one_process_writes(search_index, tmp_path, monkeypatch):
    make_archive()
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 0)
    alone, together = tmp_path / "alone", tmp_path / "together"
    assert bulk.write_index(alone, search_index.schema, search_index, pairs(), procs=1) == 122
    assert bulk.write_index(together, search_index.schema, search_index, pairs(), procs=2) == 122

    documents, terms, segments = contents(alone)
    assert segments == 1
    assert contents(together) == (documents, terms, 2)
    # The spelling words ("did you mean") are there, unstemmed, though each process
    # noted them instead of posting them for every document.
    assert ("spell_text", b"negotiations") in terms and ("text", b"negoti") in terms


@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_the_bulk_writer_indexes_as_the_everyday_writer_does(search_index, tmp_path):
    make_archive(interviews=2)
    everyday = ArchiveWhooshBackend("default", **{
        **connections.connections_info["default"], "PATH": str(tmp_path / "everyday")})
    bulk.write_index(tmp_path / "everyday", search_index.schema, search_index, [], procs=1)
    everyday.setup()
    for index, objects in pairs():
        everyday.apply(index, list(objects), [])
    bulk.write_index(tmp_path / "bulk", search_index.schema, search_index, pairs(), procs=1)

    assert contents(tmp_path / "bulk")[:2] == contents(tmp_path / "everyday")[:2]


@WHOOSH
@pytest.mark.django_db
def test_inside_a_transaction_the_rows_are_written_by_this_process(search_index, tmp_path,
                                                                   monkeypatch):
    # Other processes could not see rows this transaction has not committed.
    make_archive(interviews=3)
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 0)
    assert bulk.write_index(tmp_path / "ix", search_index.schema, search_index, pairs(),
                            procs=2) == 32
    assert contents(tmp_path / "ix")[2] == 1


@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_a_process_that_fails_fails_the_rebuild_and_the_old_index_stays(search_index,
                                                                        monkeypatch):
    make_archive(interviews=3)
    search_index.rebuild(pairs())
    before = search_index.document_ids()
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 0)
    monkeypatch.setattr("archive.search.whoosh_backend.REBUILD_PROCS", 2)
    original = ArchiveWhooshBackend.prepare_document

    def failing(self, index, obj):
        if obj.text.endswith("answer 2-4."):
            raise RuntimeError("unreadable row")
        return original(self, index, obj)

    monkeypatch.setattr(ArchiveWhooshBackend, "prepare_document", failing)
    with pytest.raises(RuntimeError, match="unreadable row"):
        search_index.rebuild(pairs())

    assert search_index.document_ids() == before
    parent = os.path.dirname(search_index.path.rstrip(os.sep))
    assert [name for name in os.listdir(parent) if ".rebuild-" in name] == []


@pytest.mark.slow
@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_postings_sorted_through_temporary_files_make_the_same_index(search_index, tmp_path,
                                                                     settings):
    make_archive()
    bulk.write_index(tmp_path / "alone", search_index.schema, search_index, pairs(), procs=1)
    settings.ARCHIVE_REBUILD_POOL_MB = 0.2  # far less than 120 documents' postings
    bulk.write_index(tmp_path / "ix", search_index.schema, search_index, pairs(), procs=1)
    assert contents(tmp_path / "ix") == contents(tmp_path / "alone")


@pytest.mark.slow
@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_an_empty_kind_of_document_is_no_obstacle_to_processes(search_index, tmp_path,
                                                               monkeypatch):
    from archive.models import Question

    make_archive()
    monkeypatch.setattr(bulk, "PARALLEL_FROM", 0)
    answers_only = [(index, objects if objects.model is not Question else objects.none())
                    for index, objects in pairs()]
    assert bulk.write_index(tmp_path / "ix", search_index.schema, search_index, answers_only,
                            procs=2) == 61
    assert contents(tmp_path / "ix")[2] == 2


@WHOOSH
@pytest.mark.django_db
def test_clearing_the_index_waits_for_the_index_lock_and_leaves_an_empty_index(search_index,
                                                                              client):
    from django.core.management import call_command

    from archive.search.sync import IndexLockTimeout, index_lock, process_queue

    make_archive(interviews=1)
    process_queue()
    search_index.lock_timeout = 0.2
    with index_lock(5), pytest.raises(IndexLockTimeout):  # a writer is midway
        call_command("clear_index", "--noinput", verbosity=0)
    assert search_index.document_ids()
    call_command("clear_index", "--noinput", verbosity=0)
    assert search_index.document_ids() == set()
    assert client.get("/search/", {"q": "solidarity"}).status_code == 200
