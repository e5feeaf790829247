"""Pages come from the page cache, yet never show a state the database has left:
publishing, correcting and unpublishing show at once on every page that shows them,
with the cache in local memory and in a real Redis; validators give 304s; only
anonymous readers' pages are public."""

import uuid

import pytest
import redis
from django.core.cache import caches

from archive.search.related import store_related
from tests.factories import make_exchange, make_interview, make_topic, make_user

pytestmark = pytest.mark.django_db
REDIS_URL = "redis://127.0.0.1:6379/13"


def redis_answers():
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError):
        return False


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    prefix = f"test-{uuid.uuid4().hex}"
    if request.param == "redis":
        if not redis_answers():
            pytest.skip(f"Redis does not answer at {REDIS_URL}")
        settings.CACHES = {**settings.CACHES, "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}}
    yield caches["pages"]
    if request.param == "redis":
        # Only this test's keys: clear() would empty the database under a suite
        # running at the same time (CI runs SQLite and PostgreSQL side by side).
        server = redis.Redis.from_url(REDIS_URL)
        for key in server.scan_iter(match=f"{prefix}:*"):
            server.delete(key)
    else:
        caches["pages"].clear()


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def text(client, url):
    response = client.get(url)
    return response.status_code, response.content.decode()


def test_publish_correct_and_unpublish_show_at_once_on_every_cached_page(
        client, page_cache, search_index, on_commit):
    with on_commit():
        trade = make_topic("Trade")
        shown = make_interview("Talks on steel", topics=[trade])
        _, answer = make_exchange(shown, answer="Tariffs on steel imports will fall next year.")
        draft = make_interview("Later steel talks", published=False, topics=[trade])
        _, other = make_exchange(draft, answer="Tariffs on steel imports will rise next year.")
    transcript, answer_page = shown.get_absolute_url(), answer.get_absolute_url()
    listings = ["/", "/interviews/", "/feeds/interviews/", "/topics/trade/"]
    for url in [*listings, transcript, answer_page, "/search/?q=tariffs"]:
        assert client.get(url).content == client.get(url).content  # now cached

    with on_commit():
        draft.publish()
    store_related([other])  # as the index queue does
    for url in listings:
        assert "Later steel talks" in text(client, url)[1], url
    assert "Later steel talks" in text(client, "/search/?q=rise")[1]
    assert "Talks on steel" in text(client, other.get_absolute_url())[1]  # said elsewhere

    with on_commit():
        answer.text = "Tariffs on steel imports will vanish next year."
        answer.save()
    for url in [transcript, answer_page, "/search/?q=steel"]:
        assert "vanish" in text(client, url)[1], url
    assert "will fall" not in text(client, "/search/?q=steel")[1]

    with on_commit():
        shown.unpublish()
    assert text(client, transcript)[0] == 404
    assert text(client, answer_page)[0] == 404
    for url in [*listings, "/search/?q=steel", other.get_absolute_url()]:
        assert "Talks on steel" not in text(client, url)[1], url


def test_an_unchanged_page_answers_304_to_its_etag_and_date(client, page_cache, search_index,
                                                            on_commit):
    with on_commit():
        interview = make_interview("Talks on steel")
        _, answer = make_exchange(interview, answer="Steel tariffs will fall.")
    for url in [interview.get_absolute_url(), answer.get_absolute_url(), "/feeds/interviews/",
                "/interviews/"]:
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"]
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    etag = client.get(answer.get_absolute_url())["ETag"]
    with on_commit():
        answer.text = "Steel tariffs will vanish."
        answer.save()
    again = client.get(answer.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag
    assert "will vanish" in again.content.decode()


def test_anonymous_pages_are_public_and_staff_pages_private(client, page_cache, settings):
    interview = make_interview("Talks on steel")
    make_exchange(interview)
    anonymous = client.get(interview.get_absolute_url())
    assert anonymous["Cache-Control"] == "public, no-cache"
    assert "Cookie" in anonymous["Vary"]
    settings.ARCHIVE_PROXY_MAX_AGE = 120
    proxied = client.get("/interviews/")
    assert "public" in proxied["Cache-Control"] and "s-maxage=120" in proxied["Cache-Control"]
    client.force_login(make_user())
    staff = client.get(interview.get_absolute_url())
    assert "private" in staff["Cache-Control"] and "no-store" in staff["Cache-Control"]
    assert "ETag" not in staff


def test_pages_render_when_the_page_cache_cannot_be_reached(client, settings):
    settings.CACHES = {**settings.CACHES, "pages": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}}}
    interview = make_interview("Talks on steel")
    make_exchange(interview)
    response = client.get(interview.get_absolute_url())
    assert response.status_code == 200 and "Talks on steel" in response.content.decode()
