"""The quote check, as a page and as JSON: "did they really say that?"

GET, not POST: a check is a read like a search, so its address can be shared and
cited, and every public page of the archive only reads (views/read_only.py).
"""

from django.shortcuts import render

from archive.ratelimits import limit
from archive.search.quotes import MAX_CHARS, THRESHOLD, QuoteError, check_quote, clean_quote
from archive.views import api
from archive.views.search import while_rebuilding


@limit("search", "ARCHIVE_SEARCH_RATE")
@while_rebuilding
def quote(request):
    context = {"text": request.GET.get("text", ""), "max_chars": MAX_CHARS,
               "threshold": round(THRESHOLD * 100), "check": None, "error": None}
    if "text" not in request.GET:
        return render(request, "archive/quote.html", context)
    try:
        context["check"] = check_quote(clean_quote(request.GET["text"]))
    except QuoteError as error:
        context["error"] = str(error)
        return render(request, "archive/quote.html", context, status=400)
    return render(request, "archive/quote.html", context)


@limit("search", "ARCHIVE_SEARCH_RATE")
@while_rebuilding
def quote_api(request):
    """The closest published answers to `text`, with a word-level diff each."""
    try:
        check = check_quote(clean_quote(request.GET.get("text")))
    except QuoteError as error:
        return api.error(400, str(error))

    def row(match):
        return {
            "url": request.build_absolute_uri(match.hit.url),
            "speaker": match.hit.speaker,
            "date": match.date.isoformat() if match.date else None,
            "interview": match.hit.title,
            "similarity": match.similarity,
            "text": match.passage,
            "diff": str(match.diff),
        }

    return api.json_response({
        "text": check.quote,
        "threshold": THRESHOLD,
        "matches": [row(m) for m in check.matches],
        "nearest": [row(m) for m in check.nearest],
    })
