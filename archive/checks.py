"""System checks of the archive's own deployment (`manage.py check --deploy`),
registered by `ArchiveConfig.ready`."""

from django.conf import settings
from django.core import checks

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
