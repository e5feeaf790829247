"""Atom feeds: latest interviews, per topic, per country, per speaker."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_country, make_exchange, make_interview, make_speaker, make_topic

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, [
        (e.find(f"{ATOM}title").text, e.find(f"{ATOM}link").get("href"))
        for e in feed.iter(f"{ATOM}entry")
    ]


@pytest.fixture
def archive():
    trade, china = make_topic("Trade"), make_country("CN", "China")
    wang = make_speaker("Wang Yi")
    on_trade = make_interview("On trade", topics=[trade])
    make_exchange(on_trade, answer="Free trade matters to everyone.", speaker=wang)
    make_interview("On China", countries=[china])
    draft = make_interview("Secret draft", published=False, topics=[trade], countries=[china])
    make_exchange(draft, answer="Secret words.", speaker=wang)
    return on_trade


def test_latest_interviews(client, archive):
    feed, items = entries(client, "/feeds/interviews/")
    assert feed.find(f"{ATOM}title").text.startswith("Latest interviews")
    assert sorted(title for title, _ in items) == ["On China", "On trade"]
    assert f"http://testserver{archive.get_absolute_url()}" in [link for _, link in items]


def test_a_topic_and_a_country_have_their_own_feeds(client, archive):
    _, items = entries(client, "/topics/trade/feed/")
    assert [title for title, _ in items] == ["On trade"]
    _, items = entries(client, "/countries/china/feed/")
    assert [title for title, _ in items] == ["On China"]


def test_a_speaker_feed_has_their_latest_answers(client, archive):
    feed, items = entries(client, "/speakers/wang-yi/feed/")
    assert [title for title, _ in items] == ["On trade: “Free trade matters to everyone.”"]
    assert items[0][1].endswith("/answers/1/")
    assert feed.find(f"{ATOM}entry/{ATOM}author/{ATOM}name").text == "Wang Yi"


def test_pages_announce_their_feeds(client, archive):
    page = client.get("/topics/trade/").content.decode()
    assert 'type="application/atom+xml"' in page and 'href="/topics/trade/feed/"' in page


def test_unknown_subjects_have_no_feed(client):
    assert client.get("/topics/nothing/feed/").status_code == 404
    assert client.get("/speakers/nobody/feed/").status_code == 404
