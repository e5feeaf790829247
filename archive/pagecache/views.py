"""`cached_page`: a view's anonymous GETs served from the cache, with ETag,
Last-Modified, 304s and Cache-Control; everyone else gets the view itself.

The key is the page's address, the versions of the scopes it shows, the day (citations
print an access date) and the release: a change bumps a version in its own transaction,
so the next request asks for a new key and renders afresh. Only a 200 without cookies
is kept; a page that set a CSRF cookie, or a signed-in reader's page, never is.
"""

import datetime
import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from redis.exceptions import RedisError

from archive.pagecache import versions

log = logging.getLogger(__name__)


def cached_page(scopes):
    """Decorate a view; `scopes(request, **kwargs)` names the content versions the page
    shows, or None when it cannot tell (a page that is not there: the view answers)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _anonymous_get(request):
                response = view(request, *args, **kwargs)
                if request.method in ("GET", "HEAD"):
                    patch_cache_control(response, private=True, no_store=True)
                return response
            named = scopes(request, **kwargs)
            if named is None:
                return _public(request, view(request, *args, **kwargs))
            etag, last_modified = _validators(request, versions.current(named))
            unchanged = get_conditional_response(request, etag=etag,
                                                 last_modified=last_modified)
            if unchanged is not None:
                return _public(request, unchanged, etag, last_modified)
            key = f"archive:page:{etag.strip(chr(34))}"
            response = _kept(key) if request.method == "GET" else None
            if response is None:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                if not _keepable(request, response):
                    return _public(request, response)
                if request.method == "GET":
                    _keep(key, response)
            return _public(request, response, etag, last_modified)

        return wrapped

    return decorator


def _kept(key):
    """The page kept under `key`, or None; an unreachable cache renders afresh."""
    try:
        return caches[settings.ARCHIVE_PAGE_CACHE].get(key)
    except (RedisError, OSError) as exc:
        log.warning("Page cache unavailable (%s): rendering the page", exc)
        return None


def _keep(key, response):
    try:
        caches[settings.ARCHIVE_PAGE_CACHE].set(key, response,
                                                settings.ARCHIVE_PAGE_CACHE_SECONDS)
    except (RedisError, OSError) as exc:
        log.warning("Page cache unavailable (%s): page not kept", exc)


def _anonymous_get(request):
    """A GET or HEAD a shared cache may answer: no session, so nobody signed in and no
    messages waiting."""
    return (request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES)


def _validators(request, state):
    today = timezone.localdate()
    parts = [settings.ARCHIVE_RELEASE, request.build_absolute_uri(), today.isoformat()]
    # With the time of the change: after a rollback (or a restore) the same number
    # can stand for another change, never with the same microsecond.
    parts += [f"{scope}={version}@{when and when.isoformat()}"
              for scope, (version, when) in sorted(state.items())]
    etag = quote_etag(hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32])
    midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
    changed = [when for _, when in state.values() if when] + [midnight]
    return etag, int(max(changed).timestamp())


def _keepable(request, response):
    return (response.status_code == 200 and not response.cookies
            and not getattr(response, "streaming", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def _public(request, response, etag=None, last_modified=None):
    """Headers for a page anyone may be shown; a page that set a cookie stays private."""
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        patch_cache_control(response, private=True, no_store=True)
        return response
    if etag:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    proxy_seconds = settings.ARCHIVE_PROXY_MAX_AGE
    if proxy_seconds:
        patch_cache_control(response, public=True, max_age=0, s_maxage=proxy_seconds)
    else:
        # Kept, but asked about every time: a 304 costs one small query, and nothing
        # unpublished is ever shown from a proxy or a browser's cache.
        patch_cache_control(response, public=True, no_cache=True)
    patch_vary_headers(response, ["Cookie"])
    return response


def site_scopes(request, **kwargs):
    """Listings, the home page, feeds and subject pages: any published statement."""
    return [versions.SITE]


def search_scopes(request, **kwargs):
    """Search results: the index as of its last applied change."""
    return [versions.SEARCH]


def interview_scopes(request, slug, **kwargs):
    """A transcript or one of its answers: that interview's version (None when it is
    not published: the view answers 404, uncached)."""
    from archive.models import Interview

    pk = Interview.objects.published().filter(slug=slug).values_list("pk", flat=True).first()
    return None if pk is None else [versions.interview_scope(pk)]
