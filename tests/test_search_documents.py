"""What a search document holds of its interview, worked out once per interview
during a rebuild and afresh otherwise."""

import datetime

import pytest
from haystack import connections

from archive.models import Answer, Question
from archive.search_indexes import sharing_interview_values
from tests.factories import make_country, make_exchange, make_interview, make_topic


def prepared(model):
    index = connections["default"].get_unified_index().get_index(model)
    return {obj.pk: index.full_prepare(obj) for obj in index.index_queryset()}


@pytest.mark.django_db
def test_sharing_an_interview_s_values_changes_no_document():
    make_country("FR", "France"), make_country()
    make_topic("Climate", keywords=["climate change"])
    dated = make_interview("Briefing")
    undated = make_interview("Speech", date=None)
    yearly = make_interview("Interview", date=datetime.date(2019, 1, 1),
                            date_precision="year")
    make_exchange(dated, question="Will France and Russia act on climate change?")
    for interview in (dated, undated, yearly):
        make_exchange(interview)
        make_exchange(interview, question="And then?", answer="Then we act.")
    for model in (Answer, Question):
        alone = prepared(model)
        with sharing_interview_values():
            shared = prepared(model)
        assert shared == alone
        assert len(alone) == 7
    answer = prepared(Answer)[dated.answers.first().pk]
    assert sorted(answer["country"]) == ["FR", "RU"] and answer["topic"] == ["climate"]
    assert answer["title"] == "Briefing" and answer["year"] == "2020"


@pytest.mark.django_db
def test_outside_a_rebuild_a_changed_interview_is_read_afresh():
    interview = make_interview("Before")
    make_exchange(interview)
    with sharing_interview_values():
        assert [d["title"] for d in prepared(Answer).values()] == ["Before"]
    interview.title = "After"
    interview.save()
    (document,) = prepared(Answer).values()
    assert document["title"] == "After"


@pytest.mark.django_db
def test_a_whole_chunk_of_answers_with_their_questions_is_read_at_once():
    # A rebuild reads answers 2,000 at a time with what their questions mention; on
    # SQLite, prefetching that many questions by key was a query too deep to run.
    from archive.search.backend import CHUNK_SIZE

    interview = make_interview("Long briefing")
    questions = Question.objects.bulk_create(
        Question(interview=interview, position=n, text="On Russia?")
        for n in range(1, CHUNK_SIZE + 2))
    Answer.objects.bulk_create(
        Answer(interview=interview, position=q.position, question=q, text="Yes.")
        for q in questions)
    russia = make_country()
    Question.countries.through.objects.bulk_create(
        Question.countries.through(question=q, country=russia) for q in questions)
    documents = prepared(Answer)
    assert len(documents) == CHUNK_SIZE + 1
    assert {tuple(d["country"]) for d in documents.values()} == {("RU",)}
    assert {d["from_question"] for d in documents.values()} == {"country:RU"}
