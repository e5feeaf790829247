"""The site around the pages: robots.txt, the 404 and 500 pages and the 429 answer."""

import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.generic import TemplateView

from archive.views import api

# Words of an address that name a kind of page, not what the reader looked for.
ROUTE_WORDS = {"interviews", "answers", "speakers", "topics", "countries", "dates", "api"}


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


def page_not_found(request, exception):
    """The 404 page, its search box holding the words of the address; JSON under /api/."""
    if api.is_api(request):
        return api.error(404, f"There is nothing at {request.path}.")
    segments = [s for s in request.path.split("/") if s and s not in ROUTE_WORDS]
    words = " ".join(re.sub(r"[\W_]+", " ", s) for s in segments if not s.isdigit())
    return render(request, "404.html", {"suggestion": " ".join(words.split())}, status=404)


def rate_limited(request, exception):
    """429 for a client over its rate limit (RATELIMIT_VIEW); JSON under /api/."""
    retry_after = getattr(request, "retry_after", 60)
    message = f"Too many requests from your address: please wait {retry_after} seconds."
    if api.is_api(request):
        response = api.error(429, message)
    else:
        response = render(request, "429.html", {"message": message}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def server_error(request):
    """500: the plain page, without a request context (it may be what failed); JSON
    under /api/, where scripts read the answer."""
    if api.is_api(request):
        return api.error(500, "The archive could not answer because of an error on our "
                              "side, not yours. It has been logged; please try again later.")
    return HttpResponseServerError(render_to_string("500.html"))
