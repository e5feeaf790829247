"""Browsing whole collections: a UN member's 70 years of speeches apart from what
mentions it, a session's speeches by country, thousands of speakers by initial, and
page numbers however they are typed. Every page runs as many queries for 60 rows as
for 3.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from archive.models import Answer, Interview
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def make_speech(country, year, speaker=None, mentions=(), topics=()):
    """A General Debate speech as the importer stores it: dated to the year only,
    spoken by the country, one statement."""
    speech = make_interview(
        f"Address by {speaker or 'the delegate'}, {country.name}, {year}",
        date=datetime.date(year, 1, 1),
        date_precision=Interview.DatePrecision.YEAR,
        kind=Interview.Kind.SPEECH,
        speaking_country=country,
        countries=mentions,
        topics=topics,
    )
    Answer.objects.create(interview=speech, position=1, speaker=speaker,
                          kind="statement", text="Mr. President, ...")
    return speech


def country_named(i):
    """The i-th of many countries, their initials spread over the alphabet."""
    return make_country(f"{chr(65 + i // 26)}{chr(65 + i % 26)}", f"{chr(65 + i % 26)}ria {i}")


def make_collection(start, stop, main, topic):
    """Countries start..stop: each speaks in 2000 (mentioning `main`), has a
    delegate, and `main` speaks once a year from 1946 + i."""
    main_delegate = main.speakers.first() or make_speaker("Main Delegate", country=main)
    for i in range(start, stop):
        country = country_named(i)
        delegate = make_speaker(f"{chr(65 + i % 26)}. Delegate {i}", country=country)
        make_speech(country, 2000, delegate, mentions=[main], topics=[topic])
        make_speech(main, 1946 + i, main_delegate, topics=[topic])


def queries_for(url, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


SCALED_PAGES = [
    "/countries/", "/countries/japan/", "/countries/japan/?own_page=2&page=2",
    "/countries/japan/?year=1948", "/speakers/", "/speakers/?letter=b",
    "/topics/", "/topics/general-debate/", "/dates/2000/", "/dates/2000/?speech_page=2",
    "/interviews/",
]


@pytest.mark.parametrize("url", SCALED_PAGES)
def test_a_page_runs_as_many_queries_for_60_rows_as_for_3(client, url,
                                                          django_assert_num_queries):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 3, japan, topic)
    with_three = queries_for(url, client)
    make_collection(3, 60, japan, topic)
    with django_assert_num_queries(with_three):
        response = client.get(url)
    assert response.status_code == 200


def test_a_country_page_keeps_its_own_speeches_apart_from_what_mentions_it(client):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 30, japan, topic)
    page = text(client.get("/countries/japan/"))
    assert "30 statements by Japan · 30 interviews mention Japan." in page
    own, mentions = page.split('id="own-heading"')[1].split('id="interviews-heading"')
    # Its own: newest first, by year, 25 a page.
    assert "Statements by Japan</h2>" in own
    assert re.findall(r'<h3 class="year-heading">(\d+)</h3>', own)[:2] == ["1975", "1974"]
    assert "Address by Main Delegate, Japan, 1975" in own
    assert "Address by Main Delegate, Japan, 1950" not in own
    assert 'href="?own_page=2"' in own and "Page 1 of 2" in own
    # What mentions it: the other countries' speeches, all of 2000.
    assert "Interviews mentioning Japan</h2>" in mentions
    assert re.findall(r'<h3 class="year-heading">(\d+)</h3>', mentions) == ["2000"]
    assert "Address by D. Delegate 29, Dria 29, 2000" in mentions
    assert "Address by Main Delegate" not in mentions
    # The years table counts both.
    assert re.search(r'<a href="\?year=2000">2000</a></th>\s*<td>0</td><td>30</td>', page)
    assert re.search(r'<a href="\?year=1946">1946</a></th>\s*<td>1</td><td>0</td>', page)


def test_the_second_page_of_a_countrys_speeches_keeps_the_other_list_in_place(client):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 30, japan, topic)
    page = text(client.get("/countries/japan/?own_page=2&page=2"))
    own, mentions = page.split('id="own-heading"')[1].split('id="interviews-heading"')
    assert "Address by Main Delegate, Japan, 1950" in own and "Page 2 of 2" in own
    assert 'href="?page=2"' in own  # back to page 1 of its own, mentions stay on 2
    assert 'href="?own_page=2"' in mentions


def test_a_country_page_in_one_year(client):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 5, japan, topic)
    page = text(client.get("/countries/japan/?year=1948"))
    assert "1 statement by Japan in 1948 · 0 interviews mention Japan." in page
    assert "Address by Main Delegate, Japan, 1948" in page


def test_a_years_page_lists_its_speeches_by_country_then_the_other_statements(client):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 3, japan, topic)
    make_speech(japan, 2000, make_speaker("Yohei Kono", country=japan))
    make_interview("Press briefing on the session", date=datetime.date(2000, 9, 12))
    page = text(client.get("/dates/2000/"))
    assert "4 speeches by countries · 1 other interview and statement." in page
    speeches, others = page.split('id="speeches-heading"')[1].split('id="others-heading"')
    assert re.findall(r'class="country" href="/countries/[\w-]+/">([^<]+)</a>', speeches) == [
        "Aria 0", "Bria 1", "Cria 2", "Japan"]
    assert 'href="/countries/japan/"' in speeches
    assert "Press briefing on the session" in others and "Address by" not in others


def test_a_year_of_speeches_alone_has_a_page(client):
    """Speeches are dated to the year: the year has no month, and still a page."""
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 2, japan, topic)
    page = text(client.get("/dates/1946/"))
    assert "Address by Main Delegate, Japan, 1946" in page
    assert "None in 1946 besides the speeches." in page


def test_speakers_are_listed_by_initial_with_counts_and_askers_stay_out(client):
    for name in ["Émile Durand", "Eden Anthony", "Zhao Lijian", "王毅", "Ban Ki-moon"]:
        interview = make_interview(f"Interview with {name}")
        make_exchange(interview, speaker=make_speaker(name))
    asker = make_speaker("Alice Asker", kind="journalist")
    question, _ = make_exchange(make_interview("Asked"), speaker=make_speaker("Bob Answer"))
    question.asker = asker
    question.save()
    page = text(client.get("/speakers/"))
    assert "Alice Asker" not in page
    nav = page.split('aria-label="Speakers by initial"')[1].split("</nav>")[0]
    entries = re.findall(r'href="\?letter=(\w+)"[^>]*>(\w+)</a> <span class="count">(\d+)', nav)
    assert entries == [("B", "B", "2"), ("E", "E", "2"), ("Z", "Z", "1"),
                       ("other", "Other", "1")]
    headings = re.findall(r'<h2 id="letter-\d+">(\w+)</h2>', page)
    assert headings == ["B", "E", "Z", "Other"]
    e_only = text(client.get("/speakers/?letter=e"))
    assert "Émile Durand" in e_only and "Eden Anthony" in e_only and "Zhao" not in e_only
    assert "2 speakers under E" in e_only
    assert "王毅" in text(client.get("/speakers/?letter=other"))
    assert "No speakers under “Q”" in text(client.get("/speakers/?letter=q"))


def test_countries_are_listed_by_initial_with_their_own_and_mentions(client):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 3, japan, topic)
    page = text(client.get("/countries/"))
    assert "4 countries" in page
    assert re.findall(r'<h2 id="countries-\d+">(\w+)</h2>', page) == ["A", "B", "C", "J"]
    assert re.search(r'href="/countries/japan/">Japan</a> <span class="count">3 by it · '
                     r'3 mentions</span>', page)
    assert re.search(r'href="/countries/aria-0/">Aria 0</a> <span class="count">1 by it · '
                     r'0 mentions</span>', page)


BAD_PAGES = ["0", "-1", "abc", "99999999999999999999", "", "1.5", "%00"]


@pytest.mark.parametrize("value", BAD_PAGES)
@pytest.mark.parametrize("url, param", [
    ("/speakers/", "page"), ("/countries/japan/", "own_page"), ("/countries/japan/", "page"),
    ("/topics/general-debate/", "page"), ("/dates/2000/", "speech_page"),
    ("/dates/2000/", "page"), ("/interviews/", "page"), ("/speakers/b-delegate-1/", "page"),
])
def test_a_page_number_that_is_none_shows_the_nearest_page_saying_so(client, url, param,
                                                                     value):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 3, japan, topic)
    page = text(client.get(url, {param: value}))
    if value == "99999999999999999999":
        assert "There is no page 99999999999999999999; this is the last page, 1." in page
    elif value == "":
        assert "page number" not in page and "There is no page" not in page
    else:
        assert f"“{value}” is not a page number; this is the first page." in page


def test_a_page_past_the_end_shows_the_last_page(client):
    japan, topic = make_country("JP", "Japan"), make_topic("General debate")
    make_collection(0, 30, japan, topic)
    page = text(client.get("/countries/japan/?own_page=7"))
    assert "There is no page 7; this is the last page, 2." in page
    assert "Address by Main Delegate, Japan, 1950" in page  # the last page's rows
