"""Saving a parsed transcript: all rows or none, and never twice."""

import datetime

import pytest

from archive.ingest.document import Document, Exchange, Kind, SpeakerInfo, Turn
from archive.ingest.load import LoadError, load_document
from archive.models import Answer, Interview, Question, Speaker
from tests.factories import make_country, make_speaker, make_topic

pytestmark = pytest.mark.django_db

RAW = "Interview with Wang Yi\n\nReporter: Why Russia?\n\nWang Yi: Because."


def interview_document(**fields):
    defaults = dict(
        title="Wang Yi accepts an interview",
        kind=Kind.INTERVIEW,
        partial_date=(9, 16),
        location="Beijing",
        speakers=[SpeakerInfo("Reporter"), SpeakerInfo("Wang Yi", "Foreign Minister")],
        preamble=["Beijing, September 16-"],
        exchanges=[
            Exchange(None, [Turn("Wang Yi", "Opening words.")]),
            Exchange(
                Turn("Reporter", "Why Russia?\n\nAnd why now?"), [Turn("Wang Yi", "Because.")]
            ),
            Exchange(Turn("AFP", "And Afghanistan?"), [Turn("Wang Yi", "Peace.\n\nTalks.")]),
        ],
        countries=["RU", "AF"],
        topics=["Afghanistan"],
    )
    return Document(**{**defaults, **fields})


def test_a_transcript_becomes_an_interview_with_its_turns_in_order():
    make_country("RU", "Russia")
    make_country("AF", "Afghanistan")
    make_topic("Afghanistan")
    result = load_document(RAW, interview_document(), source_name="Xinhua News Agency")
    interview = result.interview
    assert result.created
    assert interview.raw_text == RAW
    assert interview.kind == Interview.Kind.INTERVIEW
    assert interview.status == Interview.Status.DRAFT
    assert interview.date is None
    assert (interview.partial_month, interview.partial_day) == (9, 16)
    assert interview.date_precision == Interview.DatePrecision.MONTH_DAY
    assert interview.source.name == "Xinhua News Agency"
    assert interview.preamble == "Beijing, September 16-"
    assert sorted(c.code for c in interview.countries.all()) == ["AF", "RU"]
    assert [t.name for t in interview.topics.all()] == ["Afghanistan"]
    questions = list(interview.questions.order_by("position"))
    assert [q.text for q in questions] == ["Why Russia?\n\nAnd why now?", "And Afghanistan?"]
    answers = list(interview.answers.order_by("position"))
    assert [a.text for a in answers] == ["Opening words.", "Because.", "Peace.\n\nTalks."]
    assert [a.question for a in answers] == [None, questions[0], questions[1]]
    assert {a.speaker.name for a in answers} == {"Wang Yi"}
    assert answers[0].speaker.curated  # the official of fixtures/officials.json


def test_generic_askers_are_labels_and_outlets_are_outlets_not_speakers():
    interview = load_document(RAW, interview_document()).interview
    reporter_q, afp_q = interview.questions.order_by("position")
    assert reporter_q.asker is None and reporter_q.asker_name == "Reporter"
    assert afp_q.asker is None and afp_q.outlet.name == "AFP"
    assert afp_q.asked_by == "AFP"
    assert not Speaker.objects.filter(name__iexact="AFP").exists()


def test_known_speakers_are_matched_through_their_aliases():
    wang = make_speaker("Wang Yi", aliases=["王毅"])
    doc = interview_document(exchanges=[Exchange(None, [Turn("王毅", "开场白。")])])
    interview = load_document(RAW, doc).interview
    assert interview.answers.get().speaker == wang
    assert Speaker.objects.filter(name="王毅").count() == 0


def test_loading_the_same_text_twice_creates_nothing_new():
    first = load_document(RAW, interview_document())
    counts = (Interview.objects.count(), Question.objects.count(), Answer.objects.count())
    second = load_document(RAW, interview_document())
    assert not second.created
    assert second.interview == first.interview
    assert (Interview.objects.count(), Question.objects.count(), Answer.objects.count()) == counts


def test_publishing_needs_a_full_date():
    with pytest.raises(LoadError, match="year is missing"):
        load_document(RAW, interview_document(), publish=True)
    assert Interview.objects.count() == 0


def test_a_supplied_date_completes_a_partial_one_and_allows_publishing():
    interview = load_document(
        RAW, interview_document(), publish=True, date=datetime.date(2020, 9, 16)
    ).interview
    assert interview.date == datetime.date(2020, 9, 16)
    assert interview.date_precision == Interview.DatePrecision.DAY
    assert interview.is_published and interview.published_at is not None
    assert interview.slug.startswith("2020-09-16-")


def test_a_failure_midway_leaves_no_partial_interview(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Answer, "save", explode)
    with pytest.raises(RuntimeError):
        load_document(RAW, interview_document())
    assert (Interview.objects.count(), Question.objects.count()) == (0, 0)


def test_an_askers_courtesy_among_the_answers_stays_the_askers():
    from archive.ingest.parser import parse

    raw = ("Press Briefing by Press Secretary Dana Reyes\n\nQ Is he going?\n\n"
           "MS. REYES: Yes.\n\nQ Thank you.\n\nMS. REYES: Thanks, everybody.")  # fmt: skip
    interview = load_document(raw, parse(raw)).interview
    # The asker's "Thank you." is a courtesy in its place, not a question.
    assert [q.text for q in interview.questions.order_by("position")] == ["Is he going?"]
    turns = [(a.kind, a.label, a.text) for a in interview.answers.order_by("position")]
    assert turns == [("answer", "MS. REYES", "Yes."), ("courtesy", "Q", "Thank you."),
                     ("courtesy", "MS. REYES", "Thanks, everybody.")]
    assert {a.speaker.name for a in interview.answers.exclude(label="Q")} == {"Dana Reyes"}
    assert not Speaker.objects.filter(name="Reporter").exists()
