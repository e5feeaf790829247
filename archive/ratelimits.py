"""Rate limits per client (django-ratelimit): who the client is, and a limit that
fails open when its cache cannot be reached."""

import ipaddress
import logging
from functools import wraps

from django.conf import settings
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def client_ip(request):
    """The client's address (RATELIMIT_IP_META_KEY, AXES_CLIENT_IP_CALLABLE).

    REMOTE_ADDR, unless ARCHIVE_PROXY_COUNT proxies stand in front: then the address
    the outermost of them saw, the count-th entry from the right of X-Forwarded-For,
    which each proxy appends to. Entries further left are whatever the client chose
    to send; so is the whole header if the client can reach gunicorn without the
    proxies, which `check --deploy` warns of (archive.W002).
    """
    count = settings.ARCHIVE_PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [a.strip() for a in header.split(",")]
    if count and header and len(forwarded) >= count:
        candidate = forwarded[-count]
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            log.warning("X-Forwarded-For entry %r is not an address", candidate)
    # Empty over a Unix socket without a proxy count, absent for force_login().
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def limit(group, rate_setting):
    """Allow each client the rate named by `rate_setting` (e.g. "60/m") across the
    views of `group`; past it, RatelimitMiddleware answers with RATELIMIT_VIEW (429).
    An empty rate turns the limit off. If the cache is down the request goes
    through, logged: a broken limiter must not take search down with it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            rate = getattr(settings, rate_setting)
            usage = _usage(request, group, rate) if rate else None
            if usage and usage["should_limit"]:
                request.retry_after = max(usage["time_left"], 1)
                raise Ratelimited
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _usage(request, group, rate):
    try:
        return get_usage(request, group=group, key="ip", rate=rate, increment=True)
    except (RedisError, OSError) as exc:
        log.error("Rate limit %s not applied, the cache is unreachable: %s", group, exc)
        return None
