"""The data model's rules: uniqueness, publication, aliases, dates."""

import datetime

import pytest
from django.db import IntegrityError

from archive.models import Answer, Interview, Question, Speaker
from archive.templatetags.archive_tags import date_of, display_date
from tests.factories import make_exchange, make_interview, make_speaker

pytestmark = pytest.mark.django_db


def test_the_same_raw_transcript_cannot_be_stored_twice():
    make_interview(raw_text="Q: Same words.\nA: Same answer.")
    with pytest.raises(IntegrityError):
        make_interview(raw_text="Q: Same words.\nA: Same answer.")


def test_checksum_is_the_sha256_of_the_raw_text():
    interview = make_interview(raw_text="abc")
    assert interview.checksum == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_slugs_are_unique_and_stable_across_edits():
    first = make_interview("Regular Press Conference")
    second = make_interview("Regular Press Conference")
    assert first.slug == "regular-press-conference"
    assert second.slug == "regular-press-conference-2"
    second.title = "Renamed"
    second.save()
    assert second.slug == "regular-press-conference-2"


def test_published_excludes_drafts():
    shown = make_interview(published=True)
    make_interview(published=False)
    assert list(Interview.objects.published()) == [shown]


def test_answers_published_follows_their_interview():
    visible, hidden = make_interview(), make_interview(published=False)
    make_exchange(visible)
    make_exchange(hidden)
    assert [a.interview for a in Answer.objects.published()] == [visible]


def test_speaker_resolves_through_aliases_whatever_the_case():
    wang = make_speaker("Wang Yi", aliases=["王毅", "WANG YI"])
    assert Speaker.objects.resolve("Wang Yi") == wang
    assert Speaker.objects.resolve("WANG  YI") == wang
    assert Speaker.objects.resolve("wang yi") == wang
    assert Speaker.objects.resolve("王毅") == wang
    assert Speaker.objects.resolve("Li Wenhua") is None
    assert Speaker.objects.resolve("   ") is None


def test_speaker_names_are_unique_ignoring_case():
    make_speaker("Wang Yi")
    with pytest.raises(IntegrityError):
        make_speaker("WANG YI")


def test_positions_are_unique_within_an_interview():
    interview = make_interview()
    Question.objects.create(interview=interview, position=1, text="a")
    with pytest.raises(IntegrityError):
        Question.objects.create(interview=interview, position=1, text="b")


def test_partial_date_is_shown_with_what_is_known():
    interview = make_interview(
        date=None, partial_month=9, partial_day=16,
        date_precision=Interview.DatePrecision.MONTH_DAY,
    )
    assert display_date(interview) == "16 September (year unknown)"
    assert display_date(make_interview(date=datetime.date(2018, 5, 11))) == "11 May 2018"


def test_answer_keeps_its_paragraph_breaks():
    _, answer = make_exchange(make_interview(), answer="First paragraph.\n\nSecond paragraph.")
    answer.refresh_from_db()
    assert answer.text == "First paragraph.\n\nSecond paragraph."
    assert answer.paragraphs == ["First paragraph.", "Second paragraph."]


def test_urls_are_stable_permalinks():
    interview = make_interview("Wang Yi interview", date=datetime.date(2020, 9, 16))
    _, answer = make_exchange(interview)
    assert interview.get_absolute_url() == f"/interviews/{interview.slug}/"
    assert answer.get_absolute_url() == f"/interviews/{interview.slug}/answers/1/"


def test_a_date_is_a_machine_readable_time_only_when_something_is_known():
    dated = make_interview(date=datetime.date(2022, 9, 24), date_precision="year")
    undated = make_interview(date=None, date_precision=Interview.DatePrecision.UNKNOWN)
    assert date_of(dated) == '<time datetime="2022">2022</time>'
    assert date_of(undated) == "Date unknown"
