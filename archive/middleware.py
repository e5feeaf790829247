"""Requests the archive refuses before any view: an address holding NUL (404, 400),
and a database that cannot be reached (503, not a 500 with a traceback)."""

import logging

from django.core.exceptions import BadRequest
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

# Seconds a client is asked to wait: about what a database restart takes.
RETRY_AFTER = 30


class NulCharacterMiddleware:
    """An address holding a NUL character (%00): 404 in the path, 400 naming the
    parameter in the query string.

    PostgreSQL text cannot hold NUL: a lookup with one fails (a 500) where SQLite
    finds nothing. No slug, key or parameter of the archive has one, so the request
    is refused here, once, instead of in every view, form and admin filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("The address holds a NUL character (%00).")
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest(
                    f"The query parameter {key[:40]!r} holds a NUL character (%00), "
                    "which no page of the archive can read."
                )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turns a lost or refused database connection into a plain 503 page.

    The page is rendered without a request context, so that it makes no query of
    its own. Django drops the broken connection at the end of the request, and
    CONN_HEALTH_CHECKS has the next request open a new one: the site recovers by
    itself once the database is back, without restarting workers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.error("Database unavailable for %s: %s", request.path, exception)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
