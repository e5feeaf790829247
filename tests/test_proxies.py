"""Behind proxies (ARCHIVE_PROXY_COUNT): the client is the address the proxies wrote
into X-Forwarded-For, never what the client wrote before them; the sign-in lockout
counts per account as well as per address; and `check --deploy` warns when gunicorn
can be reached without the proxy."""

import itertools

import pytest
from django.core.management import call_command

from archive.checks import check_proxy_bind, is_local_bind
from tests.factories import make_archive, make_user
from tests.test_deploy import check_deploy

PROXY_SAW = "198.51.100.4"  # what nginx appends: the address that connected to it
FORGED = (f"203.0.113.{n}" for n in itertools.count(1))  # what the client writes first


def through_proxy(forged=None, client_address=PROXY_SAW):
    """The X-Forwarded-For gunicorn receives from one proxy (nginx's
    $proxy_add_x_forwarded_for): whatever the client sent, then its address."""
    sent = f"{forged}, " if forged else ""
    return {"HTTP_X_FORWARDED_FOR": f"{sent}{client_address}", "REMOTE_ADDR": "127.0.0.1"}


@pytest.fixture
def behind_a_proxy(settings):
    settings.ARCHIVE_PROXY_COUNT = 1
    settings.AXES_FAILURE_LIMIT = 3


# --- Rate limits ---------------------------------------------------------------------


@pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)
@pytest.mark.django_db
def test_a_new_forged_address_each_time_does_not_evade_the_search_limit(
    client, settings, search_index, behind_a_proxy
):
    settings.ARCHIVE_SEARCH_RATE = "3/h"
    make_archive(interviews=1, exchanges=1)
    statuses = [client.get("/search/?q=afghanistan", **through_proxy(next(FORGED))).status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    # Another client, as the proxy saw it, has its own count.
    other = through_proxy(next(FORGED), client_address="198.51.100.5")
    assert client.get("/search/?q=afghanistan", **other).status_code == 200


# --- Sign-in lockout -------------------------------------------------------------------


def sign_in(client, username, password, **request):
    return client.post("/admin/login/?next=/admin/",
                       {"username": username, "password": password}, **request)


def make_chief():
    user = make_user("chief")
    user.set_password("the right passphrase")
    user.save()
    return user


@pytest.mark.django_db
def test_a_new_forged_address_each_time_does_not_evade_the_lockout(client, behind_a_proxy):
    make_chief()
    # Guessing a different account each time: only the address counts them all.
    for name in ("alice", "bob"):
        assert sign_in(client, name, "guess", **through_proxy(next(FORGED))).status_code == 200
    assert sign_in(client, "carol", "guess", **through_proxy(next(FORGED))).status_code == 429
    locked = sign_in(client, "chief", "the right passphrase", **through_proxy(next(FORGED)))
    assert locked.status_code == 429


@pytest.mark.django_db
def test_an_account_locked_out_is_locked_from_a_new_address_too(client, behind_a_proxy):
    make_chief()
    for n in range(1, 3):
        guess = sign_in(client, "chief", "guess", **through_proxy(client_address=f"192.0.2.{n}"))
        assert guess.status_code == 200
    assert sign_in(client, "chief", "guess",
                   **through_proxy(client_address="192.0.2.3")).status_code == 429
    fresh = through_proxy(client_address="192.0.2.99")
    locked = sign_in(client, "chief", "the right passphrase", **fresh)
    assert locked.status_code == 429 and "Signing in is locked" in locked.content.decode()
    # Other accounts can still sign in from there; an admin lifts the lockout.
    make_user("deputy")
    assert sign_in(client, "deputy", "pw", **fresh).status_code == 302
    call_command("axes_reset_username", "chief", verbosity=0)
    assert sign_in(client, "chief", "the right passphrase", **fresh).status_code == 302


@pytest.mark.django_db
def test_signing_in_clears_the_accounts_failures_not_the_addresses(client, behind_a_proxy):
    make_chief()
    make_user("accomplice")
    shared = through_proxy(client_address="192.0.2.50")
    for name in ("chief", "deputy"):
        assert sign_in(client, name, "guess", **shared).status_code == 200
    # A success from the same address, on another account, forgives nothing else...
    assert sign_in(client, "accomplice", "pw", **shared).status_code == 302
    client.logout()
    assert sign_in(client, "someone", "guess", **shared).status_code == 429
    # ...while the account's own success forgives its own mistakes.
    call_command("axes_reset", verbosity=0)
    assert sign_in(client, "chief", "guess", **shared).status_code == 200
    assert sign_in(client, "chief", "the right passphrase", **shared).status_code == 302
    client.logout()
    for _ in range(2):
        assert sign_in(client, "chief", "guess", **shared).status_code == 200


# --- The deploy check -----------------------------------------------------------------


@pytest.mark.parametrize("address, local", [
    ("127.0.0.1:8000", True), ("localhost:8000", True), ("[::1]:8000", True),
    ("unix:/run/archive/gunicorn.sock", True), ("0.0.0.0:8000", False), ("[::]:8000", False),
    ("192.168.1.5:8000", False), ("archive.example.org:8000", False), ("fd://3", False),
    ("127.0.0.1:port", False),
])
def test_only_loopback_and_unix_sockets_count_as_reachable_through_the_proxy_only(
    address, local
):
    assert is_local_bind(address) is local


def test_the_check_warns_when_gunicorn_listens_beyond_the_proxy(settings, monkeypatch):
    settings.ARCHIVE_PROXY_COUNT = 1
    monkeypatch.setenv("GUNICORN_BIND", "unix:/run/archive/gunicorn.sock, 0.0.0.0:8000")
    [warning] = check_proxy_bind(None)
    assert warning.id == "archive.W002" and "0.0.0.0:8000" in warning.msg
    monkeypatch.delenv("GUNICORN_BIND")  # the default: 127.0.0.1:8000
    assert check_proxy_bind(None) == []
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    settings.ARCHIVE_PROXY_COUNT = 0  # the connection's own address is the client's
    assert check_proxy_bind(None) == []


def test_check_deploy_fails_behind_a_proxy_with_gunicorn_on_a_public_address():
    production = {"REDIS_URL": "redis://127.0.0.1:6379/0", "ARCHIVE_PROXY_COUNT": "1"}
    assert check_deploy(**production).returncode == 0
    result = check_deploy(**production, GUNICORN_BIND="0.0.0.0:8000")
    assert result.returncode != 0 and "archive.W002" in result.stderr
