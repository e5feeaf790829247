"""Read-only open data in JSON: interviews, speakers, topics and countries.

Every list is paginated the same way (`page`, `per_page`); mistakes in a request
get a JSON error with a status that says whose mistake it is, never a 500. Like every
public page, these only read (archive/views/read_only.py).
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.views.generic import TemplateView

from archive import serialize
from archive.forms import InterviewFilterForm
from archive.models import Country, Interview, Speaker, Topic

PER_PAGE = 50
MAX_PER_PAGE = 200


def is_api(request):
    return request.path.startswith("/api/")


def readable_anywhere(response):
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def json_response(data, status=200):
    """Every answer under /api/, errors too: JSON, readable from any site."""
    return readable_anywhere(
        JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}))


def error(status, message, **details):
    return json_response({"error": message, **details}, status=status)


def _page(request, queryset, serializer):
    """One page of `queryset`, each row through `serializer`, or a JSON error."""
    try:
        per_page = int(request.GET.get("per_page", PER_PAGE))
    except ValueError:
        per_page = 0
    if not 1 <= per_page <= MAX_PER_PAGE:
        return error(400, f"per_page must be a whole number from 1 to {MAX_PER_PAGE}.")
    paginator = Paginator(queryset, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return error(400, "page must be a whole number.")
    except EmptyPage:
        return error(404, f"No such page: pages run from 1 to {paginator.num_pages}.")

    def link(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    absolute = request.build_absolute_uri
    return json_response({
        "count": paginator.count,
        "page": page.number,
        "num_pages": paginator.num_pages,
        "per_page": per_page,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
        "results": [serializer(row, absolute) for row in page],
    })


class ApiIndexView(TemplateView):
    """What the API offers, for people reading it in a browser."""

    template_name = "archive/api.html"
    extra_context = {"kinds": Interview.Kind.choices, "per_page": PER_PAGE,
                     "max_per_page": MAX_PER_PAGE}

    def get_context_data(self, **kwargs):
        example = f"{reverse('api-interview-list')}?country=AF&year=2020"
        return super().get_context_data(example_path=example, **kwargs)


def interview_list(request):
    form = InterviewFilterForm(request.GET)
    if not form.is_valid():
        return error(400, "Some filters are not valid.", fields=form.errors_as_json())
    interviews = Interview.objects.published().for_listing().filter_by(**form.filters())
    return _page(request, interviews, serialize.interview_summary)


def interview_detail(request, slug):
    interview = (
        Interview.objects.published()
        .for_listing()
        .with_conversation()
        .filter(slug=slug)
        .first()
    )
    if interview is None:
        return error(404, f"No published interview has the slug {slug!r}.")
    return json_response(serialize.interview_full(interview, request.build_absolute_uri))


def speaker_list(request):
    speakers = Speaker.objects.published().with_statement_counts().select_related("country")
    return _page(request, speakers, serialize.speaker)


def topic_list(request):
    return _page(request, Topic.objects.in_use(), serialize.topic)


def country_list(request):
    return _page(request, Country.objects.in_use(), serialize.country)
