"""Every route of the site and its admin, every path argument and query parameter:
hostile values (NUL, invalid or overlong UTF-8, control characters, 10,000
characters, numbers past any column's range) never answer 500, on SQLite as on
PostgreSQL (whose text cannot hold NUL)."""

import logging

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import URLResolver, get_resolver
from django.utils.regex_helper import normalize

from archive.models import Interview
from archive.sitemaps import SITEMAPS
from tests.factories import make_archive, make_user

# Percent-encoded, as they come over the wire.
HOSTILE = {
    "NUL": "%00",
    "NUL inside": "a%00b",
    "invalid UTF-8": "%ff%fe",
    "overlong UTF-8 slash": "%c0%af",
    "UTF-8 surrogate": "%ed%a0%80",
    "control characters": "%01%08%1b%7f",
    "10,000 characters": "a" * 10_000,
    "a number past any column": "9" * 30,
    "more digits than int() reads": "9" * 5_000,
    "negative": "-1",
}
# A query string is decoded with errors replaced: every invalid UTF-8 form arrives
# as U+FFFD, so one of them stands for all.
IN_QUERY = ["NUL inside", "invalid UTF-8", "control characters", "10,000 characters",
            "a number past any column", "more digits than int() reads", "negative"]
# What the site's views and the admin read from the query string; the admin's
# list filters add their own (`admin_filter_parameters`).
QUERY_PARAMETERS = [
    "page", "per_page", "q", "sort", "from", "to", "year", "month", "speaker", "country",
    "topic", "kind", "source", "language", "type", "by", "split", "status", "format",
    "next", "o", "p", "e", "all", "_to_field", "_popup", "_changelist_filters",
    "term", "app_label", "model_name", "field_name", "content_type", "object_id",
]
# Routes that read nothing past a failed check of some parameters get them right.
VALID_QUERY = {
    "admin:autocomplete": {"app_label": "archive", "model_name": "interview",
                           "field_name": "topics"},
}


def routes(patterns=None, prefix=""):
    """(name, format string, argument names) of every route, included ones too."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        regex = prefix + entry.pattern.regex.pattern.removeprefix("^")
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from ((namespace + name, f, a) for name, f, a in
                        routes(entry.url_patterns, regex))
        else:
            for template, arguments in normalize(regex):
                yield entry.name or "", "/" + template, arguments


def admin_filter_parameters(user):
    """The query parameters every admin change list's filters and dates expect."""
    request = RequestFactory().get("/")
    request.user = user
    names = set()
    for model in apps.get_models():
        if not admin.site.is_registered(model):
            continue
        changelist = admin.site.get_model_admin(model).get_changelist_instance(request)
        for spec in changelist.filter_specs:
            names.update(spec.expected_parameters())
        if changelist.date_hierarchy:
            names.update(f"{changelist.date_hierarchy}__{p}" for p in ("year", "month", "day"))
    return sorted(names)


@pytest.fixture
def site(search_index, settings, client, django_capture_on_commit_callbacks):
    """A small archive and a client signed in as a superuser; `valid` holds an
    argument that finds something for each argument name, so that a route's other
    arguments get past its first lookup."""
    settings.ARCHIVE_SEARCH_RATE = settings.ARCHIVE_EXPORT_RATE = ""  # thousands of requests
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_archive(interviews=2, exchanges=2)[0]
    superuser = make_user("chief")
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    answer = interview.answers.first()
    valid = {
        "slug": interview.slug, "position": "1", "pk": str(interview.pk),
        "speaker_pk": str(answer.speaker_id), "key": f"a{answer.pk}",
        "year": "2019", "month": "01", "section": next(iter(SITEMAPS)),
        "app_label": "archive", "object_id": str(interview.pk),
        "content_type_id": str(ContentType.objects.get_for_model(Interview).pk),
    }
    return client, valid, admin_filter_parameters(superuser)


def get(client, url):
    """The status of GET `url`, with the exception behind a 500."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)  # a CSV is written while it streams
    error = response.exc_info[1] if response.exc_info else None
    return response.status_code, error


def query_strings(parameters):
    """Every parameter with every hostile value across a few requests: a Latin
    square, request i giving parameter j value i + j. A view that stops at one bad
    value does not reach the others of that request: the NUL cases found by probing
    are pinned one by one in the tests below."""
    values = [HOSTILE[name] for name in IN_QUERY]
    for i in range(len(values)):
        yield "&".join(f"{p}={values[(i + j) % len(values)]}" for j, p in enumerate(parameters))


@pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)
@pytest.mark.django_db
def test_no_route_answers_500_to_hostile_arguments_or_query_parameters(site, caplog):
    caplog.set_level(logging.ERROR, logger="django.request")  # thousands of 404s and 400s
    client, valid, filters = site
    client.raise_request_exception = False  # collect every 500, not just the first
    failures = []
    walked = 0
    for name, template, arguments in routes():
        if name == "admin:logout":
            continue  # would sign the client out for the routes after it
        walked += 1
        fill = {a: valid.get(a, "1") for a in arguments}
        for argument in arguments:
            for label, value in HOSTILE.items():
                status, error = get(client, template % {**fill, argument: value})
                if status >= 500:
                    failures.append(f"{name}: {argument} = {label}: {error!r}")
        base = "&".join(f"{k}={v}" for k, v in VALID_QUERY.get(name, {}).items())
        parameters = [p for p in QUERY_PARAMETERS + filters if p not in VALID_QUERY.get(name, {})]
        for query in query_strings(parameters):
            status, error = get(client, f"{template % fill}?{query}&{base}")
            if status >= 500:
                failures.append(f"{name}: ?{query[:80]}: {error!r}")
    assert walked > 100  # the admin's routes were walked too
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_nul_in_the_path_is_not_found_and_in_the_query_string_dropped(client):
    make_archive(interviews=1, exchanges=1)
    page = client.get("/speakers/a%00b/")
    assert page.status_code == 404 and "Page not found" in page.content.decode()
    api = client.get("/api/interviews/%00/")
    assert api.status_code == 404 and api.json()["error"]
    listing = client.get("/interviews/?kind=press%00_conference&q=%00")
    assert listing.status_code == 200
    assert listing.context["form"].cleaned_data["kind"] == "press_conference"
    assert listing.context["request"].get_full_path() == "/interviews/?kind=press_conference&q="


@pytest.mark.django_db
def test_nul_in_the_admins_search_and_filters_is_dropped(admin_client):
    make_archive(interviews=1, exchanges=1)
    autocomplete = admin_client.get("/admin/autocomplete/?app_label=archive&model_name=interview"
                                    "&field_name=topics&term=%00")
    assert autocomplete.status_code == 200 and autocomplete.json()["results"]
    changelist = admin_client.get("/admin/archive/interview/?status__exact=published%00")
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1  # the published one, not the draft
