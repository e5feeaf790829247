"""Machine-readable everywhere: ISO dates with their precision, slugs and permanent
links in the search API and CSV, <time datetime> on every date, feeds dated by
when it was said."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from archive.models import Interview
from archive.search.sync import process_queue
from tests.factories import make_exchange, make_interview, make_speaker, make_topic

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
YEAR = Interview.DatePrecision.YEAR


@pytest.fixture
def said(search_index):
    wang = make_speaker("Wang Yi", slug="wang-yi")
    kirby = make_speaker("John Kirby", slug="john-kirby")
    trade = make_topic("Trade")
    day = make_interview("On the summit", date=datetime.date(2020, 5, 14), topics=[trade])
    make_exchange(day, "Your view of sovereignty?", "Sovereignty must be respected.",
                  speaker=wang)
    year = make_interview("A speech of 2022", date=datetime.date(2022, 1, 1),
                          date_precision=YEAR, topics=[trade])
    make_exchange(year, "And sovereignty at sea?", "Sovereignty at sea is not for sale.",
                  speaker=kirby)
    process_queue()
    return {"day": day, "year": year, "wang": wang, "kirby": kirby}


def times(html):
    return re.findall(r"<time\b[^>]*>.*?</time>", html)


def test_search_results_date_every_hit_with_its_precision(client, said):
    html = client.get("/search/", {"q": "sovereignty"}).content.decode()
    found = times(html)
    assert '<time datetime="2020-05-14">14 May 2020</time>' in found
    assert '<time datetime="2022">2022</time>' in found
    assert all("datetime=" in t for t in found)


def test_the_search_api_gives_iso_dates_precision_slugs_and_permalinks(client, said):
    body = client.get("/api/search/", {"q": "sovereignty", "type": "answer", "sort": "date"})
    by_speaker = {r["speaker"]: r for r in body.json()["results"]}
    wang, kirby = by_speaker["Wang Yi"], by_speaker["John Kirby"]
    assert (wang["date"], wang["year"], wang["date_precision"], wang["display_date"]) == (
        "2020-05-14", 2020, "day", "14 May 2020")
    assert (kirby["date"], kirby["year"], kirby["date_precision"]) == (None, 2022, "year")
    assert wang["speaker_slug"] == "wang-yi" and wang["interview_slug"] == said["day"].slug
    answer = said["day"].answers.get()
    assert wang["url"] == f"http://testserver{answer.get_absolute_url()}"
    assert wang["interview_url"] == (
        f"http://testserver{said['day'].get_absolute_url()}#a{answer.position}")
    assert client.get(wang["url"]).status_code == 200


def test_the_csv_export_gives_iso_dates_precision_slugs_and_permalinks(client, said):
    response = client.get("/search/export.csv", {"q": "sovereignty", "type": "answer"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    by_speaker = {row["speaker"]: row for row in rows}
    assert by_speaker["Wang Yi"]["date"] == "2020-05-14"
    assert by_speaker["Wang Yi"]["date_precision"] == "day"
    assert (by_speaker["John Kirby"]["date"], by_speaker["John Kirby"]["date_precision"]) == (
        "2022", "year")
    assert by_speaker["John Kirby"]["speaker_slug"] == "john-kirby"
    assert by_speaker["John Kirby"]["interview_slug"] == said["year"].slug
    assert by_speaker["John Kirby"]["url"].endswith("/answers/1/")


def render_date(interview):
    return Template("{% load archive_tags %}{% date_of i %}").render(Context({"i": interview}))


def test_date_of_writes_a_time_only_for_what_is_known():
    known = Interview(date=datetime.date(2020, 9, 16), date_precision="day")
    assert render_date(known) == '<time datetime="2020-09-16">16 September 2020</time>'
    year = Interview(date=datetime.date(2022, 1, 1), date_precision=YEAR)
    assert render_date(year) == '<time datetime="2022">2022</time>'
    unknown = Interview(date=None, date_precision="unknown")
    assert render_date(unknown) == "Date unknown"


def test_every_date_on_every_reading_page_is_a_time_with_a_datetime(client, said):
    day, year = said["day"], said["year"]
    answer = day.answers.get()
    pages = ["/", "/interviews/", day.get_absolute_url(), year.get_absolute_url(),
             answer.get_absolute_url(), said["wang"].get_absolute_url(),
             "/speakers/john-kirby/?show=questions", "/topics/trade/", "/dates/2020/",
             "/dates/2020/05/", "/search/?q=sovereignty"]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        found = times(html)
        assert found, page
        assert all(re.search(r'datetime="\d{4}(-\d\d){0,2}"', t) for t in found), (page, found)
        body = html[html.index("<body"):]
        # A citation is text to copy in its style's own words, dates included.
        body = re.sub(r'<section class="cite".*?</section>', "", body, flags=re.S)
        visible = re.sub(r"<time\b[^>]*>.*?</time>|<[^>]+>", " ", body, flags=re.S)
        assert "14 May 2020" not in visible, page  # never a date outside its <time>


def entry_of(client, url, title_part):
    feed = ET.fromstring(client.get(url).content)
    return next(e for e in feed.iter(f"{ATOM}entry") if title_part in e.find(f"{ATOM}title").text)


def test_feed_entries_are_dated_when_said_updated_when_changed_and_by_the_speaker(client, said):
    entry = entry_of(client, "/feeds/interviews/", "A speech of 2022")
    assert entry.find(f"{ATOM}published").text.startswith("2022-01-01T00:00:00")
    updated = datetime.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
    assert updated == said["year"].updated_at
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "John Kirby"
    spoken = entry_of(client, "/speakers/wang-yi/feed/", "On the summit")
    assert spoken.find(f"{ATOM}published").text.startswith("2020-05-14T00:00:00")
    assert spoken.find(f"{ATOM}author/{ATOM}name").text == "Wang Yi"


def test_the_interview_feed_needs_the_same_queries_for_more_interviews(
        client, django_assert_max_num_queries):
    for n in range(12):
        interview = make_interview(f"Talk {n}")
        make_exchange(interview, speaker=make_speaker(f"Speaker {n}"))
        make_exchange(interview, speaker=make_speaker(f"Other {n}"))
    with django_assert_max_num_queries(6):
        entry = entry_of(client, "/feeds/interviews/", "Talk 3")
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Speaker 3, Other 3"
