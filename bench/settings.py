"""Benchmark settings: the project's settings on a throwaway database and index."""

import os

os.environ.setdefault("DATABASE_URL", f"sqlite:///{os.environ['ARCHIVE_BENCH_DIR']}/bench.sqlite3")

from archive.settings import *  # noqa: E402,F403
from archive.settings import HAYSTACK_CONNECTIONS  # noqa: E402

HAYSTACK_CONNECTIONS["default"]["PATH"] = os.path.join(os.environ["ARCHIVE_BENCH_DIR"], "index")
ARCHIVE_SEARCH_LOCK_PATH = os.path.join(os.environ["ARCHIVE_BENCH_DIR"], "index.lock")
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
DEBUG = False
# The benchmark renders pages without collectstatic.
STORAGES = {**STORAGES, "staticfiles": {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# One client sends every query: measure search, not the rate limiter.
RATELIMIT_ENABLE = False
