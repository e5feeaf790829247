"""What reading an upload may cost: a small file built to unpack to gigabytes or to
keep a reader busy for hours is refused with the reason, kept with that reason, and
refused the same way when tried again; a file near the size limit is told in bytes."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from archive.ingest.formats import read_upload
from archive.ingest.importer import too_large_message
from archive.ingest.limits import ReadingLimits
from archive.ingest.readers import UnreadableTranscript
from archive.models import Answer, Interview, Question, Speaker, Upload
from tests.files import (
    make_docx,
    make_docx_bomb,
    make_docx_with_entries,
    make_pdf,
    make_pdf_with_stream,
)

MB = 1024 * 1024
ADVICE = "Save it again in another format, or paste the text."
DEEP_PAGE = b"<html><body>" + b"<div>" * 100_000 + b"Wang Yi: Thank you." + b"</div>" * 100_000


def refusal(data, filename, **limits):
    with pytest.raises(UnreadableTranscript) as refused:
        read_upload(data, filename, ReadingLimits(**limits))
    return str(refused.value)


# --- reading: each format's own way of costing too much -------------------------------


def test_a_word_document_that_would_unpack_past_the_limit_is_refused_unopened():
    bomb = make_docx_bomb(60 * MB)
    assert len(bomb) < MB
    assert refusal(bomb, "bomb.docx") == (
        f"The Word document would unpack to 60.8 MB; at most 50 MB is read. {ADVICE}"
    )


@pytest.mark.slow
def test_a_word_document_of_a_hundred_thousand_files_is_refused():
    assert refusal(make_docx_with_entries(100_000), "many.docx") == (
        f"The Word document holds 100,017 files; at most 1,000 are read. {ADVICE}"
    )


def test_a_part_that_unpacks_to_hundreds_of_times_its_size_is_refused():
    message = refusal(make_docx_bomb(5 * MB), "padded.docx")
    assert message.startswith(
        "A part of the Word document (word/document.xml) unpacks to "
    )
    assert message.endswith(f"times its stored size; at most 100 times is read. {ADVICE}")


def test_a_word_document_within_the_limits_is_read():
    assert read_upload(make_docx(["Wang Yi: Thank you."]), "a.docx") == "Wang Yi: Thank you."


@pytest.mark.slow
def test_a_pdf_stream_that_would_unpack_past_the_limit_is_refused():
    message = refusal(make_pdf_with_stream(100 * MB), "bomb.pdf")
    assert message.startswith("The PDF is too large or too complex to read (Limit reached")
    assert message.endswith(ADVICE)


@pytest.mark.slow
def test_a_pdf_that_needs_more_memory_than_allowed_is_stopped():
    assert refusal(make_pdf_with_stream(40 * MB), "big.pdf", memory_mb=120) == (
        "The PDF needed more than 120 MB of memory to read and was stopped: it may be "
        f"damaged, or built to overload the site. {ADVICE}"
    )
    # The same limit reads an ordinary PDF.
    pdf = make_pdf([["Q: Why?"]])
    assert read_upload(pdf, "a.pdf", ReadingLimits(memory_mb=120)) == "Q: Why?"


@pytest.mark.slow
def test_a_web_page_nested_a_hundred_thousand_deep_is_stopped_at_the_time_limit():
    assert refusal(DEEP_PAGE, "deep.html", seconds=2) == (
        "The web page took longer than 2 seconds to read and was stopped: it may be "
        f"damaged, or built to overload the site. {ADVICE}"
    )


@pytest.mark.slow
def test_markdown_emphasis_that_never_closes_is_stopped_at_the_time_limit():
    assert refusal(b"**a " * 100_000, "notes.md", seconds=2).startswith(
        "The Markdown file took longer than 2 seconds to read and was stopped"
    )


def test_a_reader_that_cannot_be_started_asks_to_try_again_later(monkeypatch):
    monkeypatch.setattr("sys.executable", "/nonexistent/python")
    assert refusal(make_pdf([["Q: Why?"]]), "a.pdf") == (
        "The PDF could not be read now: the server could not start a reader "
        "(No such file or directory). Try again later."
    )


def test_the_default_limits_are_the_settings(settings):
    assert ReadingLimits.from_settings(settings) == ReadingLimits()


# --- the editor: refused, kept with the reason, refused again on retry -----------------


def nothing_but_the_upload_written():
    return all(model.objects.count() == 0 for model in (Interview, Question, Answer, Speaker))


# file name: (how to make it, what the refusal says, the time limit in seconds)
HOSTILE = {
    "bomb.docx": (lambda: make_docx_bomb(190 * MB), "would unpack to 190", 20),
    "many.docx": (lambda: make_docx_with_entries(100_000), "holds 100,017 files", 20),
    "bomb.pdf": (lambda: make_pdf_with_stream(100 * MB), "too large or too complex", 20),
    "deep.html": (lambda: DEEP_PAGE, "took longer than 2 seconds", 2),
}


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("filename", list(HOSTILE))
def test_a_hostile_upload_is_refused_kept_with_the_reason_and_refused_again(
    editor, settings, filename
):
    make, reason, settings.ARCHIVE_READ_SECONDS = HOSTILE[filename]
    data = make()
    response = editor.post("/editor/upload/", {"file": SimpleUploadedFile(filename, data)})
    assert response.status_code == 400
    page = response.content.decode()
    assert f"“{filename}” could not be read: " in page and reason in page
    kept = Upload.objects.get()
    assert bytes(kept.data) == data and reason in kept.error
    assert nothing_but_the_upload_written()

    response = editor.post(f"/editor/uploads/{kept.pk}/retry/", follow=True)
    assert response.status_code == 200
    assert f"“{filename}” still cannot be read: {kept.error}" in response.content.decode()
    assert Upload.objects.get().error == kept.error
    assert nothing_but_the_upload_written()


@pytest.mark.slow
@pytest.mark.django_db
def test_import_transcripts_refuses_a_zip_bomb_and_imports_the_rest(tmp_path):
    (tmp_path / "bomb.docx").write_bytes(make_docx_bomb(190 * MB))
    (tmp_path / "good.txt").write_text("Statement on May 11, 2018\n\nQ: Why?\n\nA: Because.\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("import_transcripts", str(tmp_path), "--no-progress", stdout=out)
    assert (
        f"failed: {tmp_path / 'bomb.docx'}: The Word document would unpack to 190"
    ) in out.getvalue()
    assert Interview.objects.count() == 1
    # The command keeps no copy of a file it could not import: it stays where it is.
    assert list(Upload.objects.values_list("filename", flat=True)) == ["good.txt"]


# --- the size message ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_file_just_over_the_limit_is_told_in_bytes(editor, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 10 * MB
    data = b"Q: Why?\n\nA: Because.\n" + b" " * (10 * MB - 11)
    response = editor.post("/editor/upload/", {"file": SimpleUploadedFile("a.txt", data)})
    assert (
        "The file is 10,485,770 bytes; the limit is 10,485,760 bytes (10 MB)."
        in response.content.decode()
    )
    assert not Upload.objects.exists()


@pytest.mark.parametrize(
    "size, message",
    [
        (int(12.5 * MB), "The file is 12.5 MB; the largest accepted is 10 MB."),
        (10 * MB + 50_000, "The file is 10,535,760 bytes; the limit is 10,485,760 bytes (10 MB)."),
        (10 * MB + 60_000, "The file is 10.1 MB; the largest accepted is 10 MB."),
    ],
)
def test_the_size_message_shows_bytes_only_when_rounding_hides_the_excess(
    settings, size, message
):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 10 * MB
    assert too_large_message(size) == message
