"""HTTP methods: the public site only reads. Every route outside /editor/ and /admin/
answers other methods with 405 and `Allow`, OPTIONS without running the view, and the
search API answers in JSON with the same CORS header as the rest of the API."""

import re
import shutil

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from archive.search.sync import process_queue
from archive.views import search as search_views
from tests.factories import make_exchange, make_interview

pytestmark = pytest.mark.django_db

UNSAFE = ["POST", "PUT", "PATCH", "DELETE"]
WRITABLE = ("editor/", "admin/")
# Tried in turn for each URL parameter until the route's converter takes one.
SAMPLES = ["sample", "2020", "01"]


def public_routes():
    """(name, sample path) of every named route of the site outside WRITABLE."""
    routes = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) or str(pattern.pattern).startswith(WRITABLE):
            continue
        assert isinstance(pattern, URLPattern) and pattern.name, pattern
        routes.append((pattern.name, sample_path(pattern)))
    return routes


def sample_path(pattern):
    kwargs = {}
    for parameter, converter in pattern.pattern.converters.items():
        kwargs[parameter] = next(sample for sample in SAMPLES if takes(converter, sample))
    return reverse(pattern.name, kwargs=kwargs)


def takes(converter, sample):
    if not re.fullmatch(converter.regex, str(sample)):
        return False
    try:
        converter.to_python(str(sample))
    except ValueError:
        return False
    return True


ROUTES = public_routes()
WHOOSH = pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)


def test_the_walk_finds_every_kind_of_public_page():
    names = {name for name, _ in ROUTES}
    assert {"home", "interview-detail", "speaker-feed", "date-month", "api-search", "search",
            "search-csv", "trends", "sitemap", "sitemap-section", "robots"} <= names
    assert not any(name.startswith("editor") for name in names)


@pytest.mark.parametrize("name, path", ROUTES)
@pytest.mark.parametrize("method", UNSAFE)
def test_unsafe_methods_on_a_public_page_get_405_with_allow(name, path, method):
    # CSRF checks on, as for a real browser: the answer is 405, not CSRF's 403.
    client = Client(enforce_csrf_checks=True)
    response = client.generic(method, path, data="q=sovereignty",
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 405, (method, path)
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    if path.startswith("/api/"):
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "not allowed" in response.json()["error"]


@pytest.mark.parametrize("name, path", ROUTES)
def test_options_names_the_methods_without_running_the_view(client, name, path,
                                                            django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.options(path)
    assert response.status_code == 200
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert response.content == b""


@WHOOSH  # a Whoosh index deleted on disk
def test_options_never_runs_a_search(client, search_index, settings):
    settings.ARCHIVE_SEARCH_RATE = "1/m"
    shutil.rmtree(search_index.path)  # a search now could only answer 503
    for path in ["/search/?q=x", "/api/search/?q=x", "/search/export.csv?q=x",
                 "/trends/?q=x"] * 2:
        assert client.options(path).status_code == 200, path  # and no rate limit counted
    assert client.get("/api/search/?q=x").status_code == 503


@pytest.fixture
def statements(search_index):
    interview = make_interview("Briefing")
    for n in range(25):
        make_exchange(interview, answer=f"Sovereignty, point {n}.")
    process_queue()


def test_the_search_api_pages_with_null_at_either_end(client, statements):
    first = client.get("/api/search/", {"q": "sovereignty"}).json()
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/search/?q=sovereignty&page=2"
    last = client.get(first["next"]).json()
    assert last["next"] is None
    assert last["previous"] == "http://testserver/api/search/?q=sovereignty&page=1"
    only = client.get("/api/search/", {"q": "point 7"}).json()
    assert only["next"] is None and only["previous"] is None


def test_every_search_api_answer_is_json_readable_from_any_site(client, statements, settings):
    settings.ARCHIVE_SEARCH_RATE = "2/m"
    answers = [client.get("/api/search/", {"q": "sovereignty"}), client.get("/api/search/"),
               client.get("/api/search/", {"q": "sovereignty"})]  # the third this minute
    assert [a.status_code for a in answers] == [200, 400, 429]
    for answer in answers:
        assert answer["Content-Type"] == "application/json"
        assert answer["Access-Control-Allow-Origin"] == "*"
    assert answers[1].json()["error"] and answers[2].json()["error"]


@WHOOSH  # a Whoosh index deleted on disk
def test_an_unreadable_index_is_a_json_503_readable_from_any_site(client, search_index):
    shutil.rmtree(search_index.path)
    response = client.get("/api/search/", {"q": "sovereignty"})
    assert response.status_code == 503 and response["Retry-After"]
    assert "being rebuilt" in response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_lost_database_is_a_json_503_under_the_api(client, monkeypatch):
    def lost(request):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(search_views, "run_search", lost)
    response = client.get("/api/search/", {"q": "sovereignty"})
    assert response.status_code == 503 and response["Retry-After"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Temporarily unavailable" in response.json()["error"]
    assert "server closed" not in response.content.decode()


def test_a_server_error_is_json_under_the_api_and_a_page_elsewhere(client, settings):
    settings.ROOT_URLCONF = "tests.failing_urls"
    client.raise_request_exception = False
    response = client.get("/api/failing/")
    assert response.status_code == 500
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "error on our side" in response.json()["error"]
    page = client.get("/failing/")
    assert page.status_code == 500 and b"Something went wrong" in page.content
