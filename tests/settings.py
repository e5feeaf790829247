"""Test settings: the project's settings with test-only overrides.

Tests run against SQLite by default and against PostgreSQL when DATABASE_URL says
so; the Whoosh index lives in a temporary directory, never in var/.
"""

import os
import tempfile

from archive.settings import *  # noqa: F403
from archive.settings import DATABASES, HAYSTACK_CONNECTIONS

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Processes that tests start share the test's directory through the environment.
TEST_TMP_DIR = os.environ.get("ARCHIVE_TEST_TMP_DIR") or tempfile.mkdtemp(prefix="archive-tests-")
HAYSTACK_CONNECTIONS["default"]["PATH"] = os.path.join(TEST_TMP_DIR, "whoosh_index")
# A write waits at most this long for another process's index lock in tests.
HAYSTACK_CONNECTIONS["default"]["LOCK_TIMEOUT"] = 30
ARCHIVE_SEARCH_LOCK_PATH = os.path.join(TEST_TMP_DIR, "whoosh_index.lock")

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that tests can start other processes on the same data.
    DATABASES["default"]["TEST"] = {"NAME": os.path.join(TEST_TMP_DIR, "test.sqlite3")}

# Tests never run collectstatic: static files are served from the app directories,
# as in development, instead of from the production manifest.
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
