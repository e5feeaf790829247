"""Hardening: security headers and the Content-Security-Policy on every kind of page,
templates the policy does not break, rate limits on search and export, and the
lockout after failed sign-ins."""

import io
import re

import pytest
from django.core.management import call_command

from archive.ratelimits import client_ip
from tests.factories import make_archive, make_user
from tests.processes import ROOT, free_port

POLICY = {"default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
          "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'"}
# What a strict policy blocks: inline scripts, style elements and attributes,
# event-handler attributes and javascript: links.
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|<[^>]*\s(style|on[a-z]+)=|javascript:", re.I
)
WHOOSH = pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)


def test_no_template_has_inline_script_or_style():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in (ROOT / "templates").rglob("*.html")
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.fixture
def archive(search_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return make_archive(interviews=6, exchanges=2)


@WHOOSH
@pytest.mark.django_db
def test_every_kind_of_page_has_the_headers_and_nothing_inline(client, archive):
    interview = archive[0]
    answer = interview.answers.first()
    topic, country = interview.topics.first(), interview.countries.first()
    pages = ["/", "/interviews/", interview.get_absolute_url(), answer.get_absolute_url(),
             "/topics/", topic.get_absolute_url(), "/countries/", country.get_absolute_url(),
             "/speakers/", answer.speaker.get_absolute_url(), "/dates/", "/dates/2019/",
             "/search/?q=afghanistan", "/trends/?q=answer&split=speaker", "/api/",
             "/admin/login/", "/no-such-page/"]
    for url in pages:
        response = client.get(url, secure=True)
        assert response.status_code in (200, 404), url
        assert set(response["Content-Security-Policy"].split("; ")) == POLICY, url
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert INLINE.findall(response.content.decode()) == [], url


def test_production_cookies_are_secure_and_https_only():
    from archive import settings as production

    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.SECURE_SSL_REDIRECT
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


# --- Rate limits ------------------------------------------------------------------


@WHOOSH
@pytest.mark.django_db
def test_search_is_limited_per_address_with_a_clear_429(client, settings, archive):
    settings.ARCHIVE_SEARCH_RATE = "3/h"
    for _ in range(3):
        assert client.get("/search/?q=afghanistan").status_code == 200
    response = client.get("/search/?q=afghanistan")
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 3600
    # The API and trends count with the search page; the API answers in JSON.
    api = client.get("/api/search/?q=afghanistan")
    assert api.status_code == 429 and "Too many requests" in api.json()["error"]
    assert client.get("/trends/?q=afghanistan").status_code == 429
    # Reading is never limited, and another address has its own count.
    assert client.get("/interviews/").status_code == 200
    assert client.get("/search/?q=afghanistan", REMOTE_ADDR="192.0.2.7").status_code == 200


@WHOOSH
@pytest.mark.django_db
def test_csv_export_has_its_own_smaller_limit(client, settings, archive):
    settings.ARCHIVE_EXPORT_RATE = "1/h"
    assert client.get("/search/export.csv?q=afghanistan").status_code == 200
    assert client.get("/search/export.csv?q=afghanistan").status_code == 429
    assert client.get("/search/?q=afghanistan").status_code == 200


@WHOOSH
@pytest.mark.django_db
def test_search_works_when_the_rate_limit_cache_is_down(client, settings, archive):
    settings.CACHES = {**settings.CACHES, "ratelimit": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }}
    assert client.get("/search/?q=afghanistan").status_code == 200


def test_behind_proxies_the_client_is_the_address_the_outer_proxy_saw(rf, settings):
    settings.ARCHIVE_PROXY_COUNT = 1
    forged = "203.0.113.9, 198.51.100.4"  # the client sent the first, nginx added the second
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=forged)) == "198.51.100.4"
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="<script>")) == "127.0.0.1"
    settings.ARCHIVE_PROXY_COUNT = 0
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR=forged)) == "127.0.0.1"


# --- Sign-in lockout ----------------------------------------------------------------


def sign_in(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "chief", "password": password})


@pytest.mark.django_db
def test_five_failed_sign_ins_lock_the_address_out_with_a_clear_message(client, settings):
    settings.AXES_FAILURE_LIMIT = 5
    user = make_user("chief")
    user.set_password("the right passphrase")
    user.save()
    for _ in range(4):
        assert sign_in(client, "a wrong guess").status_code == 200
    locked = sign_in(client, "a wrong guess")
    assert locked.status_code == 429
    assert "Signing in is locked" in locked.content.decode()
    # Even the right password is refused until the cool-off ends or an admin resets it.
    assert sign_in(client, "the right passphrase").status_code == 429
    call_command("axes_reset", stdout=io.StringIO())
    assert sign_in(client, "the right passphrase").status_code == 302
