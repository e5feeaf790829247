"""`import_transcripts DIR --publish`: a progress bar, a summary that names every
failure, and nothing half-written when a file fails or the command is interrupted."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from archive.models import Answer, Interview, Question, Upload
from tests.files import make_docx, make_pdf
from tests.processes import database_url

ROOT = Path(__file__).resolve().parents[1]


def transcript(n):
    lines = [f"Spokesperson Geng Shuang's Regular Press Conference number {n} on May 11, 2018", ""]
    for k in ("one", "two", "three"):
        lines += [f"Q: Question {k} of conference {n}?", "", f"A: Answer {k} to {n}.", ""]
    return lines


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_transcripts", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


@pytest.mark.django_db
def test_a_batch_reports_each_failure_and_imports_the_rest(tmp_path):
    (tmp_path / "1.txt").write_text("\n".join(transcript(1)))
    (tmp_path / "9-copy-of-1.txt").write_text("\n".join(transcript(1)))
    (tmp_path / "2.docx").write_bytes(make_docx([line for line in transcript(2) if line]))
    (tmp_path / "3.pdf").write_bytes(make_pdf([transcript(3)]))
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "empty.txt").write_bytes(b"")
    out, err, error = run(str(tmp_path), "--publish")
    assert "3 imported, 1 duplicate(s) skipped, 2 failed, of 6 file(s)." in out
    assert f"failed: {tmp_path / 'photo.txt'}: The file is a PNG image" in out
    assert f"failed: {tmp_path / 'empty.txt'}: The file is empty." in out
    assert "/6" in err  # the progress bar
    assert str(error) == "2 file(s) could not be imported."
    assert Interview.objects.published().count() == 3
    assert Question.objects.count() == Answer.objects.count() == 9
    # Imported files are kept as uploads; failed ones stay only where they were.
    assert sorted(Upload.objects.values_list("filename", flat=True)) == ["1.txt", "2.docx", "3.pdf"]


@pytest.mark.django_db
def test_a_file_over_the_size_limit_fails_alone(tmp_path, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 100
    (tmp_path / "big.txt").write_text("\n".join(transcript(1)) * 5)
    out, _, error = run(str(tmp_path), "--no-progress")
    assert "the largest accepted is 100 bytes" in out and error is not None
    assert not Interview.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_an_interrupted_import_leaves_no_partial_interview(tmp_path, search_index, stop):
    count = 60
    for n in range(count):
        (tmp_path / f"{n:03}.txt").write_text("\n".join(transcript(n)))
    env = {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": str(ROOT),
           "ARCHIVE_TEST_TMP_DIR": settings.TEST_TMP_DIR,
           "DJANGO_SETTINGS_MODULE": "tests.settings"}
    command = [sys.executable, "manage.py", "import_transcripts", str(tmp_path), "--publish",
               "--no-progress"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while Interview.objects.count() < 3 and time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        time.sleep(0.05)
    process.send_signal(stop)
    out, err = process.communicate(timeout=120)

    assert process.returncode == 130, err
    assert "Interrupted after" in err and "imported, 0 duplicate(s) skipped" in out
    done = Interview.objects.count()
    assert 3 <= done < count
    for interview in Interview.objects.all():
        assert (interview.questions.count(), interview.answers.count()) == (3, 3), interview
    assert Upload.objects.filter(interview__isnull=False).count() == Upload.objects.count() == done

    # Running the command again finishes the job, skipping what was already there.
    out, _, error = run(str(tmp_path), "--no-progress")
    assert error is None
    assert f"{count - done} imported, {done} duplicate(s) skipped, 0 failed" in out
    assert Interview.objects.count() == count
