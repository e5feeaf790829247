"""The Whoosh accelerator: numpy over Whoosh's own files, for the same answers sooner.

Everything here reads or changes Whoosh's private internals, so it lives fenced off
in this package (README.md beside this file says what it relies on); nothing outside
it touches them. `ARCHIVE_SEARCH_ACCEL=0` switches it off: plain Whoosh then serves
every search with the same analyzer and schema.
"""

import whoosh
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from archive.search.accel import patches

# The Whoosh whose private format and internals the accelerator was written for
# (requirements.txt pins it).
WHOOSH_VERSION = "2.7.4"


def enabled():
    return settings.ARCHIVE_SEARCH_ACCEL


def require_whoosh(found=None):
    """Refuse to start on a Whoosh other than the one the accelerator reads."""
    found = found or whoosh.versionstring()
    if found != WHOOSH_VERSION:
        raise ImproperlyConfigured(
            f"The search accelerator reads Whoosh {WHOOSH_VERSION}'s private format, and "
            f"Whoosh {found} is installed. Install Whoosh=={WHOOSH_VERSION} "
            "(requirements.txt), or set ARCHIVE_SEARCH_ACCEL=0 to search with plain Whoosh."
        )


def start():
    """At start-up (AppConfig.ready): when the accelerator is on and Whoosh is the
    search backend, check Whoosh's version and patch it."""
    from haystack.backends.whoosh_backend import WhooshEngine

    if not enabled():
        return
    if not issubclass(import_string(settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"]),
                      WhooshEngine):
        return
    require_whoosh()
    patches.install()
