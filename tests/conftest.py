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
