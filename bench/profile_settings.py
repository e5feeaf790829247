"""Settings of a profiling run (bench/profile_pages.py): production's, plus a
middleware that profiles the requests that ask for it. Never used to serve readers."""

from archive.settings import *  # noqa: F403
from archive.settings import MIDDLEWARE

MIDDLEWARE = ["bench.profile_pages.ProfileMiddleware", *MIDDLEWARE]
# Every request renders its page: the page cache would hide where rendering's time goes
# (ARCHIVE_PROFILE_CACHED=1 profiles pages served from it instead).
if not os.environ.get("ARCHIVE_PROFILE_CACHED"):  # noqa: F405
    CACHES = {**CACHES, "pages": {  # noqa: F405
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
