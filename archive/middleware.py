"""A database that cannot be reached answers 503, not a 500 with a traceback."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from archive.views import api

log = logging.getLogger(__name__)

# Seconds a client is asked to wait: about what a database restart takes.
RETRY_AFTER = 30


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
        if api.is_api(request):
            response = api.error(503, "Temporarily unavailable: the archive's database "
                                      "cannot be reached. Please try again in a minute.")
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response
