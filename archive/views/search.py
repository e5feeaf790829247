"""Full-text search over published answers and questions: page, JSON and CSV."""

import csv
import logging
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render

from archive.models import Source
from archive.ratelimits import limit
from archive.search import schema
from archive.search.errors import SearchUnavailable
from archive.search.forms import FACETS, SearchForm
from archive.search.paging import page_number, run_page
from archive.search.phrases import phrase_history
from archive.search.results import NAMED, Hit, facet_groups, names
from archive.search.suggest import did_you_mean
from archive.search.trends import AXIS, CHART_HEIGHT, CHART_WIDTH, build_trend, facet_values
from archive.views import api

PER_PAGE = settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE
EXPORT_LIMIT = 10_000
# The first six as they always were and the text last (scripts read them by
# position); `date` is ISO to the precision known ("2020-09-16", "2022").
CSV_COLUMNS = ["speaker", "type", "date", "interview", "source", "url", "date_precision",
               "speaker_slug", "interview_slug", "position", "interview_url", "text"]
# ?split= value -> (facet field, model, key) for one series per top value
SPLITS = {param: (schema.FACETS[param].name, *NAMED[param])
          for param, field in schema.FACETS.items() if field.splits}
# Seconds a client is asked to wait while the index is rebuilt.
REBUILD_RETRY_AFTER = 120

log = logging.getLogger(__name__)


def while_rebuilding(view):
    """A missing or damaged index answers 503 "search is being rebuilt" (JSON for the
    API), never a 500: the rest of the site keeps serving, and 503 tells crawlers,
    scripts and monitoring that it is temporary."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SearchUnavailable as exc:
            log.error("Search unavailable: %s", exc)
            message = ("Search is being rebuilt. Every other page of the archive works "
                       "as usual; please try again in a few minutes.")
            if api.is_api(request):
                response = api.error(503, message)
            else:
                response = render(request, "archive/search_unavailable.html",
                                  {"message": message}, status=503)
            response["Retry-After"] = str(REBUILD_RETRY_AFTER)
            return response

    return wrapped


def run_search(request):
    """Everything a search page, or its JSON twin, shows for this request."""
    form = SearchForm(request.GET)
    form.is_valid()  # invalid filters are dropped and reported, never a 500
    selected = dict(form.active_filters())
    result = {"form": form, "query": form.cleaned_data.get("q", ""), "page": None,
              "notice": form.parsed.notice, "selected": selected}
    if not form.has_search():
        return result

    # Built once: a page links to a hundred variations of this query.
    asked = [(key, value) for key, values in request.GET.lists() for value in values]

    def url_with(param, value):
        params = [(key, v) for key, v in asked if key != "page" and key != param]
        if value:
            params.append((param, value))
        return f"?{urlencode(params)}"

    page = run_page(form.searchqueryset(), page_number(request.GET.get("page")), PER_PAGE)
    facets, labels = facet_groups(page.facet_counts, FACETS, selected, url_with)
    hits = [Hit.from_result(r) for r in page.results]
    for hit in hits:
        hit.mark_through_question([*selected.items(), *form.parsed.subjects], labels)
    result.update(
        page=page,
        hits=hits,
        notice=" ".join(filter(None, [form.parsed.notice, page.notice])),
        suggestion=did_you_mean(form, page.hits),
        facets=facets,
        chips=[
            {"param": p, "label": labels.get(p, {}).get(v, v), "url": url_with(p, None)}
            for p, v in selected.items()
        ],
        url_with=url_with,
    )
    return result


@limit("search", "ARCHIVE_SEARCH_RATE")
@while_rebuilding
def search(request):
    context = run_search(request)
    page = context["page"]
    if page:
        context["previous_url"] = page.has_previous and _page_url(request, page.number - 1)
        context["next_url"] = page.has_next and _page_url(request, page.number + 1)
    return render(request, "archive/search.html", context)


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return f"?{params.urlencode()}"


@limit("search", "ARCHIVE_SEARCH_RATE")
@while_rebuilding
def search_api(request):
    """The search as JSON, for researchers' scripts: same query, results and facets."""
    context = run_search(request)
    page = context["page"]
    body = {"query": context["query"], "notice": context["notice"] or None,
            "errors": context["form"].errors.get_json_data() or None}
    if page is None:
        body.update(count=0, page=1, num_pages=0, results=[], facets={})
        if not context["query"]:
            body["error"] = "Give a search (q=…) or a filter."
            return api.json_response(body, status=400)
        return api.json_response(body)

    def link(number):
        return request.build_absolute_uri(_page_url(request, number))

    body.update(
        count=page.hits,
        page=page.number,
        num_pages=page.num_pages,
        next=link(page.number + 1) if page.has_next else None,
        previous=link(page.number - 1) if page.has_previous else None,
        suggestion=context["suggestion"],
        results=[hit_json(request, hit) for hit in context["hits"]],
        facets={
            group["param"]: [
                {"label": o["label"], "count": o["count"], "active": o["active"],
                 "url": request.build_absolute_uri(request.path + o["url"])}
                for o in group["options"]
            ]
            for group in context["facets"]
        },
    )
    return api.json_response(body)


def hit_json(request, hit):
    """One hit; its dates as the interview API gives them (`date` only when the day
    is known, else `year`), with the display form beside them."""
    year = int(hit.date_iso[:4]) if hit.date_iso else None
    return {
        "type": hit.type,
        "speaker": hit.speaker,
        "speaker_slug": hit.speaker_slug or None,
        "date": hit.date_iso if hit.date_precision == "day" else None,
        "year": year,
        "date_precision": hit.date_precision,
        "display_date": hit.date,
        "interview": hit.title,
        "interview_slug": hit.interview_slug,
        "position": hit.position,
        "url": request.build_absolute_uri(hit.url),
        "interview_url": request.build_absolute_uri(hit.interview_url),
        "text": hit.text,
        "snippet_html": hit.snippet if hit.highlighted else None,
        "score": hit.score,
        # the filtered-on countries and topics only its question mentions
        "through_question": list(hit.through_question),
    }


@limit("export", "ARCHIVE_EXPORT_RATE")
@while_rebuilding
def search_csv(request):
    """Every result (up to EXPORT_LIMIT) as CSV with what a citation needs."""
    form = SearchForm(request.GET)
    form.is_valid()
    if not form.has_search():
        return HttpResponseBadRequest("Give a search (q=…) or a filter to export.",
                                      content_type="text/plain; charset=utf-8")
    sqs = form.searchqueryset(facets=False)
    list(sqs[:500])  # read the first batch now: an unreadable index is a 503, not a cut file
    sources = names(Source, "slug")

    def rows():
        yield CSV_COLUMNS
        for start in range(0, EXPORT_LIMIT, 500):
            batch = list(sqs[start : start + 500])
            for result in batch:
                hit = Hit.from_result(result)
                yield [spreadsheet_safe(cell) for cell in (
                    hit.speaker, hit.type, hit.date_iso, hit.title,
                    sources.get(getattr(result, "source", None), ""),
                    request.build_absolute_uri(hit.url), hit.date_precision,
                    hit.speaker_slug, hit.interview_slug, hit.position,
                    request.build_absolute_uri(hit.interview_url), hit.text)]
            if len(batch) < 500:
                break

    writer = csv.writer(Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="archive-search.csv"'
    return response


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"), also after
# spaces, which spreadsheets skip. defusedcsv misses tab, CR and leading spaces, and
# rewrites "|" inside the text: a quotation must come out as it was said.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell):
    """`cell`, with a leading ' when a spreadsheet would run it as a formula."""
    text = "" if cell is None else str(cell)
    if text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START):
        return "'" + text
    return text


class Echo:
    """A file-like object whose write() returns the line, for streaming CSV."""

    def write(self, value):
        return value


@limit("search", "ARCHIVE_SEARCH_RATE")
@while_rebuilding
def trends(request):
    form = SearchForm(request.GET)
    form.is_valid()
    by = "month" if request.GET.get("by") == "month" else "year"
    split_by = request.GET.get("split") if request.GET.get("split") in SPLITS else ""
    context = {"form": form, "query": form.cleaned_data.get("q", ""), "by": by,
               "split": split_by, "notice": form.parsed.notice, "trend": None}
    if form.has_search():
        sqs = form.searchqueryset(facets=False)
        split = None
        if split_by:
            field_name, model, key = SPLITS[split_by]
            split = (field_name, names(model, key))
        context["trend"] = build_trend(sqs, by, split)
        context["chart"] = {"width": CHART_WIDTH, "height": CHART_HEIGHT, "axis": AXIS}
        context["history"] = phrase_history(sqs)
    return render(request, "archive/trends.html", context)


@limit("search", "ARCHIVE_SEARCH_RATE")
@while_rebuilding
def phrase_api(request):
    """Phrase history as JSON: the first use, the first by each speaker and each
    country in date order, and the matches per year."""
    form = SearchForm(request.GET)
    form.is_valid()
    if not form.parsed.text:
        return api.error(400, "Give a phrase or a search (q=…).")
    sqs = form.searchqueryset(facets=False)
    history = phrase_history(sqs)

    def use_json(use):
        return {"speaker": use.speaker, "country": use.country or None,
                "date": use.date.isoformat(), "interview": use.title,
                "url": request.build_absolute_uri(use.url)}

    return api.json_response({
        "query": form.cleaned_data.get("q", ""),
        "notice": form.parsed.notice or None,
        "first": use_json(history.first) if history.first else None,
        "firsts": [{**use_json(use), "by": kind, kind: who}
                   for kind, who, use in history.firsts()],
        "years": [{"year": year, "count": count}
                  for year, count in sorted(facet_values(sqs, "year"))],
    })
