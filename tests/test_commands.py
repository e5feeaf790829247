"""The command-line tools: parse without touching the database, import atomically."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Answer, Interview, Question

DATA = Path(__file__).parent / "data"
XINHUA = Path(__file__).parents[1] / "fixtures/transcripts/xinhua-wang-yi-interview-2020-09-16.txt"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def row_counts():
    return Interview.objects.count(), Question.objects.count(), Answer.objects.count()


def test_parse_transcript_json_prints_exactly_the_golden_object():
    printed = run("parse_transcript", str(XINHUA), "--json")
    assert json.loads(printed) == json.loads((DATA / f"{XINHUA.stem}.json").read_text())


def test_parse_transcript_summarises_for_people():
    printed = run("parse_transcript", str(XINHUA))
    assert "Exchanges: 6" in printed
    assert "Questions: 6 (of 12 turns)" in printed
    assert "Wang Yi (State Councilor and Foreign Minister)" in printed
    assert "Warning:   The year is missing" in printed


def test_parse_transcript_marks_procedural_turns(tmp_path):
    path = tmp_path / "gaggle.txt"
    path.write_text("Press Gaggle by Press Secretary Dana Reyes\n\nQ Is he going?\n\n"
                    "MS. REYES: Yes.\n\nQ Thank you.\n\nMS. REYES: Thanks, everybody.\n")
    printed = run("parse_transcript", str(path))
    assert "Questions: 1 (of 4 turns)" in printed
    assert "       A (Ms. Reyes): Yes." in printed
    assert "       - (Reporter): Thank you." in printed


def test_parse_transcript_touches_no_database():
    # No django_db mark: pytest-django fails any query made here.
    assert json.loads(run("parse_transcript", str(XINHUA), "--json"))["exchanges"]


def test_parse_transcript_refuses_binary_with_a_clear_message(tmp_path):
    image = tmp_path / "photo.txt"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    with pytest.raises(CommandError, match="PNG image"):
        run("parse_transcript", str(image))
    with pytest.raises(CommandError, match="No such file"):
        run("parse_transcript", str(tmp_path / "missing.txt"))


@pytest.mark.django_db
def test_import_publishes_with_the_supplied_date_and_source():
    printed = run("import_transcripts", str(XINHUA), "--publish", "--date", "2020-09-16",
                  "--source", "Xinhua News Agency")
    assert "1 imported, 0 duplicate(s) skipped, 0 failed" in printed
    interview = Interview.objects.get()
    assert interview.is_published and str(interview.date) == "2020-09-16"
    assert interview.source.name == "Xinhua News Agency"
    assert row_counts() == (1, 6, 6)
    assert "37 million Afghan people" in interview.answers.get(position=6).text
    assert interview.raw_text == XINHUA.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_nothing_new():
    run("import_transcripts", str(XINHUA), "--date", "2020-09-16")
    printed = run("import_transcripts", str(XINHUA), "--date", "2020-09-16")
    assert "0 imported, 1 duplicate(s) skipped, 0 failed" in printed
    assert row_counts() == (1, 6, 6)


@pytest.mark.django_db
def test_publishing_without_a_year_keeps_a_draft_and_says_why():
    printed = run("import_transcripts", str(XINHUA), "--publish")
    assert "left a draft, not published: it lacks a full date" in printed
    assert "warning: The year is missing" in printed
    assert row_counts() == (1, 6, 6)
    assert not Interview.objects.get().is_published


@pytest.mark.django_db
def test_without_publish_a_yearless_transcript_is_kept_as_a_draft():
    run("import_transcripts", str(XINHUA))
    interview = Interview.objects.get()
    assert interview.status == Interview.Status.DRAFT
    assert (interview.date, interview.partial_month, interview.partial_day) == (None, 9, 16)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (bytes(range(256)) * 8, "binary"),
        ("Déclaration".encode("latin-1") * 20, "could not be decoded"),
    ],
)
def test_bad_files_fail_clearly_without_rows_and_the_batch_goes_on(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_transcripts", str(bad), str(XINHUA), "--date", "2020-09-16",
                     stdout=out, stderr=io.StringIO())
    assert reason in out.getvalue()
    assert row_counts() == (1, 6, 6)  # the good file in the same batch still landed


def test_a_bad_date_argument_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("import_transcripts", str(XINHUA), "--date", "16/09/2020")
