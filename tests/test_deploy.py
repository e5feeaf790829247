"""The production set-up: `check --deploy` clean with production values, and static
files collected with hashed names and served by whitenoise with far-future caching."""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import Client

from tests.processes import ROOT


def check_deploy(**extra):
    """`manage.py check --deploy` in a process with only production's environment."""
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"),
           "DJANGO_SETTINGS_MODULE": "archive.settings",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
           "DJANGO_ALLOWED_HOSTS": "archive.example.org",
           "DATABASE_URL": "postgres://archive@db.example.org:5432/archive", **extra}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_values():
    result = check_deploy(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_asks_for_a_shared_rate_limit_cache():
    result = check_deploy()
    assert result.returncode != 0 and "archive.W001" in result.stderr


@pytest.mark.slow
@pytest.mark.django_db
def test_static_files_are_hashed_compressed_and_cached_for_a_year(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", "--no-input", verbosity=0)

    client = Client()  # a new handler: whitenoise reads STATIC_ROOT when it starts
    html = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/archive/css/site\.[0-9a-f]{12}\.css)"', html)
    assert stylesheet, "the page names the hashed stylesheet"
    response = client.get(stylesheet.group(1), HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
