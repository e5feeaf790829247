"""What search engines and link previews read: sitemap, robots.txt, canonical
links, descriptions, OpenGraph, titles; and the error pages."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.test import override_settings

from tests.factories import make_country, make_exchange, make_interview, make_speaker, make_topic

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(client, url):
    tree = ET.fromstring(client.get(url).content)
    return [loc.text for loc in tree.iter(f"{SITEMAP}loc")]


def test_sitemap_lists_every_published_page_and_no_draft(client):
    trade, china, wang = make_topic("Trade"), make_country("CN", "China"), make_speaker("Wang Yi")
    interview = make_interview("Shown", topics=[trade], countries=[china])
    _, answer = make_exchange(interview, speaker=wang)
    draft = make_interview("Secret", published=False, topics=[make_topic("Hidden")])
    make_exchange(draft, speaker=make_speaker("Secret Speaker"))

    sections = locations(client, "/sitemap.xml")
    assert "http://testserver/sitemap-interviews.xml" in sections
    everything = [loc for section in sections for loc in locations(client, section)]
    for path in ["/", "/interviews/", "/topics/", "/countries/", "/speakers/", "/dates/",
                 interview.get_absolute_url(), answer.get_absolute_url(), "/topics/trade/",
                 "/countries/china/", "/speakers/wang-yi/"]:
        assert f"http://testserver{path}" in everything, path
    assert not [loc for loc in everything if "secret" in loc or "hidden" in loc]


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_pages_have_a_canonical_link_description_and_opengraph(client):
    interview = make_interview("Wang Yi on trade", kind="interview")
    _, answer = make_exchange(
        interview, answer="Free trade matters.", speaker=make_speaker("Wang Yi")
    )
    page = client.get(answer.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{answer.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="Wang Yi, 16 September 2020">' in page
    description = r'<meta name="description" content="Wang Yi, Wang Yi on trade[^"]*Free trade'
    assert re.search(description, page)


def test_a_later_page_of_a_list_is_its_own_canonical_page(client):
    for _ in range(26):
        make_interview()
    page = client.get("/interviews/?page=2&kind=").content.decode()
    assert '<link rel="canonical" href="http://testserver/interviews/?page=2">' in page


@pytest.mark.parametrize(
    "url, title",
    [("/", "Diplomatic statements archive"),
     ("/interviews/", "Interviews · Diplomatic statements archive"),
     ("/topics/", "Topics · Diplomatic statements archive"),
     ("/countries/china/", "China · Countries · Diplomatic statements archive"),
     ("/speakers/wang-yi/", "Wang Yi · Speakers · Diplomatic statements archive"),
     ("/dates/2020/09/", "Interviews in September 2020 · Diplomatic statements archive")],
)
def test_titles_say_where_the_reader_is(client, url, title):
    china = make_country("CN", "China")
    make_exchange(make_interview(countries=[china]), speaker=make_speaker("Wang Yi"))
    assert f"<title>{title}</title>" in client.get(url).content.decode()


def test_the_404_page_helps_the_reader_on(client):
    response = client.get("/interviews/wang-yi-on-trade/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Page not found</h1>" in page
    assert 'value="wang yi on trade"' in page  # the search box guesses from the address
    assert 'href="/interviews/"' in page and 'href="/topics/"' in page
    assert 'rel="canonical"' not in page


def test_the_500_page_needs_no_database_or_context(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = render_to_string("500.html")
    assert "Something went wrong" in page and 'href="/"' in page


@override_settings(DEBUG=False)
def test_a_server_error_shows_the_500_page(client, monkeypatch):
    from archive.views import browse

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(browse.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
