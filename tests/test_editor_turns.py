"""Correcting a parse on the review page: turns, their speakers, and parsing again."""

import datetime

import pytest

from archive.ingest.document import Document, Exchange, Turn
from archive.ingest.load import load_document
from archive.models import Interview, Speaker
from tests.factories import make_interview

pytestmark = pytest.mark.django_db

RAW = "Press conference on May 11, 2018\n\nQ: First?\n\nA: One.\n\nTwo.\n\nQ: Second?\n\nA: Three."


def draft(exchanges=None):
    doc = Document(
        title="Press conference",
        exchanges=exchanges
        or [
            Exchange(None, [Turn("Geng Shuang", "Opening.")]),
            Exchange(Turn("Reporter", "First?"), [Turn("Geng Shuang", "One.\n\nTwo.")]),
            Exchange(Turn("AFP", "Second?"), [Turn("Geng Shuang", "Three.")]),
        ],
    )
    return load_document(RAW, doc).interview


def reading(interview):
    """The transcript as (kind, speaker, text) in reading order."""
    interview = Interview.objects.with_conversation().get(pk=interview.pk)
    turns = []
    for question, answers in interview.conversation():
        if question:
            turns.append(("Q", question.asker_name, question.text))
        turns += [("A", a.speaker.name if a.speaker else None, a.text) for a in answers]
    return turns


def change(client, interview, key, **data):
    return client.post(f"/editor/interviews/{interview.pk}/turns/{key}/", data, follow=True)


def key_of(interview, text):
    answer = interview.answers.filter(text=text).first()
    return f"a{answer.pk}" if answer else f"q{interview.questions.get(text=text).pk}"


def test_the_review_shows_the_exchanges_in_order_with_their_speakers(editor):
    interview = draft()
    page = editor.get(f"/editor/interviews/{interview.pk}/").content.decode()
    order = ["Opening.", "First?", "One.", "Second?", "Three."]
    assert [page.index(f"<p>{text}") for text in order] == sorted(
        page.index(f"<p>{text}") for text in order
    )
    assert "Remarks · answer 1 · Geng Shuang" in page
    assert "Question 1 · Reporter" in page and "Question 2 · AFP" in page


def test_a_turn_is_split_at_a_paragraph(editor):
    interview = draft()
    response = change(editor, interview, key_of(interview, "One.\n\nTwo."), action="split",
                      paragraph="1")
    assert "Split in two." in response.content.decode()
    assert reading(interview) == [
        ("A", "Geng Shuang", "Opening."),
        ("Q", "Reporter", "First?"),
        ("A", "Geng Shuang", "One."),
        ("A", "Geng Shuang", "Two."),
        ("Q", "AFP", "Second?"),
        ("A", "Geng Shuang", "Three."),
    ]


def test_two_questions_are_joined_and_the_answers_follow(editor):
    interview = draft([
        Exchange(Turn("Reporter", "Part one?"), []),
        Exchange(Turn("Reporter", "Part two?"), [Turn("Geng Shuang", "Both.")]),
    ])
    change(editor, interview, key_of(interview, "Part one?"), action="join")
    assert reading(interview) == [
        ("Q", "Reporter", "Part one?\n\nPart two?"),
        ("A", "Geng Shuang", "Both."),
    ]


def test_a_question_and_an_answer_cannot_be_joined(editor):
    interview = draft()
    response = change(editor, interview, key_of(interview, "First?"), action="join")
    assert "Only two questions or two answers can be joined" in response.content.decode()


def test_a_turn_is_marked_as_a_question_and_then_reassigned(editor):
    interview = draft()
    change(editor, interview, key_of(interview, "Three."), action="question")
    assert reading(interview)[-1] == ("Q", "Geng Shuang", "Three.")
    change(editor, interview, key_of(interview, "Three."), action="reassign", speaker="Reporter")
    assert reading(interview)[-1] == ("Q", "Reporter", "Three.")


def test_a_turn_is_reassigned_to_someone_new_or_known_by_alias(editor):
    wang = Speaker.objects.create(name="Wang Wenbin", aliases=["汪文斌"])
    interview = draft()
    change(editor, interview, key_of(interview, "Opening."), action="reassign", speaker="汪文斌")
    assert reading(interview)[0] == ("A", "Wang Wenbin", "Opening.")
    change(editor, interview, key_of(interview, "Three."), action="reassign", speaker="Hua Ying")
    assert reading(interview)[-1] == ("A", "Hua Ying", "Three.")
    assert Speaker.objects.get(name="Hua Ying").kind == Speaker.Kind.OFFICIAL
    assert wang.answers.count() == 1


def test_a_turn_text_is_corrected(editor):
    interview = draft()
    change(editor, interview, key_of(interview, "Three."), action="edit", text="Three!\r\n")
    assert reading(interview)[-1] == ("A", "Geng Shuang", "Three!")
    response = change(editor, interview, key_of(interview, "Three!"), action="edit", text="  ")
    assert "cannot be empty" in response.content.decode()


def test_a_stale_or_foreign_turn_is_reported_not_an_error(editor):
    interview, other = draft(), make_interview(published=False)
    response = change(editor, other, key_of(interview, "Three."), action="edit", text="Hijack")
    assert response.status_code == 200 and "no longer exists" in response.content.decode()
    assert change(editor, interview, "x1", action="edit", text="x").status_code == 200
    assert reading(interview)[-1][2] == "Three."


def test_published_transcripts_keep_their_numbering(publisher):
    interview = draft()
    interview.date = interview.date or datetime.date(2018, 5, 11)
    interview.publish()
    response = change(publisher, interview, key_of(interview, "One.\n\nTwo."), action="split",
                      paragraph="1")
    assert "can no longer be split" in response.content.decode()
    response = publisher.post(f"/editor/interviews/{interview.pk}/reparse/", {"raw_text": "X"})
    assert response.status_code == 400
    assert "can no longer be replaced by a new parse" in response.content.decode()
    assert len(reading(interview)) == 5


def test_re_parsing_edited_raw_text_replaces_the_draft_turns(editor):
    interview = draft([
        Exchange(Turn("Reporter", "First?"), [Turn("Dana Proposed", "One.\n\nTwo.")]),
    ])
    proposed = Speaker.objects.get(name="Dana Proposed")
    edited = RAW.replace("A: Three.", "A: Three.\n\nQ: Third?\n\nA: Four.")
    response = editor.post(f"/editor/interviews/{interview.pk}/reparse/", {"raw_text": edited})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.raw_text == edited
    assert interview.checksum == Interview.checksum_of(edited)
    assert [t[2] for t in reading(interview) if t[0] == "Q"] == ["First?", "Second?", "Third?"]
    # The parse that proposed them is gone, and so are they: nobody else refers to them.
    assert not Speaker.objects.filter(pk=proposed.pk).exists()
    assert interview.uploads.count() == 0  # loaded directly here; an upload would stay


def test_re_parsing_into_another_interview_text_is_refused(editor):
    interview, other = draft(), make_interview(published=False, raw_text="Other text")
    response = editor.post(
        f"/editor/interviews/{interview.pk}/reparse/", {"raw_text": other.raw_text}
    )
    assert response.status_code == 400
    assert "already in the archive" in response.content.decode()


def test_re_parsing_keeps_a_year_the_editor_supplied(editor):
    text = "Wang Yi meets the press\n\nBeijing, September 16-\n\nReporter: Why?\n\nWang Yi: So."
    interview = load_document(text, Document(title="Wang Yi", partial_date=(9, 16))).interview
    interview.date = datetime.date(2020, 9, 16)
    interview.save()
    editor.post(f"/editor/interviews/{interview.pk}/reparse/", {"raw_text": text + "\n\nMore."})
    interview.refresh_from_db()
    assert str(interview.date) == "2020-09-16"
    assert not any("year is missing" in w for w in interview.parse_warnings)


def test_remarks_before_an_unanswered_question_stay_before_it():
    interview = draft([
        Exchange(None, [Turn("Geng Shuang", "Opening.")]),
        Exchange(Turn("Reporter", "Part one?"), []),
        Exchange(Turn("Reporter", "Part two?"), [Turn("Geng Shuang", "Both.")]),
    ])
    assert reading(interview) == [
        ("A", "Geng Shuang", "Opening."),
        ("Q", "Reporter", "Part one?"),
        ("Q", "Reporter", "Part two?"),
        ("A", "Geng Shuang", "Both."),
    ]
