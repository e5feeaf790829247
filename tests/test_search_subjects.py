"""What each statement is about: the countries and topics its own words mention,
counted and filtered per statement by both search engines."""

import pytest
from django.apps import apps

from archive.editing.edits import edit_text
from archive.ingest.load import load_document
from archive.ingest.parser import parse
from archive.models import Answer, Question
from archive.search.sync import process_queue
from tests.factories import make_country, make_topic

pytestmark = pytest.mark.django_db

TRANSCRIPT = """\
Wang Yi on the Pacific and trade

Beijing, September 16, 2020

Reporter: How do you see relations with Kiribati?

Wang Yi: We welcome the decision of its government.

Wang Yi: Cooperation with the island countries of the Pacific is win-win cooperation.

Reporter: And cooperation on tariffs?

Wang Yi: Chinese companies oppose the trade war. Beijing's position is clear.

Reporter: Will you visit Kiribati?

Wang Yi: Kiribati is a good friend; I will visit soon.
"""


@pytest.fixture
def interview():
    for code, name in [("KI", "Kiribati"), ("CN", "China"), ("US", "United States")]:
        make_country(code, name)
    make_topic("Trade", keywords=["tariff", "trade war"])
    make_topic("Climate change", keywords=["climate change"])
    return load_document(TRANSCRIPT, parse(TRANSCRIPT), publish=True).interview


def subjects(statement):
    return ({c.code for c in statement.countries.all()},
            {t.slug for t in statement.topics.all()})


def test_each_statement_is_tagged_with_what_its_own_words_mention(interview):
    questions = list(interview.questions.order_by("position"))
    answers = list(interview.answers.order_by("position"))
    assert [subjects(q) for q in questions] == [
        ({"KI"}, set()), (set(), {"trade"}), ({"KI"}, set())]
    # "Chinese" and "Beijing" (the government) are China; "trade war" is Trade.
    assert [subjects(a) for a in answers] == [
        (set(), set()), (set(), set()), ({"CN"}, {"trade"}), ({"KI"}, set())]


def test_the_interview_keeps_the_union_and_shows_it(client, interview):
    assert {c.code for c in interview.countries.all()} >= {"KI", "CN"}
    assert {t.slug for t in interview.topics.all()} == {"trade"}
    page = client.get(interview.get_absolute_url()).content.decode()
    assert ">Kiribati</a>" in page and ">China</a>" in page and ">Trade</a>" in page
    assert "United States" not in page


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.context


def test_a_country_filter_selects_statements_that_mention_it(client, search_index, interview):
    process_queue()
    found = search(client, country="KI")
    texts = {(hit.type, hit.text): hit.through_question for hit in found["hits"]}
    assert texts == {
        ("question", "How do you see relations with Kiribati?"): (),
        # answers to a question about Kiribati count, marked as found through it
        ("answer", "We welcome the decision of its government."): ("Kiribati",),
        ("answer", "Cooperation with the island countries of the Pacific is win-win "
                   "cooperation."): ("Kiribati",),
        ("question", "Will you visit Kiribati?"): (),
        ("answer", "Kiribati is a good friend; I will visit soon."): (),
    }
    typed = search(client, q="country:kiribati")
    assert {(h.type, h.text): h.through_question for h in typed["hits"]} == texts
    page = client.get("/search/", {"q": "welcome", "country": "KI"}).content.decode()
    assert "Found through its question, which mentions Kiribati" in page
    api = client.get("/api/search/", {"q": "welcome", "country": "KI"}).json()
    assert [r["through_question"] for r in api["results"]] == [["Kiribati"]]


def test_facets_count_statements_not_interviews(client, search_index, interview):
    process_queue()
    found = search(client, q="cooperation")
    groups = {g["param"]: {o["label"]: o["count"] for o in g["options"]}
              for g in found["facets"]}
    # Of the two statements with "cooperation", one answers a question about
    # Kiribati, the other asks about tariffs; neither mentions China, though the
    # interview does.
    assert found["page"].hits == 2
    assert groups["country"] == {"Kiribati": 1}
    assert groups["topic"] == {"Trade": 1}
    assert [h.text for h in search(client, q="cooperation", topic="trade")["hits"]] == [
        "And cooperation on tariffs?"]


def test_a_correction_retags_the_statement_and_its_document(client, search_index, interview):
    process_queue()
    answer = interview.answers.get(position=1)
    edit_text(answer, "We welcome the decision of the Chinese government on climate change.")
    process_queue()
    assert subjects(answer) == ({"CN"}, {"climate-change"})
    assert {t.slug for t in interview.topics.all()} == {"trade", "climate-change"}
    found = search(client, q="welcome", country="CN")
    assert [h.text for h in found["hits"]] == [answer.text]
    assert found["hits"][0].through_question == ()


def test_the_migration_tags_statements_already_stored(interview):
    migration = __import__("archive.migrations.0006_statement_subjects", fromlist=["x"])
    for model in (Answer, Question):
        for relation in ("countries", "topics"):
            model._meta.get_field(relation).remote_field.through.objects.all().delete()
    migration.tag_existing(apps, None)
    answer = interview.answers.get(position=3)
    assert subjects(answer) == ({"CN"}, {"trade"})
    assert subjects(interview.questions.get(position=1)) == ({"KI"}, set())


def test_subjects_set_by_hand_reach_the_index(client, search_index, interview):
    process_queue()
    answer = interview.answers.get(position=1)
    answer.countries.add(make_country("US", "United States"))
    process_queue()
    assert [h.text for h in search(client, country="US")["hits"]] == [answer.text]
