"""Every page runs a fixed number of SQL queries, however large the archive.

The archive here has 55 published interviews of 4 exchanges each; a page that ran a
query per row would blow these numbers at once.
"""

import pytest
from django.db import transaction

from tests.factories import make_archive

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at its end;
    each test runs in a savepoint within it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_archive(interviews=55, exchanges=4)
        transaction.set_rollback(True)


# page -> queries: what each query is for is in the comment. Pages kept in the page
# cache (archive/pagecache) add reading their content versions: one query, two for a
# transcript or an answer (which interview the address names, then its version).
PAGES = {
    # latest (+ topics, countries prefetch), topics, countries, speakers, years
    "/": 8,
    # count, page (+ topics, countries), languages and sources of the filter form
    "/interviews/": 7,
    "/interviews/?kind=press_conference&language=en": 7,
    # interview (+ topics, countries, questions, answers)
    "/interviews/regular-press-conference-7/": 7,
    # answer, previous, next, its stored similar answers
    "/interviews/regular-press-conference-7/answers/2/": 6,
    "/topics/": 2,
    # countries, interviews mentioning each, statements by each
    "/countries/": 4,
    # initials, count, page
    "/speakers/": 4,
    "/speakers/?letter=w": 4,
    # topic, count, page (+ topics, countries), interviews per year, statements per year
    "/topics/trade/": 8,
    "/topics/trade/?year=2021": 8,
    # country, its speakers, count of its own statements (none here, so no page),
    # its own and its mentions per year, count, page (+ topics, countries)
    "/countries/afghanistan/": 10,
    # speaker with counts, count, page
    "/speakers/wang-yi/": 4,
    # months, years with undated
    "/dates/": 3,
    # exists, months, previous and next year, speeches by country (count; none here),
    # count, page (+ topics, countries)
    "/dates/2020/": 10,
    "/dates/2020/05/": 9,
    # interviews (+ topics, countries, answers' speakers for the authors)
    "/feeds/interviews/": 5,
    "/topics/trade/feed/": 6,
    "/countries/china/feed/": 6,
    # speaker, answers
    "/speakers/wang-yi/feed/": 3,
    # languages (to validate the filter), count, page (+ topics, countries)
    "/api/interviews/": 5,
    # the same and the country named by the filter
    "/api/interviews/?country=AF&year=2020": 6,
    "/api/interviews/regular-press-conference-7/": 5,
    # count, page
    "/api/speakers/": 2,
    "/api/topics/": 2,
    "/api/countries/": 2,
    "/api/": 0,
    "/robots.txt": 0,
    # the latest change of each section and its size: one query each, two for speakers
    "/sitemap.xml": 7,
    "/sitemap-interviews.xml": 2,
    "/sitemap-answers.xml": 2,
    "/sitemap-speakers.xml": 2,
}


@pytest.mark.parametrize("url, queries", PAGES.items())
def test_page_runs_a_fixed_number_of_queries(client, archive, django_assert_num_queries,
                                             url, queries):
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


CACHED = [url for url in PAGES if not url.startswith(("/api", "/sitemap", "/robots"))]


@pytest.mark.parametrize("url", CACHED)
def test_a_page_asked_again_comes_from_the_page_cache(client, archive,
                                                      django_assert_max_num_queries, url):
    first = client.get(url)
    with django_assert_max_num_queries(2):  # the interview's id, its content version
        again = client.get(url)
    assert again.status_code == 200
    assert again.content == first.content
