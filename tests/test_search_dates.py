"""Date ranges at the edges of the calendar, on every search backend: years before 1000
are written with four digits (0999), and Haystack's Whoosh query wrote them without."""

import csv
import datetime
import io

import pytest

from archive.search.sync import process_queue
from tests.factories import make_exchange, make_interview

pytestmark = pytest.mark.django_db

FAR_PAST = ["0001-01-01", "0099-12-31", "0999-01-01"]


@pytest.fixture
def statements(search_index):
    """One answer from 2020 and one from a (hypothetical) interview in 999."""
    modern = make_interview("Modern briefing", date=datetime.date(2020, 9, 16))
    make_exchange(modern, answer="Sovereignty must be respected today.")
    ancient = make_interview("Ancient embassy", date=datetime.date(999, 6, 1))
    make_exchange(ancient, answer="Sovereignty was respected then.")
    late = make_interview("Embassy of 1001", date=datetime.date(1001, 2, 3))
    make_exchange(late, answer="Sovereignty was still respected.")
    process_queue()


def answers(client, **params):
    response = client.get("/api/search/", {"q": "sovereignty", "type": "answer", **params})
    assert response.status_code == 200, response.content
    return sorted(hit["text"] for hit in response.json()["results"])


EVERY_ANSWER = ["Sovereignty must be respected today.", "Sovereignty was respected then.",
                "Sovereignty was still respected."]


@pytest.mark.parametrize("start", FAR_PAST)
def test_a_range_starting_before_year_1000_keeps_everything_after_it(client, statements, start):
    assert answers(client, **{"from": start}) == EVERY_ANSWER


@pytest.mark.parametrize("start", FAR_PAST)
def test_every_search_page_takes_a_bound_before_year_1000(client, statements, start):
    for path in ["/search/", "/trends/", "/search/export.csv"]:
        for bound in ("from", "to"):
            response = client.get(path, {"q": "sovereignty", bound: start})
            assert response.status_code == 200, (path, bound)
    exported = client.get("/search/export.csv", {"q": "sovereignty", "type": "answer",
                                                 "from": start})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert sorted(row[-1] for row in rows[1:]) == EVERY_ANSWER


def test_a_range_before_year_1000_finds_what_was_said_then(client, statements):
    assert answers(client, **{"from": "0998-01-01", "to": "0999-12-31"}) == [
        "Sovereignty was respected then."]
    assert answers(client, to="0999-06-01") == ["Sovereignty was respected then."]
    assert answers(client, **{"from": "0999-06-02", "to": "1999-12-31"}) == [
        "Sovereignty was still respected."]


def test_sorting_by_date_puts_year_999_before_year_1001(client, statements):
    response = client.get("/api/search/", {"q": "sovereignty", "type": "answer",
                                           "sort": "oldest"})
    assert [hit["text"] for hit in response.json()["results"]] == [
        "Sovereignty was respected then.", "Sovereignty was still respected.",
        "Sovereignty must be respected today."]


def test_trends_count_years_before_1000_in_order(client, statements):
    response = client.get("/trends/", {"q": "sovereignty", "type": "answer", "to": "1500-01-01"})
    trend = response.context["trend"]
    assert trend.buckets == ["0999", "1000", "1001"]
    assert trend.series[0].counts == {"0999": 1, "1001": 1}
    by_month = client.get("/trends/", {"q": "sovereignty", "type": "answer", "by": "month",
                                       "to": "1000-12-31"}).context["trend"]
    assert by_month.series[0].counts == {"0999-06": 1}
    assert by_month.buckets[0] == "0999-06" and by_month.buckets[-1] == "0999-06"


def test_the_year_filter_takes_a_four_digit_year_before_1000(client, statements):
    assert answers(client, year="0999") == ["Sovereignty was respected then."]
    assert answers(client, q="sovereignty year:0999") == ["Sovereignty was respected then."]
