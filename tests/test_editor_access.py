"""Who may edit, and what a bad upload meets: a clear message, never a half-written row."""

import zipfile
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Answer, Interview, Question, Speaker, Upload
from tests.factories import make_exchange, make_interview, make_user
from tests.files import make_docx, make_pdf

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
GOOD = b"Statement of the Ministry on May 11, 2018\n\nQ: Why?\n\nA: Because.\n"


def upload(client, name, data):
    return client.post("/editor/upload/", {"file": SimpleUploadedFile(name, data)})


def nothing_written():
    rows = [Interview, Question, Answer, Speaker]
    return all(model.objects.count() == 0 for model in rows)


# --- permissions ---------------------------------------------------------------------


EDITOR_PAGES = ["/editor/", "/editor/upload/"]


@pytest.mark.parametrize("url", EDITOR_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={url}"


@pytest.mark.parametrize("url", EDITOR_PAGES)
def test_signed_in_readers_are_refused(client, url):
    client.force_login(make_user("reader", staff=False))
    assert client.get(url).status_code == 403


def test_staff_outside_the_editors_group_are_refused(client):
    client.force_login(make_user("clerk"))
    assert client.get("/editor/").status_code == 403


def test_actions_refuse_anonymous_posts_and_write_nothing(client):
    interview = make_interview(published=False)
    for url in ["publish", "discard", "reparse", "turns/a1", "people/1"]:
        response = client.post(f"/editor/interviews/{interview.pk}/{url}/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    interview.refresh_from_db()
    assert not interview.is_published


def test_the_editors_group_edits_but_does_not_publish():
    editors = Group.objects.get(name="Editors")
    granted = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_interview", "change_interview", "change_answer", "add_upload"} <= granted
    assert "change_speaker" in granted and "publish_interview" not in granted


def test_only_publishers_publish_and_unpublish(editor, client):
    interview = make_interview(published=False)
    make_exchange(interview)
    assert editor.post(f"/editor/interviews/{interview.pk}/publish/").status_code == 403
    client.force_login(make_user("chief", groups=["Editors"], perms=["publish_interview"]))
    client.post(f"/editor/interviews/{interview.pk}/publish/")
    interview.refresh_from_db()
    assert interview.is_published
    client.post(f"/editor/interviews/{interview.pk}/unpublish/")
    interview.refresh_from_db()
    assert not interview.is_published


def test_forms_need_the_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(make_user("editor", groups=["Editors"]))
    assert upload(strict, "a.txt", GOOD).status_code == 403
    assert nothing_written()


# --- bad uploads ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "The submitted file is empty."),
        ("blank.txt", b"  \n\n ", "The file is empty."),
        ("photo.txt", PNG, "The file is a PNG image, not a transcript"),
        ("scan.pdf", make_pdf([[]]), "The PDF contains no text"),
        ("blank.docx", make_docx(["", "  "]), "The Word document contains no text."),
        ("broken.pdf", b"%PDF-1.4\nnot really a pdf", "The PDF"),
        ("french.txt", "Déclaration à la presse, señor".encode("latin-1") * 3,
         "could not be decoded as UTF-8, UTF-16 or GB18030"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "old-style Word (.doc)"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_no_rows(editor, name, data, message):
    response = upload(editor, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_written()


def test_an_unreadable_file_is_still_kept_with_the_reason(editor):
    upload(editor, "photo.txt", PNG)
    kept = Upload.objects.get()
    assert bytes(kept.data) == PNG and kept.content_type == "image/png"
    assert "PNG image" in kept.error and kept.interview is None
    listing = editor.get("/editor/").content.decode()
    assert "Uploads without a transcript" in listing and "photo.txt" in listing


def test_a_zip_that_is_not_a_word_document_is_refused(editor):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    response = upload(editor, "notes.docx", buffer.getvalue())
    assert "ZIP archive, not a Word document" in response.content.decode()
    assert nothing_written()


def test_a_file_over_the_limit_is_refused_before_it_is_kept(editor, settings):
    settings.ARCHIVE_MAX_UPLOAD_BYTES = 1024
    response = upload(editor, "long.txt", GOOD * 100)
    assert response.status_code == 400
    assert "The file is 6 KB; the largest accepted is 1 KB." in response.content.decode()
    assert nothing_written() and not Upload.objects.exists()


def test_neither_file_nor_text_asks_for_one(editor):
    response = editor.post("/editor/upload/", {"text": ""})
    assert "Choose a file or paste the text." in response.content.decode()
    response = editor.post("/editor/upload/", {"text": "   \n "})
    assert "The pasted text is empty." in response.content.decode()


def test_file_names_are_escaped(editor):
    response = upload(editor, "<img src=x onerror=alert(1)>.txt", PNG)
    page = response.content.decode()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    listing = editor.get("/editor/").content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in listing and "<img src=x" not in listing


def test_a_kept_file_downloads_as_an_attachment_never_inline(editor):
    html = b"<html><body><script>alert(1)</script><p>Q: Why?</p></body></html>"
    upload(editor, "page.html", html)
    kept = Upload.objects.get()
    response = editor.get(f"/editor/uploads/{kept.pk}/file/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == html


def test_an_unreadable_upload_can_be_tried_again(editor):
    upload(editor, "photo.txt", PNG)
    kept = Upload.objects.get()
    response = editor.post(f"/editor/uploads/{kept.pk}/retry/", follow=True)
    assert "still cannot be read" in response.content.decode()


def test_a_discarded_draft_leaves_its_upload(publisher):
    upload(publisher, "a.txt", GOOD)
    interview = Interview.objects.get()
    publisher.post(f"/editor/interviews/{interview.pk}/discard/")
    assert nothing_written()
    kept = Upload.objects.get()
    assert kept.interview is None
    response = publisher.post(f"/editor/uploads/{kept.pk}/retry/")
    assert response["Location"] == f"/editor/interviews/{Interview.objects.get().pk}/"


def test_a_published_interview_cannot_be_discarded(publisher):
    interview = make_interview()
    response = publisher.post(f"/editor/interviews/{interview.pk}/discard/", follow=True)
    assert "cannot be discarded" in response.content.decode()
    assert Interview.objects.filter(pk=interview.pk).exists()


# --- the list of transcripts ---------------------------------------------------------


def test_the_list_shows_drafts_and_published_with_a_bounded_number_of_queries(
    editor, django_assert_max_num_queries
):
    for n in range(30):
        interview = make_interview(f"Interview {n}", published=n % 2 == 0)
        make_exchange(interview)
    Upload.objects.create(data=PNG, filename="photo.txt", content_type="image/png",
                          size=len(PNG), sha256="0" * 64, error="Not a transcript.")
    with django_assert_max_num_queries(8):
        response = editor.get("/editor/")
    page = response.content.decode()
    assert "Interview 29" in page and "Interview 0" in page and "photo.txt" in page
    drafts = editor.get("/editor/?status=draft").content.decode()
    assert "Interview 1<" in drafts and "Interview 2<" not in drafts
