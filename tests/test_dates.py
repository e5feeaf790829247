"""Browsing by date: /dates/, a year, a month."""

import datetime

import pytest

from archive.models import Interview
from tests.factories import make_interview

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


@pytest.fixture
def interviews():
    return {
        "sep16": make_interview("September briefing", date=datetime.date(2020, 9, 16)),
        "sep2": make_interview("Early September", date=datetime.date(2020, 9, 2)),
        "mar": make_interview("March interview", date=datetime.date(2020, 3, 1)),
        "old": make_interview("Old speech", date=datetime.date(2018, 6, 1)),
        "year": make_interview("Sometime in 2020", date=datetime.date(2020, 1, 1),
                               date_precision=Interview.DatePrecision.YEAR),
        "undated": make_interview("Undated", date=None),
    }


def test_index_shows_every_year_with_its_months(client, interviews):
    page = text(client.get("/dates/"))
    assert page.index('href="/dates/2020/"') < page.index('href="/dates/2018/"')
    assert "4 interviews" in page  # 2020, including the one dated only to the year
    assert 'href="/dates/2020/09/"' in page and 'href="/dates/2020/03/"' in page
    assert 'href="/dates/2020/01/"' not in page  # the year-only date is not a January one
    assert "1 interview has no known year" in page


def test_year_lists_its_interviews_and_months(client, interviews):
    page = text(client.get("/dates/2020/"))
    assert '<h1>Interviews in <time datetime="2020">2020</time></h1>' in page
    for title in ["September briefing", "Early September", "March interview", "Sometime in 2020"]:
        assert title in page
    assert "Old speech" not in page
    assert 'rel="prev" href="/dates/2018/"' in page


def test_month_lists_its_interviews_by_day_with_neighbouring_months(client, interviews):
    page = text(client.get("/dates/2020/09/"))
    assert '<h1>Interviews in <time datetime="2020-09">September 2020</time></h1>' in page
    assert page.index("September briefing") < page.index("Early September")
    assert "Wednesday 16 September" in page
    assert "March interview" not in page
    assert 'rel="prev" href="/dates/2020/03/"' in page
    assert 'rel="next"' not in page


def test_a_year_only_interview_is_in_no_month(client, interviews):
    assert client.get("/dates/2020/01/").status_code == 404


def test_empty_and_impossible_dates_are_not_found(client, interviews):
    assert client.get("/dates/2019/").status_code == 404
    assert client.get("/dates/2020/13/").status_code == 404
    assert client.get("/dates/2020/9/").status_code == 404  # months have two digits


def test_index_of_an_empty_archive_says_so(client):
    assert "No dated interviews have been published yet." in text(client.get("/dates/"))
