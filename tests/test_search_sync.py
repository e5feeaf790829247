"""The index follows the database: publish, edit, unpublish, delete, rebuild, repair,
and two processes writing at once."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from haystack.query import SearchQuerySet

from archive.models import PendingIndexUpdate
from archive.search.drift import compare_index
from tests.factories import make_exchange, make_interview, make_speaker
from tests.processes import database_url

ROOT = Path(__file__).resolve().parents[1]


def found(word):
    return [r.text for r in SearchQuerySet().filter(content=word)]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run after-commit work (the index update) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.mark.django_db
def test_publishing_makes_answers_and_questions_searchable(search_index, on_commit):
    with on_commit():
        interview = make_interview(published=False)
        make_exchange(interview, question="Where is Freetown?", answer="Sierra Leone welcomes.")
    assert found("Freetown") == [] and found("welcomes") == []
    with on_commit():
        interview.status = "published"
        interview.save()
    assert found("Freetown") == ["Where is Freetown?"]
    assert found("welcomes") == ["Sierra Leone welcomes."]
    assert PendingIndexUpdate.objects.count() == 0


@pytest.mark.django_db
def test_unpublishing_hides_them_again(search_index, on_commit):
    with on_commit():
        interview = make_interview()
        make_exchange(interview, answer="Retracted remarks.")
    assert found("retracted")
    with on_commit():
        interview.status = "draft"
        interview.save()
    assert found("retracted") == []


@pytest.mark.django_db
def test_editing_an_answer_replaces_its_old_text(search_index, on_commit):
    with on_commit():
        _, answer = make_exchange(make_interview(), answer="Original wording.")
    with on_commit():
        answer.text = "Corrected wording."
        answer.save()
    assert found("original") == []
    assert found("corrected") == ["Corrected wording."]


@pytest.mark.django_db
def test_renaming_a_speaker_updates_their_answers(search_index, on_commit):
    with on_commit():
        speaker = make_speaker("Zhao Lijian")
        make_exchange(make_interview(), answer="No comment.", speaker=speaker)
    with on_commit():
        speaker.name, speaker.aliases = "Zhao Lijian", ["赵立坚"]
        speaker.save()
    assert [r.text for r in SearchQuerySet().filter(speaker="赵立坚")] == ["No comment."]


@pytest.mark.django_db
def test_deleting_an_interview_removes_its_documents(search_index, on_commit):
    with on_commit():
        interview = make_interview()
        make_exchange(interview, question="Deleted question?", answer="Deleted answer.")
    with on_commit():
        interview.delete()
    assert found("deleted") == []
    assert compare_index().clean


@pytest.mark.django_db
def test_a_rolled_back_change_never_reaches_the_index(search_index, on_commit):
    from django.db import transaction

    with on_commit():
        _, answer = make_exchange(make_interview(), answer="Stable text.")
    with pytest.raises(RuntimeError), transaction.atomic():
        answer.text = "Abandoned text."
        answer.save()
        raise RuntimeError("editor cancelled")
    assert found("abandoned") == [] and found("stable") == ["Stable text."]


@pytest.mark.django_db
def test_rebuild_index_reproduces_the_index_exactly(search_index, on_commit):
    with on_commit():
        for n in range(3):
            make_exchange(make_interview(), answer=f"Answer number{n}.")
        make_exchange(make_interview(published=False), answer="Draft answer.")
    before = sorted(search_index.document_ids())
    out = io.StringIO()
    call_command("rebuild_index", "--noinput", stdout=out)
    assert "Indexed 6 documents" in out.getvalue()
    assert sorted(search_index.document_ids()) == before
    assert found("number1") == ["Answer number1."] and found("draft") == []


@pytest.mark.django_db
def test_check_index_finds_and_repairs_drift(search_index, on_commit):
    with on_commit():
        _, kept = make_exchange(make_interview(), answer="Kept answer.")
        _, lost = make_exchange(make_interview(), answer="Lost answer.")
    search_index.remove(kept)  # as if a write had been lost
    search_index.update(search_index_for(lost), [lost])
    out = io.StringIO()
    with pytest.raises(Exception, match="drifted"):
        call_command("check_index", stdout=out)
    assert "1 missing, 0 extra" in out.getvalue()
    call_command("check_index", "--repair", stdout=io.StringIO())
    assert found("kept") == ["Kept answer."]
    assert compare_index().clean


@pytest.mark.django_db
def test_check_index_deep_finds_a_stale_document(search_index, on_commit):
    with on_commit():
        _, answer = make_exchange(make_interview(), answer="Current wording.")
    index = search_index_for(answer)
    answer.text = "Outdated wording."
    search_index.update(index, [answer])  # the index now holds a version the database lacks
    answer.refresh_from_db()
    assert compare_index().clean  # ids alone cannot see it
    drift = compare_index(deep=True)
    assert drift.stale == {f"archive.answer.{answer.pk}"}
    call_command("check_index", "--deep", "--repair", stdout=io.StringIO())
    assert found("outdated") == [] and found("current") == ["Current wording."]
    assert compare_index(deep=True).clean


def search_index_for(obj):
    from haystack import connections

    return connections["default"].get_unified_index().get_index(type(obj))


@pytest.mark.django_db
def test_queued_updates_survive_a_crash_and_sync_index_applies_them(search_index):
    # No on_commit run here: as if the process died between commit and index write.
    _, answer = make_exchange(make_interview(), answer="Survivor text.")
    assert PendingIndexUpdate.objects.exists() and found("survivor") == []
    call_command("sync_index", stdout=io.StringIO())
    assert found("survivor") == ["Survivor text."]
    assert not PendingIndexUpdate.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_two_processes_writing_at_once_lose_nothing(search_index):
    interviews = []
    for n in range(12):
        interview = make_interview(f"Concurrent {n}")
        make_exchange(interview, answer="initial statement")
        interviews.append(interview.slug)
    from archive.search.sync import process_queue

    process_queue()
    env = {**os.environ, "DATABASE_URL": database_url(),
           "ARCHIVE_TEST_TMP_DIR": settings.TEST_TMP_DIR, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.index_writer", "25", *interviews[half::2]],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for half in (0, 1)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-3000:]
        assert "LockError" not in err
    drift = compare_index()
    assert drift.clean, drift
    # Each worker ends with the even positions of its sorted share published.
    expected = {
        slug: position % 2 == 0
        for share in (interviews[0::2], interviews[1::2])
        for position, slug in enumerate(sorted(share))
    }
    for slug, published in expected.items():
        final = f"{slug.replace('-', '')} final"
        assert SearchQuerySet().filter(content=final).count() == int(published), slug


@pytest.mark.django_db
def test_indexing_reads_a_fixed_number_of_queries_whatever_the_size(django_assert_num_queries):
    from haystack import connections

    speaker = make_speaker("Wang Yi")
    for n in range(30):
        make_exchange(make_interview(), answer=f"Answer {n}.", speaker=speaker)
    indexes = connections["default"].get_unified_index().get_indexes().values()
    # per index: the rows, their interviews, their countries and topics; for answers
    # also their questions' countries and topics (the questions come with the rows)
    with django_assert_num_queries(10):
        prepared = [
            index.full_prepare(obj)
            for index in indexes
            for obj in index.index_queryset().iterator(chunk_size=2000)
        ]
    assert len(prepared) == 60


@pytest.mark.accel
@pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)  # Whoosh's segments
@pytest.mark.django_db
def test_check_index_tells_of_segments_searched_the_slow_way(search_index, on_commit):
    with on_commit():
        make_exchange(make_interview(), answer="Indexed answer.")
    out = io.StringIO()
    call_command("check_index", stdout=out)
    assert "postings file" not in out.getvalue()
    for name in os.listdir(search_index.path):  # as an index written before them would be
        if name.endswith(".postings"):
            os.remove(os.path.join(search_index.path, name))
    call_command("check_index", stdout=out)
    assert "holding 2 document(s) have no postings file" in out.getvalue(), out.getvalue()
    assert found("indexed") == ["Indexed answer."]  # slower, not wrong
    call_command("rebuild_index", "--noinput", stdout=io.StringIO())
    out = io.StringIO()
    call_command("check_index", stdout=out)
    assert "postings file" not in out.getvalue()
