"""Field queries take what people type: names, codes and slugs of countries, topics
and speakers, years and from:/to: dates; a value that names nothing says so."""

import datetime

import pytest

from archive.models import Source
from archive.search import values
from archive.search.query import parse_query
from archive.search.sync import process_queue
from tests.factories import make_country, make_exchange, make_interview, make_speaker, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(search_index):
    make_country("CN", "China", aliases=["PRC", "中国"], demonyms=["Chinese"])
    make_country("KR", "South Korea", official_name="Republic of Korea", slug="south-korea")
    make_country("US", "United States", slug="united-states")
    make_topic("Trade", keywords=["tariff", "trade war"])
    wang = make_speaker("Wang Yi", slug="wang-yi", aliases=["王毅"])
    wang_yiwei = make_speaker("Wang Yiwei", slug="wang-yiwei")
    geng = make_speaker("Geng Shuang", slug="geng-shuang")
    seoul = make_interview("Wang Yi in Seoul", date=datetime.date(2020, 11, 26))
    make_exchange(seoul, "How is cooperation with South Korea?",
                  "China and South Korea deepen their cooperation.", speaker=wang)
    make_exchange(seoul, "And with the United States?",
                  "Cooperation is the only right choice.", speaker=wang_yiwei)
    press = make_interview("Regular press conference", date=datetime.date(2018, 5, 11))
    make_exchange(press, "Will tariffs hurt cooperation?",
                  "Chinese firms oppose the trade war; cooperation benefits both.", speaker=geng)
    process_queue()


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response.context


def texts(context):
    return sorted(hit.text for hit in context["hits"])


CHINA = ["Chinese firms oppose the trade war; cooperation benefits both.",
         "China and South Korea deepen their cooperation."]


@pytest.mark.parametrize("typed", [
    "country:china", "country:China", "country:CN", "country:cn", "country:PRC",
    "country:Chinese", "country:中国", 'country:"china"',
])
def test_a_country_by_name_code_alias_or_adjective(client, archive, typed):
    found = search(client, f"{typed} cooperation")
    assert texts(found) == sorted(CHINA) and not found["notice"]


@pytest.mark.parametrize("typed", [
    'country:"south korea"', "country:south-korea", "country:KR",
    'country:"Republic of Korea"', "country:South_Korea",
])
def test_a_country_of_two_words_in_quotes_or_as_its_slug(client, archive, typed):
    found = search(client, f"{typed} cooperation")
    assert texts(found) == ["China and South Korea deepen their cooperation.",
                            "How is cooperation with South Korea?"]


def test_a_topic_by_slug_or_name(client, archive):
    expected = ["Chinese firms oppose the trade war; cooperation benefits both.",
                "Will tariffs hurt cooperation?"]
    assert texts(search(client, "topic:trade cooperation")) == expected
    assert texts(search(client, "topic:Trade cooperation")) == expected


@pytest.mark.parametrize("typed", ['speaker:"wang yi"', "speaker:王毅", "speaker:wang-yi",
                                   "speaker:WANG_YI"])
def test_a_speaker_by_name_alias_or_slug_is_that_person(client, archive, typed):
    # Not Wang Yiwei, whose name also holds the words "Wang" and "Yi…".
    assert texts(search(client, f"{typed} cooperation")) == [
        "China and South Korea deepen their cooperation."]


def test_part_of_a_name_searches_the_names(client, archive):
    assert texts(search(client, "speaker:wang cooperation")) == [
        "China and South Korea deepen their cooperation.",
        "Cooperation is the only right choice."]


def test_year_and_from_to_dates(client, archive):
    assert len(texts(search(client, "year:2018 cooperation"))) == 2
    assert len(texts(search(client, "from:2019 cooperation"))) == 3
    assert len(texts(search(client, "to:2018-05 cooperation"))) == 2
    assert len(texts(search(client, "to:2018-05-10 cooperation"))) == 0
    assert len(texts(search(client, "from:2018-05-11 to:2018-05-11 cooperation"))) == 2
    # a date alone is a search: everything said in that time
    assert len(search(client, "from:2020-11 to:2020-11")["hits"]) == 4


@pytest.mark.parametrize("typed, notice, suggestion", [
    ("country:chnia cooperation", "There is no country called “chnia”; did you mean China?",
     "country:China cooperation"),
    ('country:"south koera"', "There is no country called “south koera”; did you mean "
     "South Korea?", 'country:"South Korea"'),
    ("topic:trad", "There is no topic called “trad”; did you mean Trade?", "topic:Trade"),
    ("speaker:zhou cooperation", "There is no speaker called “zhou”.", None),
    ("country:atlantis", "There is no country called “atlantis”.", None),
    ("year:20 cooperation", "“20” is not a year: write four digits, as in year:2020.", None),
    ("from:2020-13 cooperation", "“2020-13” is not a date: write from:2020, from:2020-05 "
     "or from:2020-05-14.", None),
])
def test_a_value_that_names_nothing_says_so(client, archive, typed, notice, suggestion):
    found = search(client, typed)
    assert notice in found["notice"]
    assert found["suggestion"] == suggestion
    page = client.get("/search/", {"q": typed}).content.decode()
    assert notice.replace("“", "&ldquo;") in page or notice in page
    api = client.get("/api/search/", {"q": typed}).json()
    assert notice in api["notice"] and api["suggestion"] == suggestion


def test_an_unknown_field_is_offered_the_nearest(client, archive):
    found = search(client, "contry:china cooperation")
    assert "There is no field called 'contry'." in found["notice"]
    assert found["suggestion"] == "country:china cooperation"
    # its value is searched as a word, its name is not
    assert texts(found) == ["China and South Korea deepen their cooperation."]


def test_a_field_name_never_becomes_a_word_of_did_you_mean(client, archive):
    assert parse_query("country:china speaker:\"wang yi\" cooperatoin").words == (
        "cooperatoin",)
    found = search(client, "country:china cooperatoin")
    assert found["page"].hits == 0
    assert found["suggestion"] == "country:china cooperation"


def test_the_filters_in_the_address_take_names_too(client, archive):
    assert texts(search(client, "cooperation", country="china")) == sorted(CHINA)
    assert texts(search(client, "cooperation", country="south-korea", topic="Trade")) == []
    form = search(client, "cooperation", country="narnia")["form"]
    assert form.errors["country"] == ["There is no country called “narnia”."]


@pytest.mark.parametrize("typed, query", [
    ("kind:speech", 'kind:"speech"'),
    ('kind:"press conference"', 'kind:"press_conference"'),
    ("type:answers", 'type:"answer"'),
    ("language:zh", 'language:"zh"'),
    ("language:Chinese", 'language:"zh"'),
    ("source:xinhua", 'source:"xinhua"'),
    ('source:"Xinhua News Agency"', 'source:"xinhua"'),
    ("year:2020", 'year:"2020"'),
])
def test_every_exact_field_takes_names(typed, query):
    Source.objects.create(name="Xinhua News Agency", slug="xinhua")
    parsed = parse_query(typed, values.typed)
    assert (parsed.text, parsed.notice) == (query, "")
