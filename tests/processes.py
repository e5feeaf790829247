"""Other processes on the test's database and index: commands, writers, a server.

Tests that start processes run with `django_db(transaction=True)`, so that what
they write is committed and visible to the processes, and the other way round.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_url():
    """The test database, as DATABASE_URL for another process."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def environment(**extra):
    """Environment for a process on the test's database, index and settings."""
    return {**os.environ, "DATABASE_URL": database_url(), "PYTHONPATH": str(ROOT),
            "ARCHIVE_TEST_TMP_DIR": settings.TEST_TMP_DIR,
            "DJANGO_SETTINGS_MODULE": "tests.settings", **extra}


def manage(*args, env=None, timeout=120):
    """Run `manage.py ARGS` in another process; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env or environment(),
                          capture_output=True, text=True, timeout=timeout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port, log, workers=2, env=None):
    """gunicorn with the production configuration on 127.0.0.1:`port`, once it answers;
    its log goes to the file `log` (a pipe nobody reads would fill and block it)."""
    with open(log, "w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "archive.wsgi", "-c", "archive/gunicorn_conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--no-control-socket",
             "--access-logfile", "/dev/null"],
            cwd=ROOT, env=env or environment(), stdout=output, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {Path(log).read_text()[-3000:]}")
        try:
            get(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not answer within 60 s")


def get(url, timeout=10):
    """(status, body) of a GET, also for error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
