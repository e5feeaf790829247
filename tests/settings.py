"""Test settings: the project's settings with test-only overrides.

Tests run against SQLite by default and against PostgreSQL when DATABASE_URL says
so; the Whoosh index lives in a temporary directory, never in var/.
"""

import tempfile

from archive.settings import *  # noqa: F403
from archive.settings import HAYSTACK_CONNECTIONS

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TEST_INDEX_DIR = tempfile.mkdtemp(prefix="archive-test-index-")
HAYSTACK_CONNECTIONS["default"]["PATH"] = TEST_INDEX_DIR
