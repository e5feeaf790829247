import shutil
import threading

import pytest
from haystack import connections


def pytest_collection_modifyitems(items):
    """Everything under tests/e2e/ is a browser test: `-m "not e2e"` leaves them out."""
    for item in items:
        if "e2e" in item.path.parent.parts:
            item.add_marker(pytest.mark.e2e)


SEARCH_ENGINES = {
    "whoosh": "archive.search.whoosh_backend.ArchiveWhooshEngine",
    "postgres": "archive.search.postgres_backend.PostgresSearchEngine",
}


@pytest.fixture(params=list(SEARCH_ENGINES))
def search_index(request, monkeypatch):
    """A fresh, empty search index: a Whoosh index in the test's temporary
    directory, then (when the tests run on PostgreSQL) PostgreSQL's own."""
    from django.db import connection

    if request.param == "postgres" and connection.vendor != "postgresql":
        pytest.skip("PostgreSQL search backend needs a PostgreSQL database")
    # Processes the test starts (tests/index_writer.py) read the backend from here.
    monkeypatch.setenv("ARCHIVE_SEARCH_BACKEND", request.param)
    configured = connections.connections_info
    options = {**configured["default"], "ENGINE": SEARCH_ENGINES[request.param]}
    connections.connections_info = {**configured, "default": options}
    # Haystack keeps a backend per thread: forget them all (the live server's too).
    connections.thread_local = threading.local()
    shutil.rmtree(options["PATH"], ignore_errors=True)
    backend = connections["default"].get_backend()
    backend.rebuild([])  # an empty index: a missing one reads as "being rebuilt"
    yield backend
    connections.connections_info = configured
    connections.thread_local = threading.local()


@pytest.fixture
def editor(client):
    """A client signed in as a member of the Editors group: uploads and corrects
    transcripts, may not publish."""
    from tests.factories import make_user

    client.force_login(make_user("editor", groups=["Editors"]))
    return client


@pytest.fixture
def publisher(client):
    """A client signed in as an editor who may also publish."""
    from tests.factories import make_user

    client.force_login(make_user("publisher", groups=["Editors"], perms=["publish_interview"]))
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches (facet names, rate limits)."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()
