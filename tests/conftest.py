import shutil

import pytest
from django.conf import settings
from haystack import connections


@pytest.fixture
def search_index():
    """A fresh, empty Whoosh index in the test's temporary directory."""
    shutil.rmtree(settings.HAYSTACK_CONNECTIONS["default"]["PATH"], ignore_errors=True)
    backend = connections["default"].get_backend()
    backend.setup_complete = False
    backend.setup()
    yield backend
    backend.setup_complete = False


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
    """Each test starts with an empty cache (facet names, rate limits)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
