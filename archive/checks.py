"""System checks of the archive's own deployment (`manage.py check --deploy`),
registered by `ArchiveConfig.ready`."""

import ipaddress

from django.conf import settings
from django.core import checks
from gunicorn.util import parse_address

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}


def check_shared_cache(app_configs, **kwargs):
    """Rate limits counted in each worker's memory let a client through once per
    worker: production needs the shared cache that REDIS_URL configures."""
    if settings.CACHES[settings.RATELIMIT_USE_CACHE]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        checks.Warning(
            "The rate-limit cache is per process: each worker counts separately.",
            hint="Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to share it.",
            id="archive.W001",
        )
    ]


def check_proxy_bind(app_configs, **kwargs):
    """Behind proxies (ARCHIVE_PROXY_COUNT), the client is who X-Forwarded-For says,
    which only the proxies may write: a client that reaches gunicorn itself writes
    its own and escapes the rate limits and the lockout per address."""
    if not settings.ARCHIVE_PROXY_COUNT:
        return []
    from archive import gunicorn_conf  # reads the environment gunicorn reads

    public = [a for a in gunicorn_conf.bind_addresses() if not is_local_bind(a)]
    if not public:
        return []
    return [
        checks.Warning(
            f"ARCHIVE_PROXY_COUNT is set, but gunicorn listens on {', '.join(public)}: "
            "clients that reach it without the proxy choose their own address.",
            hint="Set GUNICORN_BIND to 127.0.0.1:8000, [::1]:8000 or a Unix socket "
            "(unix:/run/archive/gunicorn.sock) that only the proxy can reach.",
            id="archive.W002",
        )
    ]


def is_local_bind(address):
    """Whether gunicorn listening on `address` is reachable from this machine only:
    a loopback address or a Unix socket (a systemd file descriptor cannot be told)."""
    try:
        parsed = parse_address(address)
    except RuntimeError:
        return False
    if isinstance(parsed, str):
        return True  # a Unix socket's path
    if not isinstance(parsed, tuple):
        return False
    host = parsed[0]
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything
