"""What cannot be a transcript is refused at the door, with a message that says why:
a date before 1800 or in the future, a transcript without statements (for readers),
an export handed to the transcript importer."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from archive.ingest.dates import date_doubt
from archive.ingest.document import Document
from archive.ingest.load import LoadError, load_document
from archive.ingest.parser import parse
from archive.models import Interview, PublishError, Upload
from tests.factories import make_exchange, make_interview, make_user
from tests.test_editor import details_of, page, review_url

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today().year + 1
FUTURE = f"Statement of the Ministry on May 11, {NEXT_YEAR + 1}\n\nQ: Why?\n\nWang Yi: Because.\n"
GOOD = "Statement of the Ministry on May 11, 2018\n\nQ: Why?\n\nWang Yi: Because.\n"
TITLE_ONLY = "Statement of the Ministry on May 11, 2018\n"


def run_import(*args):
    out = io.StringIO()
    try:
        call_command("import_transcripts", *args, "--no-progress", stdout=out,
                     stderr=io.StringIO())
    except CommandError as exc:
        return out.getvalue(), str(exc)
    return out.getvalue(), None


# --- plausible dates ------------------------------------------------------------------


def test_a_date_must_fall_between_1800_and_today():
    now = datetime.datetime(2024, 5, 10, 23, 0, tzinfo=datetime.UTC)
    assert date_doubt(datetime.date(1799, 12, 31), now) == "1799-12-31 is before 1800"
    assert date_doubt(datetime.date(1800, 1, 1), now) == ""
    assert date_doubt(datetime.date(2024, 5, 10), now) == ""
    # 11 May has begun east of the date line while London is still at 10 May.
    assert date_doubt(datetime.date(2024, 5, 11), now) == ""
    assert date_doubt(datetime.date(2024, 5, 12), now) == "2024-05-12 is in the future"


def test_the_parser_proposes_a_future_date_with_a_warning():
    doc = parse(FUTURE)
    assert doc.date == datetime.date(NEXT_YEAR + 1, 5, 11)
    assert any("is in the future; correct it before publishing" in w for w in doc.warnings)


@pytest.mark.parametrize("date, doubt", [("1750-01-01", "is before 1800"),
                                         (f"{NEXT_YEAR}-12-31", "is in the future")])
def test_import_refuses_an_implausible_date_option(tmp_path, date, doubt):
    (tmp_path / "a.txt").write_text(GOOD)
    _, error = run_import(str(tmp_path / "a.txt"), "--date", date)
    assert error == f"--date {date} {doubt}: give the day the statement was made."
    assert not Interview.objects.exists()


def test_import_refuses_a_file_whose_own_date_is_implausible(tmp_path):
    (tmp_path / "future.txt").write_text(FUTURE)
    (tmp_path / "good.txt").write_text(GOOD)
    out, error = run_import(str(tmp_path))
    assert (f"failed: {tmp_path / 'future.txt'}: the transcript's date {NEXT_YEAR + 1}-05-11 "
            "is in the future: give the right one with --date YYYY-MM-DD") in out
    assert error == "1 file(s) could not be imported."
    assert list(Interview.objects.values_list("raw_text", flat=True)) == [GOOD]
    assert list(Upload.objects.values_list("filename", flat=True)) == ["good.txt"]


def test_import_takes_such_a_file_with_the_right_date(tmp_path):
    (tmp_path / "future.txt").write_text(FUTURE)
    _, error = run_import(str(tmp_path / "future.txt"), "--date", "2018-05-11", "--publish")
    assert error is None
    interview = Interview.objects.get()
    assert interview.date == datetime.date(2018, 5, 11) and interview.is_published
    assert not any("plausible" in w for w in interview.parse_warnings)


@pytest.mark.parametrize("date", ["1750-01-01", f"{NEXT_YEAR}-01-01"])
def test_the_upload_form_refuses_an_implausible_date(editor, date):
    response = editor.post("/editor/upload/", {
        "file": SimpleUploadedFile("a.txt", GOOD.encode()), "date": date,
    })
    assert response.status_code == 400
    assert f"Not a plausible date: {date} is" in page(response)
    assert not Interview.objects.exists() and not Upload.objects.exists()


def test_an_uploaded_future_date_is_a_draft_with_a_warning_that_cannot_be_published(publisher):
    publisher.post("/editor/upload/", {"file": SimpleUploadedFile("f.txt", FUTURE.encode())})
    interview = Interview.objects.get()
    assert "is in the future; correct it before publishing" in page(
        publisher.get(review_url(interview))
    )
    response = publisher.post(f"/editor/interviews/{interview.pk}/publish/", follow=True)
    assert f"Correct the date before publishing: {NEXT_YEAR + 1}-05-11 is in the future." in page(
        response
    )
    assert not Interview.objects.get().is_published


@pytest.mark.parametrize("field, value, shown", [
    ("date", "1750-01-01", "Not a plausible date: 1750-01-01 is before 1800."),
    ("date", f"{NEXT_YEAR}-06-01", f"Not a plausible date: {NEXT_YEAR}-06-01 is in the future."),
    ("year", "1750", "Not a plausible date: 1750-01-01 is before 1800."),
    ("year", str(NEXT_YEAR), f"Not a plausible date: {NEXT_YEAR}-01-01 is in the future."),
])
def test_the_details_form_refuses_an_implausible_date(editor, field, value, shown):
    interview = make_interview(published=False, date=datetime.date(2018, 5, 11))
    changes = {"date": "", "year": value} if field == "year" else {"date": value}
    response = editor.post(review_url(interview), details_of(interview, **changes))
    assert response.status_code == 400 and shown in page(response)
    assert Interview.objects.get().date == datetime.date(2018, 5, 11)


def test_the_details_form_fixes_a_year_without_a_date(editor):
    interview = make_interview(published=False, date=None, partial_month=9, partial_day=16,
                               date_precision=Interview.DatePrecision.MONTH_DAY)
    response = editor.post(review_url(interview), details_of(interview, year="1620"))
    assert "Not a plausible date: 1620-09-16 is before 1800." in page(response)
    editor.post(review_url(interview), details_of(interview, year="2020"))
    assert Interview.objects.get().date == datetime.date(2020, 9, 16)


# --- statements -----------------------------------------------------------------------

NO_STATEMENTS = "A transcript without statements cannot be published: it has no answers."


def test_a_transcript_without_answers_is_not_published_by_the_model():
    interview = make_interview(published=False)
    with pytest.raises(PublishError, match=NO_STATEMENTS):
        interview.publish()
    make_exchange(interview)
    interview.publish()
    assert Interview.objects.get().is_published


def test_the_editor_area_says_why_it_does_not_publish(publisher):
    interview = make_interview(published=False)
    response = publisher.post(f"/editor/interviews/{interview.pk}/publish/", follow=True)
    assert NO_STATEMENTS in page(response)
    response = publisher.post(review_url(interview), details_of(interview, action="publish"),
                              follow=True)
    assert NO_STATEMENTS in page(response)
    assert not Interview.objects.get().is_published


def test_the_admin_action_says_why_it_does_not_publish(client):
    client.force_login(make_user("chief", groups=["Editors"], perms=["publish_interview"]))
    interview = make_interview(published=False)
    response = client.post("/admin/archive/interview/",
                           {"action": "publish", "_selected_action": [interview.pk]}, follow=True)
    assert NO_STATEMENTS in page(response)
    assert not Interview.objects.get().is_published


def test_import_does_not_publish_a_transcript_without_answers(tmp_path):
    (tmp_path / "empty.txt").write_text(TITLE_ONLY)
    out, error = run_import(str(tmp_path / "empty.txt"), "--publish")
    assert NO_STATEMENTS in out and error == "1 file(s) could not be imported."
    assert not Interview.objects.exists()
    with pytest.raises(LoadError, match=NO_STATEMENTS):
        load_document(TITLE_ONLY, Document(title="Statement", date=datetime.date(2018, 5, 11)),
                      publish=True)
    assert not Interview.objects.exists()


def test_without_publishing_such_a_transcript_is_kept_as_a_draft(tmp_path):
    (tmp_path / "empty.txt").write_text(TITLE_ONLY)
    _, error = run_import(str(tmp_path / "empty.txt"))
    assert error is None and Interview.objects.get().status == Interview.Status.DRAFT


# --- the wrong command ----------------------------------------------------------------


def test_an_export_given_to_the_transcript_importer_points_to_import_jsonl(tmp_path):
    (tmp_path / "archive.jsonl").write_text('{"slug": "x", "title": "X"}\n')
    out, error = run_import(str(tmp_path / "archive.jsonl"))
    assert ("a JSON Lines export is not a transcript: restore it with "
            "`manage.py import_jsonl FILE`") in out
    assert error and not Interview.objects.exists() and not Upload.objects.exists()
