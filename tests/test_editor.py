"""Editors upload a transcript, review the parse and publish it, through the test client."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Interview, Speaker, Upload
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_source,
    make_speaker,
)
from tests.files import make_docx, make_pdf

pytestmark = pytest.mark.django_db

TRANSCRIPTS = Path(__file__).resolve().parents[1] / "fixtures/transcripts"
XINHUA = TRANSCRIPTS / "xinhua-wang-yi-interview-2020-09-16.txt"

TITLE = "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference on May 11, 2018"
QUESTION = "What is China's comment on the talks in Singapore?"
ANSWER = "We welcome the talks and hope for progress."
LINES = [
    TITLE, "",
    f"Q: {QUESTION}", "",
    f"A: {ANSWER}", "",
    "Q: And on trade with the United States?", "",
    "A: Trade matters to both sides.",
]
HTML = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Regular press conference - Ministry</title>
<script>var tracking = "Q: not a question";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<div class="content"><h1>{TITLE}</h1>
<p><b>Q:</b> {QUESTION}</p><p><b>A:</b> {ANSWER}</p>
<p><b>Q:</b> And on trade with the
United States?</p><p><b>A:</b> Trade matters to both sides.</p></div>
<footer>Copyright</footer></body></html>"""
MARKDOWN = "\n".join(
    f"# {line}" if line == TITLE else line.replace("Q:", "**Q:**").replace("A:", "**A:**")
    for line in LINES
)

FORMATS = {
    "statement.txt": "\n".join(LINES).encode("utf-8"),
    "statement.md": MARKDOWN.encode("utf-8"),
    "statement.html": HTML.encode("utf-8"),
    "statement.docx": make_docx([line for line in LINES if line]),
    "statement.pdf": make_pdf([LINES]),
    "statement-utf16.txt": "\n".join(LINES).encode("utf-16"),
}


def upload(client, name, data, **fields):
    return client.post("/editor/upload/", {"file": SimpleUploadedFile(name, data), **fields})


def page(response):
    return response.content.decode()


def review_url(interview):
    return f"/editor/interviews/{interview.pk}/"


# --- each format, from upload to readers ---------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_each_format_is_uploaded_reviewed_and_published(publisher, name):
    response = upload(publisher, name, FORMATS[name], new_source="Ministry of Foreign Affairs")
    interview = Interview.objects.get()
    assert response.status_code == 302 and response["Location"] == review_url(interview)

    review = page(publisher.get(review_url(interview)))
    assert TITLE.replace("'", "&#x27;") in review
    assert "Parsed: 2 question(s), 2 answer(s)" in review
    assert QUESTION.replace("'", "&#x27;") in review and ANSWER in review
    assert review.index(QUESTION.replace("'", "&#x27;")) < review.index("Trade matters")
    assert "Geng Shuang" in review and "New: proposed by the parser" in review
    assert interview.status == Interview.Status.DRAFT
    assert publisher.get(interview.get_absolute_url()).status_code == 404

    publisher.post(f"/editor/interviews/{interview.pk}/publish/")
    interview.refresh_from_db()
    assert interview.is_published and interview.date == datetime.date(2018, 5, 11)
    assert interview.source.name == "Ministry of Foreign Affairs"
    reader = page(publisher.get(interview.get_absolute_url()))
    assert ANSWER in reader and "Geng Shuang" in reader
    upload_row = Upload.objects.get()
    assert upload_row.interview == interview and bytes(upload_row.data) == FORMATS[name]
    assert upload_row.filename == name


def test_pasted_text_is_kept_as_an_upload_too(editor):
    response = editor.post("/editor/upload/", {"text": "\n".join(LINES), "kind": "briefing"})
    interview = Interview.objects.get()
    assert response["Location"] == review_url(interview)
    assert interview.kind == Interview.Kind.BRIEFING
    assert Upload.objects.get().filename == "pasted text"


def test_the_format_is_told_from_the_content_not_the_name(editor):
    upload(editor, "statement.txt", FORMATS["statement.pdf"])
    assert Upload.objects.get().content_type == "application/pdf"
    assert Interview.objects.get().answers.count() == 2


def test_gb18030_chinese_is_read(editor):
    text = (
        "2020年5月27日外交部发言人赵立坚主持例行记者会\n\n"
        "问：有何评论？\n\n答：香港是特别行政区。\n"
    )
    upload(editor, "zh.txt", text.encode("gb18030"))
    interview = Interview.objects.get()
    assert interview.language == "zh" and "香港" in interview.answers.get().text


# --- dates and publishing ------------------------------------------------------------


def test_a_missing_year_blocks_publishing_until_the_editor_supplies_it(publisher):
    upload(publisher, XINHUA.name, XINHUA.read_bytes(), new_source="Xinhua News Agency")
    interview = Interview.objects.get()
    review = page(publisher.get(review_url(interview)))
    assert "The year is missing" in review and "16 September" in review

    response = publisher.post(f"/editor/interviews/{interview.pk}/publish/", follow=True)
    assert "Supply the date before publishing: the year is missing." in page(response)
    interview.refresh_from_db()
    assert not interview.is_published

    details = details_of(interview, year="2020", action="publish")
    response = publisher.post(review_url(interview), details, follow=True)
    assert "Published" in page(response)
    interview.refresh_from_db()
    assert interview.is_published and interview.date == datetime.date(2020, 9, 16)
    assert interview.date_precision == Interview.DatePrecision.DAY
    assert not any("year is missing" in w for w in interview.parse_warnings)
    assert "The year is missing" not in page(publisher.get(review_url(interview)))


def test_a_year_that_lacks_the_day_is_refused(publisher):
    interview = make_interview(published=False, date=None, partial_month=2, partial_day=29)
    response = publisher.post(review_url(interview), details_of(interview, year="2021"))
    assert response.status_code == 400
    assert "29 February (year unknown) does not exist in 2021" in page(response)


def test_editors_without_the_permission_save_but_do_not_publish(editor):
    interview = make_interview(published=False)
    response = editor.post(review_url(interview), details_of(interview, action="publish"))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert not interview.is_published
    assert editor.post(f"/editor/interviews/{interview.pk}/publish/").status_code == 403
    assert "Save and publish" not in page(editor.get(review_url(interview)))


def test_details_are_corrected_from_the_review(editor):
    interview = make_interview(published=False, title="Old title")
    details = details_of(interview, title="New title", location="Moscow", new_source="TASS",
                         kind="speech", language="ru")
    editor.post(review_url(interview), details)
    interview.refresh_from_db()
    assert (interview.title, interview.location, interview.kind, interview.language) == (
        "New title", "Moscow", "speech", "ru"
    )
    assert interview.source.name == "TASS"


def details_of(interview, **changes):
    """The details form as the review page fills it in, with `changes`."""
    fields = {
        "title": interview.title,
        "kind": interview.kind,
        "date": interview.date.isoformat() if interview.date else "",
        "year": "",
        "location": interview.location,
        "source": interview.source_id or "",
        "new_source": "",
        "source_url": interview.source_url,
        "language": interview.language,
        "preamble": interview.preamble,
        "action": "save",
    }
    return {**fields, **changes}


# --- duplicates ----------------------------------------------------------------------


def test_the_same_file_again_leads_to_the_existing_interview(editor):
    upload(editor, "a.txt", FORMATS["statement.txt"])
    interview = Interview.objects.get()
    response = upload(editor, "again.txt", FORMATS["statement.txt"])
    assert response["Location"] == review_url(interview)
    assert "already in the archive" in page(editor.get(response["Location"]))
    assert (Interview.objects.count(), Upload.objects.count()) == (1, 1)


def test_the_same_text_in_another_encoding_is_the_same_interview(editor):
    upload(editor, "a.txt", FORMATS["statement.txt"])
    response = upload(editor, "b.txt", FORMATS["statement-utf16.txt"])
    interview = Interview.objects.get()
    assert response["Location"] == review_url(interview)
    assert set(interview.uploads.values_list("filename", flat=True)) == {"a.txt", "b.txt"}


def test_the_same_title_and_date_raise_a_warning(editor):
    other = make_interview(TITLE, date=datetime.date(2018, 5, 11))
    upload(editor, "a.txt", FORMATS["statement.txt"])
    interview = Interview.objects.exclude(pk=other.pk).get()
    review = page(editor.get(review_url(interview)))
    assert "Another transcript has the same title and date" in review
    assert f'href="{review_url(other)}"' in review


# --- speakers ------------------------------------------------------------------------


def test_speakers_are_matched_to_people_through_their_aliases(editor):
    zhao = make_speaker("Zhao Lijian", aliases=["赵立坚"])
    make_exchange(make_interview(), speaker=zhao)
    text = "2020年5月27日外交部发言人赵立坚主持例行记者会\n\n问：有何评论？\n\n赵立坚：我们欢迎。\n"
    upload(editor, "zh.txt", text.encode("utf-8"))
    interview = Interview.objects.latest("pk")
    assert interview.answers.get().speaker == zhao
    assert not Speaker.objects.filter(name="赵立坚").exists()
    review = page(editor.get(review_url(interview)))
    assert "Existing person" in review and "Zhao Lijian" in review


def test_a_speaker_is_renamed_and_keeps_the_old_name_as_an_alias(editor):
    interview, speaker = draft_with_speaker("Geng Shaung")
    post_person(editor, interview, speaker, action="rename", name="Geng Shuang")
    speaker.refresh_from_db()
    assert speaker.name == "Geng Shuang" and speaker.aliases == ["Geng Shaung"]


def test_renaming_to_an_existing_name_asks_for_a_merge(editor):
    make_speaker("Geng Shuang")
    interview, speaker = draft_with_speaker("Geng Shaung")
    response = post_person(editor, interview, speaker, action="rename", name="geng shuang")
    assert "already exists: merge into them instead" in page(response)
    speaker.refresh_from_db()
    assert speaker.name == "Geng Shaung"


def test_a_proposed_speaker_is_merged_into_an_existing_person(editor):
    geng = make_speaker("Geng Shuang")
    interview, proposed = draft_with_speaker("Spokesperson Geng")
    post_person(editor, interview, proposed, action="merge", into="Geng Shuang")
    assert interview.answers.get().speaker == geng
    assert not Speaker.objects.filter(pk=proposed.pk).exists()
    geng.refresh_from_db()
    assert geng.aliases == ["Spokesperson Geng"]


def test_merging_into_nobody_known_is_refused(editor):
    interview, speaker = draft_with_speaker("Geng Shuang")
    response = post_person(editor, interview, speaker, action="merge", into="Nobody")
    assert "Nobody called “Nobody” is known" in page(response)


def draft_with_speaker(name):
    interview = make_interview(published=False)
    speaker = make_speaker(name)
    make_exchange(interview, speaker=speaker)
    return interview, speaker


def post_person(client, interview, speaker, **data):
    url = f"/editor/interviews/{interview.pk}/people/{speaker.pk}/"
    return client.post(url, data, follow=True)


def test_the_upload_form_may_set_source_kind_language_and_date(publisher):
    xinhua = make_source("Xinhua News Agency")
    upload(publisher, XINHUA.name, XINHUA.read_bytes(), source=xinhua.pk, kind="interview",
           language="en", date="2020-09-16")
    interview = Interview.objects.get()
    assert (interview.source, interview.kind, str(interview.date)) == (
        xinhua, "interview", "2020-09-16"
    )
    review = page(publisher.get(review_url(interview)))
    assert 'name="date" value="2020-09-16"' in review and "The year is missing" not in review
    assert f'<option value="{xinhua.pk}" selected>Xinhua News Agency</option>' in review


def test_the_review_form_is_prefilled_from_the_parse(editor):
    make_country("RU", "Russia")
    make_country("KZ", "Kazakhstan")
    upload(editor, XINHUA.name, XINHUA.read_bytes())
    interview = Interview.objects.get()
    review = page(editor.get(review_url(interview)))
    assert f'value="{interview.title}"' in review
    assert '<option value="interview" selected>Interview</option>' in review
    assert 'name="location" value="Beijing"' in review
    assert 'name="year"' in review
    assert "<dt>Countries</dt><dd>Kazakhstan, Russia</dd>" in review


def test_a_published_transcript_keeps_its_date(publisher):
    interview = make_interview()
    response = publisher.post(review_url(interview), details_of(interview, date=""))
    assert response.status_code == 400
    assert "A published transcript needs its date" in page(response)


def test_the_admin_links_to_the_editors_area(editor, admin_client):
    assert 'href="/editor/"' in page(admin_client.get("/admin/"))
