"""Settings for the archive. Deployment values come from the environment.

Development works with no environment at all (SQLite and Whoosh under var/);
production sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ARCHIVE_VAR_DIR", BASE_DIR / "var"))

# Known to everyone who reads this file: fine for a laptop, refused by wsgi.py
# (what production serves) unless DEBUG is on, and flagged by `check --deploy`.
DEV_SECRET_KEY = "django-insecure-development-key-never-use-in-production"
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEV_SECRET_KEY)

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Before haystack: its rebuild_index command is replaced by the archive's.
    "archive",
    "haystack",
    "simple_history",
    "csp",
    "django_ratelimit",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the app server: compressed, cached for a year.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped: after whitenoise (static files come precompressed), before all
    # that reads or writes the body; never a page with a CSRF token (BREACH).
    "archive.middleware.PublicGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history of interviews, questions and answers.
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    # After the middleware that adds headers, so that its 404 and 400 carry them too.
    "archive.middleware.NulCharacterMiddleware",
    # Over a rate limit: RATELIMIT_VIEW answers 429.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "archive.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'archive.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Writers queue for the lock instead of failing with "database is locked" when
    # two processes (web workers, an import) write at once.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "archive.search.whoosh_backend.ArchiveWhooshEngine",
        "PATH": os.environ.get("WHOOSH_INDEX_PATH", str(VAR_DIR / "whoosh_index")),
        "INCLUDE_SPELLING": True,
    },
}
# ARCHIVE_SEARCH_BACKEND=postgres: search in PostgreSQL itself, for sites that run
# on more than one machine (docs/search-backends.md). Whoosh stays the default.
SEARCH_BACKEND = os.environ.get("ARCHIVE_SEARCH_BACKEND", "whoosh").strip().lower()
if SEARCH_BACKEND == "postgres":
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "ARCHIVE_SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL."
        )
    HAYSTACK_CONNECTIONS["default"] = {
        "ENGINE": "archive.search.postgres_backend.PostgresSearchEngine",
    }
elif SEARCH_BACKEND != "whoosh":
    raise ImproperlyConfigured(
        f"ARCHIVE_SEARCH_BACKEND is {SEARCH_BACKEND!r}: use 'whoosh' or 'postgres'."
    )
# ARCHIVE_SEARCH_ACCEL=0 switches off the Whoosh accelerator (archive/search/accel/):
# plain Whoosh then serves every search, with the same analyzer and schema.
_ACCEL = os.environ.get("ARCHIVE_SEARCH_ACCEL", "1").strip()
if _ACCEL not in ("0", "1"):
    raise ImproperlyConfigured(f"ARCHIVE_SEARCH_ACCEL is {_ACCEL!r}: use 1 (on) or 0 (off).")
ARCHIVE_SEARCH_ACCEL = _ACCEL == "1"
# Only this project's models are indexed; filtering every search by model costs
# a pass over all documents for nothing.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production, `collectstatic` writes hashed, compressed copies that whitenoise
    # serves with far-future caching; development serves the files as they are.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "admin:login"

# The cache: facet names and other small tables, kept in each process, so that no
# outage elsewhere can break search or editing.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rate limits count in their own cache, shared by all workers through Redis in
# production (REDIS_URL); a limit fails open if Redis is down (archive.ratelimits).
RATELIMIT_USE_CACHE = "ratelimit"
REDIS_URL = os.environ.get("REDIS_URL", "")
# Rate limits, and whole pages for anonymous readers (archive/pagecache): shared by
# every worker through Redis in production, in each process's memory otherwise.
# Page keys carry content versions, so a change is never hidden; entries only expire
# to free space. An unreachable Redis fails fast (1 s).
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
for _alias in ("ratelimit", "pages"):
    CACHES[_alias] = (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
         "KEY_PREFIX": "archive", "OPTIONS": REDIS_OPTIONS}
        if REDIS_URL else
        {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": _alias,
         "OPTIONS": {"MAX_ENTRIES": 2000}}
    )
if REDIS_URL:
    # django-ratelimit's list of supported caches predates Django's own RedisCache,
    # whose incr() is Redis INCR: atomic and shared, what the check asks for.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    # One process (development, tests, a management command) shares its memory
    # cache with itself. For production, `check --deploy` warns (archive.W001)
    # when REDIS_URL is missing, so the silence cannot hide a real deployment.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

ARCHIVE_PAGE_CACHE = "pages"
ARCHIVE_PAGE_CACHE_SECONDS = int(os.environ.get("ARCHIVE_PAGE_CACHE_SECONDS", "86400"))
# Seconds a proxy or CDN in front may serve a page without asking (s-maxage). 0, the
# default: it keeps pages but revalidates each (ETag, 304), never showing anything
# unpublished or corrected since.
ARCHIVE_PROXY_MAX_AGE = int(os.environ.get("ARCHIVE_PROXY_MAX_AGE", "0"))


def _release():
    """What the deployed code is, in page cache keys and ETags: a new template or view
    must not be answered with a page the old one rendered. ARCHIVE_RELEASE (say, the
    commit) where files' times are not kept; else the newest source file's time."""
    sources = [path for folder in ("archive", "templates")
               for path in (BASE_DIR / folder).rglob("*")
               if path.suffix in (".py", ".html", ".txt", ".xml")]
    return os.environ.get("ARCHIVE_RELEASE") or str(max(p.stat().st_mtime_ns for p in sources))


ARCHIVE_RELEASE = _release()

# Rate limits per client address ("count/period"; an empty value turns one off).
# Search covers /search/, /api/search/ and /trends/ together.
ARCHIVE_SEARCH_RATE = os.environ.get("ARCHIVE_SEARCH_RATE", "60/m")
ARCHIVE_EXPORT_RATE = os.environ.get("ARCHIVE_EXPORT_RATE", "10/m")
# How many reverse proxies (each appending to X-Forwarded-For) stand in front.
ARCHIVE_PROXY_COUNT = int(os.environ.get("ARCHIVE_PROXY_COUNT", "0"))
# Memory each rebuild process may fill with postings before it sorts them out to
# temporary files (Whoosh's estimate; about 1.5 GB resident per process at 2048).
# Spilling slows a rebuild down markedly (docs/search.md); lower it on small machines.
ARCHIVE_REBUILD_POOL_MB = int(os.environ.get("ARCHIVE_REBUILD_POOL_MB", "2048"))
RATELIMIT_IP_META_KEY = "archive.ratelimits.client_ip"
RATELIMIT_VIEW = "archive.views.site.rate_limited"

# Sign-in lockout (django-axes): after this many failed attempts from one address,
# or against one account from any number of addresses, signing in from that address
# or to that account is refused (429) for the cool-off time; signing in resets the
# account's count (archive.lockout).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("ARCHIVE_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("ARCHIVE_LOGIN_COOLOFF_MINUTES", "15"))
)
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_HANDLER = "archive.lockout.LockoutHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "archive.ratelimits.client_ip"

# Content-Security-Policy (django-csp): only this site's own scripts, styles,
# images and fonts; no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Uploads larger than this are refused with a message, not truncated.
ARCHIVE_MAX_UPLOAD_BYTES = int(os.environ.get("ARCHIVE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# What reading one upload may cost (archive/ingest/limits.py): what a Word document
# may unpack to, and the time and memory of the child process that reads every
# format but plain text. Past them the upload is refused with the reason.
ARCHIVE_MAX_UNPACKED_BYTES = int(
    os.environ.get("ARCHIVE_MAX_UNPACKED_BYTES", 50 * 1024 * 1024)
)
ARCHIVE_READ_SECONDS = float(os.environ.get("ARCHIVE_READ_SECONDS", 20))
ARCHIVE_READ_MEMORY_MB = int(os.environ.get("ARCHIVE_READ_MEMORY_MB", 1024))
# Pasted and re-parsed transcripts are form fields, not files: let them be as large
# as an upload (plus the rest of the form) before Django answers 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_UPLOAD_BYTES + 1024 * 1024

if not DEBUG:
    SESSION_COOKIE_SECURE = os.environ.get("DJANGO_INSECURE_COOKIES") != "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
