"""The public site only reads: writing happens under /editor/ and /admin/.

Every other route answers GET and HEAD; OPTIONS gets the allowed methods without
running the view (no search, no query), and anything else gets 405 with `Allow`.
"""

from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern

from archive.views import api

ALLOWED = ["GET", "HEAD", "OPTIONS"]
WRITABLE_PREFIXES = ("editor/", "admin/")


def read_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        if request.method == "OPTIONS":
            response = HttpResponse()
            if api.is_api(request):
                api.readable_anywhere(response)
        elif api.is_api(request):
            response = api.error(405, f"{request.method} is not allowed here; use GET.")
        else:
            response = HttpResponseNotAllowed(ALLOWED)
        response["Allow"] = ", ".join(ALLOWED)
        return response

    # Nothing here acts on a request body: an unsafe method is refused with 405, which
    # says what is wrong, rather than with CSRF's 403.
    wrapped.csrf_exempt = True
    return wrapped


def read_only_routes(urlpatterns):
    """`urlpatterns` with every route outside WRITABLE_PREFIXES made read_only."""
    return [
        URLPattern(p.pattern, read_only(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern) and not str(p.pattern).startswith(WRITABLE_PREFIXES)
        else p
        for p in urlpatterns
    ]
