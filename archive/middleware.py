"""What comes before any view: an address holding NUL (a 404, or dropped from the
query string), and a database that cannot be reached (503, not a 500 with a
traceback); and after it, compression."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, QueryDict
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string

from archive.views import api

log = logging.getLogger(__name__)

# Seconds a client is asked to wait: about what a database restart takes.
RETRY_AFTER = 30


class NulCharacterMiddleware:
    """A NUL character (%00) in the address: 404 in the path; in the query string,
    dropped from the names and values before any view reads them.

    PostgreSQL text cannot hold NUL: a lookup with one fails (a 500) where SQLite
    finds nothing. No slug or key of the archive has one, and in a parameter it only
    comes from pasted binary junk, which should not lose the rest of a search; so it
    is handled here, once, instead of in every view, form and admin filter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("The address holds a NUL character (%00).")
        pairs = [(key, value) for key, values in request.GET.lists() for value in values]
        if any("\x00" in key + value for key, value in pairs):
            # What reads the raw query string (get_full_path) sees the same.
            request.META["QUERY_STRING"] = urlencode(
                [(key.replace("\x00", ""), value.replace("\x00", "")) for key, value in pairs]
            )
            request.GET = QueryDict(request.META["QUERY_STRING"])
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
        if api.is_api(request):
            response = api.error(503, "Temporarily unavailable: the archive's database "
                                      "cannot be reached. Please try again in a minute.")
        else:
            response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its random padding against BREACH), except for responses
    that carry a CSRF token: the editors' and admin's forms, the sign-in page.

    BREACH reads a secret out of a compressed page that also reflects what an
    attacker sent. The reading pages hold no secret and are what needs to be small;
    a page with a token is a staff page, few and light, so it is sent as it is
    rather than relying on the token's per-response masking alone
    (docs/deploy.md, "Compression")."""

    def process_response(self, request, response):
        # A page holding a token ({% csrf_token %}, get_token()) always sets the CSRF
        # cookie again: CsrfViewMiddleware renews it whenever the token was used.
        if settings.CSRF_COOKIE_NAME in response.cookies:
            return response
        return super().process_response(request, response)
