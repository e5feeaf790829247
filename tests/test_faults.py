"""Faults a production site meets: a worker killed while writing the index, the index
deleted or damaged, the database going away under load, an import killed halfway,
and a restore from backup. Real processes wherever the fault is a process's death."""

import io
import json
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection
from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import Answer, Interview, PendingIndexUpdate, Question, Upload
from archive.search.drift import compare_index
from archive.views.browse import InterviewListView
from tests.factories import make_exchange, make_interview
from tests.flaky_proxy import FlakyProxy
from tests.processes import ROOT, environment, free_port, get, manage, start_gunicorn

WHOOSH = pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)


def found(word):
    return sorted(r.text for r in SearchQuerySet().filter(content=word))


def halted(child, marker, timeout=120):
    """Wait until `child` has reached the point where it halts, then kill it dead."""
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline, "the child never got there"
        time.sleep(0.05)
    child.kill()
    child.wait(timeout=30)


def crash(*args, tmp_path):
    marker = tmp_path / "halted"
    child = subprocess.Popen([sys.executable, "-m", "tests.crash", *args, str(marker)],
                             cwd=ROOT, env=environment(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    halted(child, marker)


# --- A worker killed while writing the index ---------------------------------------------


@pytest.mark.slow
@WHOOSH
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("stage", ["adding", "committing"])
def test_a_writer_killed_mid_write_loses_no_update(search_index, stage, tmp_path):
    _, answer = make_exchange(make_interview(), answer="Original wording of the statement.")
    assert found("original") == ["Original wording of the statement."]

    crash("index", stage, str(answer.pk), "Corrected wording of the statement.",
          tmp_path=tmp_path)

    # The edit was committed before the index write; that write is still queued,
    # and the index is as it was: readable, with the old text.
    answer.refresh_from_db()
    assert answer.text == "Corrected wording of the statement."
    assert PendingIndexUpdate.objects.filter(identifier=f"archive.answer.{answer.pk}").exists()
    assert found("original") == ["Original wording of the statement."]

    # After the restart, the periodic sync applies it: the dead writer's locks are gone.
    result = manage("sync_index", "--lock-timeout", "10")
    assert result.returncode == 0, result.stderr
    assert found("corrected") == ["Corrected wording of the statement."]
    assert found("original") == []
    assert compare_index(deep=True).clean


# --- The index deleted or damaged -----------------------------------------------------


def delete_directory(path):
    shutil.rmtree(path)


def empty_directory(path):
    for item in path.iterdir():
        item.unlink()


def truncate_table_of_contents(path):
    for toc in path.glob("*.toc"):
        toc.write_bytes(toc.read_bytes()[:20])


def overwrite_segments(path):
    for segment in path.glob("*.seg"):
        segment.write_bytes(b"\x00not an index\xff" * 64)


def delete_segments(path):
    for segment in path.glob("*.seg"):
        segment.unlink()


SEARCH_URLS = ["/search/?q=sovereignty", "/trends/?q=sovereignty",
               "/search/export.csv?q=sovereignty"]


@WHOOSH
@pytest.mark.django_db
@pytest.mark.parametrize("damage", [delete_directory, empty_directory, truncate_table_of_contents,
                                    overwrite_segments, delete_segments])
def test_a_lost_or_damaged_index_says_search_is_being_rebuilt(
    client, search_index, damage, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_interview("Press conference on sovereignty")
        _, answer = make_exchange(interview, answer="Sovereignty must be respected.")
    assert client.get(SEARCH_URLS[0]).status_code == 200

    damage(Path(search_index.path))
    connections.reload("default")  # as a worker started after the damage

    for url in SEARCH_URLS:
        response = client.get(url)
        assert response.status_code == 503, url
        assert "Search is being rebuilt" in response.content.decode()
        assert response["Retry-After"]
    response = client.get("/api/search/?q=sovereignty")
    assert response.status_code == 503 and "being rebuilt" in response.json()["error"]
    for url in ["/", "/interviews/", interview.get_absolute_url(), answer.get_absolute_url(),
                "/feeds/interviews/", "/api/interviews/"]:
        assert client.get(url).status_code == 200, url

    # An edit meanwhile is saved, and waits in the queue for the rebuild.
    with django_capture_on_commit_callbacks(execute=True):
        answer.text = "Sovereignty and territorial integrity must be respected."
        answer.save()
    assert PendingIndexUpdate.objects.exists()

    call_command("rebuild_index", "--noinput", stdout=io.StringIO())
    response = client.get("/search/?q=territorial")
    assert response.status_code == 200
    assert "integrity must be respected" in response.content.decode()
    assert compare_index(deep=True).clean


@WHOOSH
@pytest.mark.django_db
def test_a_running_worker_notices_the_index_is_gone(client, search_index):
    assert client.get("/search/?q=anything").status_code == 200
    shutil.rmtree(search_index.path)
    assert client.get("/search/?q=anything").status_code == 503
    call_command("rebuild_index", "--noinput", stdout=io.StringIO())
    assert client.get("/search/?q=anything").status_code == 200


@WHOOSH
@pytest.mark.django_db
@pytest.mark.parametrize("command", ["sync_index", "check_index"])
def test_the_index_commands_on_a_missing_index_say_to_rebuild(search_index, command):
    shutil.rmtree(search_index.path)
    with pytest.raises(CommandError, match="rebuild_index"):
        call_command(command, stdout=io.StringIO())


# --- The database going away under load ---------------------------------------------------


@pytest.mark.django_db
def test_a_lost_database_connection_is_a_plain_503_page(client, monkeypatch):
    def lost(view):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(InterviewListView, "get_queryset", lost)
    response = client.get("/interviews/")
    assert response.status_code == 503 and response["Retry-After"]
    html = response.content.decode()
    assert "Temporarily unavailable" in html
    assert "server closed" not in html and "Traceback" not in html


PAGES = ["/", "/interviews/", "/api/interviews/", "/topics/"]


def hammer(base, stop, results):
    """Request PAGES in turn until `stop` is set, recording (time, status, body)."""
    n = 0
    while not stop.is_set():
        try:
            status, body = get(base + PAGES[n % len(PAGES)], timeout=30)
        except OSError as exc:  # reset, refused, timed out: not a clean failure
            status, body = "no answer", repr(exc)
        results.append((time.monotonic(), status, body))
        n += 1


def worker_pids(master):
    pids = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.add(int(stat.parent.name))
    return pids


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_under_load_fails_cleanly_and_recovers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite is a file, not a server that restarts: runs on PostgreSQL")
    make_exchange(make_interview("Before the restart"))
    db = connection.settings_dict
    # The workers reach PostgreSQL through a proxy that can drop every connection
    # and refuse new ones, as a restarting server does, without touching the server.
    proxy = FlakyProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    url = f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}"
    port = free_port()
    server = start_gunicorn(port, tmp_path / "gunicorn.log", env=environment(
        DATABASE_URL=url, DJANGO_SECRET_KEY="fault-test-" + "x" * 50, DATABASE_CONN_MAX_AGE="60",
    ))
    base = f"http://127.0.0.1:{port}"
    try:
        workers = worker_pids(server.pid)
        stop, results = threading.Event(), []
        threads = [threading.Thread(target=hammer, args=(base, stop, results)) for _ in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(1.5)
        down = time.monotonic()
        proxy.down()
        time.sleep(3)
        up = time.monotonic()
        proxy.up()
        time.sleep(3)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        assert worker_pids(server.pid) == workers  # recovered without restarting a worker
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.close()

    during = [(status, body) for t, status, body in results if down + 0.5 < t < up]
    after = [status for t, status, _ in results if t > up + 1.5]
    assert during and after
    assert {status for status, _ in during} == {503}, {status for status, _ in during}
    assert all("Temporarily unavailable" in body and "Traceback" not in body
               for _, body in during)
    assert set(after) == {200}


# --- An import killed halfway ------------------------------------------------------


@pytest.mark.slow
@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_an_import_killed_halfway_leaves_no_partial_interview(search_index, tmp_path):
    path = tmp_path / "briefing.txt"
    path.write_text("Regular Press Conference on May 11, 2018\n\n"
                    "Q: Is the quorum reached?\n\nWang Yi: The quorum is reached.\n\n"
                    "Q: And the vote?\n\nWang Yi: The vote is tomorrow.\n")

    crash("import", str(path), tmp_path=tmp_path)  # SIGKILL inside the transaction

    assert Interview.objects.count() == Question.objects.count() == Answer.objects.count() == 0
    assert Upload.objects.count() == PendingIndexUpdate.objects.count() == 0
    result = manage("import_transcripts", str(path), "--publish", "--no-progress")
    assert result.returncode == 0, result.stderr
    assert "1 imported" in result.stdout
    assert (Question.objects.count(), Answer.objects.count()) == (2, 2)
    assert found("quorum") == ["Is the quorum reached?", "The quorum is reached."]


# --- Backup and restore, as docs/deploy.md says -------------------------------------


def backup_and_restore(tmp_path):
    """Dump the test database and restore it as a new one, with the commands of
    docs/deploy.md; returns the restored database's URL and a cleanup."""
    source = environment()["DATABASE_URL"]
    if connection.vendor == "sqlite":
        backup = tmp_path / "backup.sqlite3"
        subprocess.run(["sqlite3", connection.settings_dict["NAME"], f".backup '{backup}'"],
                       check=True)
        restored = tmp_path / "restored.sqlite3"
        shutil.copy(backup, restored)
        return f"sqlite:///{restored}", lambda: None
    dump = tmp_path / "archive.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", source], check=True)
    name = f"{connection.settings_dict['NAME']}_restored"
    url = source.rsplit("/", 1)[0] + "/" + name
    with connection.cursor() as cursor:  # CREATE DATABASE cannot run in a transaction
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(["pg_restore", "--no-owner", f"--dbname={url}", str(dump)], check=True)
    subprocess.run(["vacuumdb", "--analyze-only", "--quiet", f"--dbname={url}"], check=True)

    def drop():
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return url, drop


@pytest.mark.slow
@WHOOSH
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_and_rebuilt_index(search_index, tmp_path):
    for n in range(3):
        make_exchange(make_interview(f"Briefing {n}"), question=f"On treaty number{n}?",
                      answer=f"The treaty number{n} stands.")
    make_exchange(make_interview("Draft", published=False), answer="A treaty draft.")
    queries = ["treaty", "number1", "draft"]
    before = {q: sorted(r.id for r in SearchQuerySet().filter(content=q)) for q in queries}

    url, drop = backup_and_restore(tmp_path)
    try:
        env = environment(DJANGO_SETTINGS_MODULE="archive.settings", DATABASE_URL=url,
                          ARCHIVE_VAR_DIR=str(tmp_path / "var"), ARCHIVE_SEARCH_BACKEND="whoosh",
                          WHOOSH_INDEX_PATH=str(tmp_path / "var" / "index"))
        rebuilt = manage("rebuild_index", "--noinput", env=env)
        assert rebuilt.returncode == 0, rebuilt.stderr
        assert "Indexed 6 documents" in rebuilt.stdout
        checked = manage("check_index", env=env)
        assert "The index matches the database." in checked.stdout, checked.stderr
        script = ("import json; from haystack.query import SearchQuerySet as S; print(json.dumps("
                  f"{{q: sorted(r.id for r in S().filter(content=q)) for q in {queries!r}}}))")
        searched = manage("shell", "--verbosity", "0", "-c", script, env=env)
        assert json.loads(searched.stdout) == before, searched.stderr
    finally:
        drop()


# --- An index commit in the middle of a search ----------------------------------------


@WHOOSH
@pytest.mark.django_db
def test_a_commit_while_a_search_reads_does_not_close_its_segments(
    client, search_index, monkeypatch, django_capture_on_commit_callbacks
):
    for n in range(12):  # a dozen small segments, which the next commit merges
        with django_capture_on_commit_callbacks(execute=True):
            make_exchange(make_interview(), answer=f"Peace statement number{n}.")
    backend = connections["default"].get_backend()
    read = type(backend)._process_results

    def commit_meanwhile(self, *args, **kwargs):
        monkeypatch.setattr(type(self), "_process_results", read)
        self.apply(None, [], ["archive.answer.0"])  # as another process's commit
        return read(self, *args, **kwargs)

    monkeypatch.setattr(type(backend), "_process_results", commit_meanwhile)
    response = client.get("/search/?q=peace")
    assert response.status_code == 200
    assert "12 results" in response.content.decode()
