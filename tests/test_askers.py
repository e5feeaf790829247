"""Askers apart from speakers, and the turns of a conversation as readers see them:
reporters and outlets ask ("asked by Reuters") but are not speakers; hand-offs and
courtesies are shown muted in place and counted nowhere; stage directions stay in
their turn, marked."""

import datetime

import pytest

from archive.ingest.load import load_document
from archive.ingest.parser import parse
from archive.models import Interview, Outlet, Speaker
from archive.search.sync import process_queue

pytestmark = pytest.mark.django_db

MFA = """Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on May 14, 2020

Reuters: Does China plan to respond to the new tariffs?

Zhao Lijian: We have stated our position many times. (Laughter.)

CCTV: What is your comment on the summit?

Zhao Lijian: The summit was a success.
"""

BRIEFING = """Press Briefing by Press Secretary Dana Reyes, March 3, 2023

MS. REYES: Good afternoon, everybody. Today we signed the bill. (Applause.)

Q Thanks, Dana. Is the President going to travel to sign more of them?

MS. REYES: He will travel next week.

Q Thank you.

MS. REYES: Next question. Go ahead.

Q What about the budget?

MS. REYES: We will release it on Friday.

Q Thank you, Dana.
"""


def published(raw):
    interview = load_document(raw, parse(raw)).interview
    interview.publish()
    return Interview.objects.get(pk=interview.pk)


def test_outlets_ask_but_are_not_speakers(client):
    interview = published(MFA)
    assert [q.asked_by for q in interview.questions.order_by("position")] == ["Reuters", "CCTV"]
    assert set(Outlet.objects.values_list("name", flat=True)) == {"Reuters", "CCTV"}
    assert list(Speaker.objects.published().values_list("name", flat=True)) == ["Zhao Lijian"]
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "asked by Reuters" in page and "asked by CCTV" in page
    speakers = client.get("/api/speakers/").json()
    assert [s["name"] for s in speakers["results"]] == ["Zhao Lijian"]
    assert "Reuters" not in client.get("/speakers/").content.decode()


def test_a_named_reporter_has_no_speaker_page_or_feed(client):
    from archive.ingest.document import Document, Exchange, Turn

    doc = Document(title="Briefing", exchanges=[Exchange(
        Turn("Reporter", "When?", label="Q", name="Jane Roe", outlet="Reuters", asker=True),
        [Turn("Dana Reyes", "Soon.", label="MS. REYES", kind="answer")],
    )])
    interview = load_document("raw briefing", doc).interview
    interview.date = datetime.date(2023, 3, 3)
    interview.publish()
    question = interview.questions.get()
    reporter = question.asker
    assert (reporter.name, reporter.kind, question.asked_by) == (
        "Jane Roe", "journalist", "Jane Roe, Reuters")
    assert client.get(reporter.get_absolute_url()).status_code == 404
    assert client.get(f"{reporter.get_absolute_url()}feed/").status_code == 404
    assert reporter not in Speaker.objects.published()


def test_hand_offs_and_courtesies_are_shown_muted_in_place_and_counted_nowhere(client):
    interview = published(BRIEFING)
    assert interview.questions.count() == 2
    kinds = list(interview.answers.order_by("position").values_list("kind", "text"))
    assert kinds == [
        ("statement", "Good afternoon, everybody. Today we signed the bill. (Applause.)"),
        ("answer", "He will travel next week."),
        ("courtesy", "Thank you."),
        ("procedural", "Next question. Go ahead."),
        ("answer", "We will release it on Friday."),
        ("courtesy", "Thank you, Dana."),
    ]
    # Nothing lost: every word of the transcript body is in some turn.
    words = " ".join([*interview.questions.values_list("text", flat=True),
                      *interview.answers.values_list("text", flat=True)]).split()
    body = BRIEFING.split("\n", 1)[1].replace("MS. REYES:", "").replace("\nQ ", "\n")
    assert sorted(words) == sorted(body.split())
    page = client.get(interview.get_absolute_url()).content.decode()
    assert page.count('class="answer muted"') == 3
    assert '<span class="stage-direction">(Applause.)</span>' in page
    assert page.index("He will travel") < page.index("Next question. Go ahead.") < page.index(
        "What about the budget?")
    speaker = Speaker.objects.get(name="Dana Reyes")
    detail = client.get(speaker.get_absolute_url())
    assert detail.context["speaker"].statement_count == 3  # the statement and two answers


def test_the_index_holds_no_courtesy_and_no_asker_in_the_speaker_facet(client, search_index):
    published(BRIEFING)
    published(MFA)
    process_queue()
    words = "travel OR release OR summit OR tariffs OR budget OR thank OR next"
    response = client.get("/search/", {"q": words})
    hits = response.context["hits"]
    assert {h.text for h in hits} >= {"What about the budget?",
                                      "Does China plan to respond to the new tariffs?"}
    assert not any(h.text.startswith(("Thank you", "Next question")) for h in hits)
    groups = {g["param"]: g for g in response.context["facets"]}
    assert {o["label"] for o in groups["speaker"]["options"]} == {"Dana Reyes", "Zhao Lijian"}
    types = {o["label"]: o["count"] for o in groups["type"]["options"]}
    assert types == {"Answers": 3, "Questions": 4}
    asked = next(h for h in hits if h.text.startswith("Does China"))
    assert asked.speaker == "Reuters"
