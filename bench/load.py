"""Load test: the production set-up under 50 visitors while an import publishes.

    .venv/bin/python bench/load.py                        # 100,000 answers, 50 users, 60 s
    .venv/bin/python bench/load.py --answers 20000 --keep # smaller; keep it for the next run
    .venv/bin/python bench/load.py --keep --users 64 --no-wait   # closed loop: capacity
    .venv/bin/python bench/load.py --keep --worker-class gthread --workers 3 --threads 4
    .venv/bin/python bench/load.py --keep --app-dir /tmp/main    # another checkout's code

Builds (or, after --keep, reuses) a synthetic archive in the PostgreSQL database
`archive_load` (LOAD_DATABASE_URL), indexes it, and starts gunicorn with the
production settings and configuration on 127.0.0.1 (a free port, 2+ workers; rate
limits counted in Redis when REDIS_URL answers). Locust then runs `--users` visitors
(bench/locustfile.py) for `--duration` seconds; 20 s in, `import_transcripts --publish`
adds a new transcript, which must then be searchable. The similar answers of the
answers visitors ask for are found after the index is built (`related_answers`, as
the index queue does for each new answer). `--no-wait` drops the visitors' pauses: each
user asks for the next page as soon as the last arrives, so requests/s is the most
the server gives for this mix. Prints requests/s and p50/p95/p99 per page type, and
the gunicorn processes' CPU seconds per request, as a Markdown table (also written to
var/load/results.md); exits 1 on any failed request, or if the new transcript cannot
be found.
Loopback only, bounded in users and time; not part of the test suite.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import secrets
import shutil
import string
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# LOAD_WORK: another directory keeps a second archive's index apart (another size).
WORK = Path(os.environ.get("LOAD_WORK", ROOT / "var" / "load"))
XINHUA = ROOT / "fixtures" / "transcripts" / "xinhua-wang-yi-interview-2020-09-16.txt"
SERVER = os.environ.get("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archive_load")
DATABASE = SERVER.rsplit("/", 1)[1]
REDIS = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
IMPORT_AFTER = 20  # seconds into the run


def main():
    args = arguments()
    WORK.mkdir(parents=True, exist_ok=True)
    fresh = prepare_database(args.answers)
    os.environ["DATABASE_URL"] = SERVER
    from bench.corpus import Corpus
    from bench.search import build_corpus  # sets Django up on DATABASE_URL

    env = production_environment()
    manage(env, "migrate", "--no-input")
    if fresh:
        started = time.perf_counter()
        build_corpus(Corpus(), args.answers)
        elapsed = time.perf_counter() - started
        print(f"database filled with {args.answers:,} answers in {elapsed:.0f} s")
        analyze()
    if fresh or not (WORK / "index").exists():
        print(manage(env, "rebuild_index", "--noinput").strip())
    manage(env, "collectstatic", "--no-input")
    # A kept archive keeps its targets: their similar answers are found already.
    kept = WORK / "targets.json"
    targets = write_targets() if fresh or not kept.exists() else json.loads(kept.read_text())
    store_related(env, targets)
    try:
        ok = run(args, env)
    finally:
        shutil.rmtree(os.environ["ARCHIVE_BENCH_DIR"], ignore_errors=True)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin(f'DROP DATABASE IF EXISTS "{DATABASE}"')
            shutil.rmtree(WORK / "index", ignore_errors=True)
    sys.exit(0 if ok else 1)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=1, help="per gthread worker")
    parser.add_argument("--no-wait", action="store_true",
                        help="closed loop: no pause between a user's pages")
    parser.add_argument("--app-dir", type=Path, default=ROOT,
                        help="the checkout whose code gunicorn serves (to compare)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the database and index for the next run")
    args = parser.parse_args()
    if args.workers < 2 or not 0 < args.users <= 200 or not 0 < args.duration <= 600:
        parser.error("2+ workers, at most 200 users and 600 s")
    return args


def admin(sql):
    import psycopg2

    connection = psycopg2.connect(SERVER.rsplit("/", 1)[0] + "/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def prepare_database(answers):
    """True if the database is new; a kept one of the same size is reused."""
    if admin(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"):
        import psycopg2

        with psycopg2.connect(SERVER) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('archive_answer') IS NOT NULL")
            if cursor.fetchone()[0]:
                cursor.execute("SELECT count(*) FROM archive_answer a JOIN archive_interview i "
                               "ON i.id = a.interview_id WHERE i.slug LIKE 'press-conference-%%'")
                if cursor.fetchone()[0] == answers:
                    print(f"reusing {DATABASE} ({answers:,} answers)")
                    return False
        admin(f'DROP DATABASE "{DATABASE}"')
    admin(f'CREATE DATABASE "{DATABASE}"')
    return True


def analyze():
    """Planner statistics for the bulk-loaded tables, as after any bulk load or restore:
    without them PostgreSQL guesses a published interview is rare (a 55 s home page)."""
    import psycopg2

    connection = psycopg2.connect(SERVER)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    finally:
        connection.close()


def production_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ARCHIVE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings", DATABASE_URL=SERVER,
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SSL_REDIRECT="0",  # plain HTTP on loopback; TLS is the proxy's job
        ARCHIVE_VAR_DIR=str(WORK), WHOOSH_INDEX_PATH=str(WORK / "index"),
        # Every visitor comes from 127.0.0.1: limits high enough never to trigger,
        # still counted on every search (in Redis, as in production).
        ARCHIVE_SEARCH_RATE="1000000/m", ARCHIVE_EXPORT_RATE="1000000/m",
        PYTHONPATH=str(ROOT),
    )
    if redis_answers():
        env["REDIS_URL"] = REDIS
    return env


def redis_answers():
    import redis

    try:
        return redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError):
        return False


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def write_targets():
    """What the visitors ask for, drawn from the database (LOAD_TARGETS)."""
    from archive.models import Answer, Country, Interview, Speaker, Topic
    from bench.corpus import Corpus

    published = Interview.objects.published()
    answers = (Answer.objects.filter(interview__in=published).order_by("?")
               .values_list("interview__slug", "position", "pk")[:1000])
    targets = {
        "interviews": list(published.order_by("?").values_list("slug", flat=True)[:300]),
        "answers": [[slug, position] for slug, position, _ in answers],
        "answer_ids": [pk for _, _, pk in answers],
        "topics": list(Topic.objects.values_list("slug", flat=True)),
        "countries": list(Country.objects.filter(interviews__isnull=False).distinct()
                          .values_list("slug", flat=True)),
        "speakers": list(Speaker.objects.values_list("slug", flat=True)[:100]),
        "years": [str(year) for year in range(2010, 2025)],
        "list_pages": min(20, (published.count() + 24) // 25),
        "queries": [q for kind, q, _ in Corpus(seed=7).queries(120) if kind != "faceted"],
    }
    (WORK / "targets.json").write_text(json.dumps(targets))
    return targets


def store_related(env, targets):
    """The similar answers of the answers visitors will ask for, from the built index
    (the index queue finds them for each answer it indexes; a bulk rebuild does not).
    Only these: at some 50 ms each, the whole 100,000 would take over an hour."""
    started = time.perf_counter()
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(manage(env, "related_answers", "--missing",
                 *map(str, targets["answer_ids"])).strip())
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime
    print(f"similar answers for {len(targets['answer_ids'])} answers (those still missing) "
          f"in {time.perf_counter() - started:.0f} s, {seconds:.0f} CPU s")


def run(args, env):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_gunicorn(env, port, args)
    warm_up(base, args.workers)
    marker = "zqxload" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(8))
    imported = {}
    importer = threading.Timer(IMPORT_AFTER, publish_during_load,
                               args=(env, base, marker, imported))
    started = datetime.datetime.now(datetime.UTC)
    load_before = os.getloadavg()
    cpu_before = server_cpu(server)
    try:
        importer.start()
        stats = run_locust(args, base)
        cpu_seconds = server_cpu(server) - cpu_before
        importer.join()
        found = search_count(base, marker)
        check = manage(env, "check_index").strip().splitlines()
    finally:
        importer.cancel()
        server.terminate()
        server.wait(timeout=60)
    report(args, stats, imported, found, check, started, load_before, cpu_seconds)
    failures = sum(row["failures"] for row in stats if row["name"] == "Aggregated")
    return failures == 0 and found > 0 and imported.get("ok")


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(env, port, args, work=WORK):
    """gunicorn on 127.0.0.1:`port`, once it answers; its log in `work`."""
    log = open(work / "gunicorn.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive.wsgi", "-c", "archive/gunicorn_conf.py",
         "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--worker-class", args.worker_class, "--threads", str(args.threads),
         "--no-control-socket", "--access-logfile", "/dev/null"],
        cwd=args.app_dir, env={**env, "PYTHONPATH": str(args.app_dir)},
        stdout=log, stderr=subprocess.STDOUT,
    )
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2)
            return server
        except OSError:
            assert server.poll() is None, (work / "gunicorn.log").read_text()[-3000:]
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def server_cpu(server):
    """CPU seconds (user + system) of gunicorn and its workers so far."""
    import psutil

    master = psutil.Process(server.pid)
    total = 0.0
    for process in [master, *master.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def warm_up(base, workers):
    """Searches on every worker before the clock starts: each builds its facet tables
    on its first search (seconds at 100k answers), which would otherwise be measured
    as the first visitors' wait."""
    started = time.perf_counter()
    threads = [threading.Thread(target=search_count, args=(base, "peace", 600))
               for _ in range(3 * workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"warm-up: {3 * workers} searches on {workers} workers in "
          f"{time.perf_counter() - started:.0f} s")


def publish_during_load(env, base, marker, imported):
    """Import a copy of the Xinhua interview with one new line, then time how long
    until a search finds it."""
    copy = WORK / f"load-{marker}.txt"
    copy.write_text(XINHUA.read_text(encoding="utf-8") + f"\n\nLoad test marker {marker}.\n")
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", "import_transcripts", str(copy), "--publish",
         "--date", "2020-09-16", "--source", "Xinhua News Agency", "--no-progress"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    imported.update(seconds=time.perf_counter() - start, output=result.stdout.strip(),
                    ok=result.returncode == 0 and "1 imported" in result.stdout)
    while time.perf_counter() - start < 120 and not search_count(base, marker):
        time.sleep(0.25)
    imported["searchable"] = time.perf_counter() - start
    imported["after_import"] = imported["searchable"] - imported["seconds"]
    copy.unlink()


def search_count(base, word, timeout=60):
    """How many documents a search for `word` finds (0 if the server does not answer)."""
    try:
        with urllib.request.urlopen(f"{base}/api/search/?q={word}", timeout=timeout) as response:
            return json.load(response)["count"]
    except OSError as exc:
        print(f"search for {word} failed: {exc}")
        return 0


def run_locust(args, base):
    prefix = WORK / "locust"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"),
         "--headless", "--users", str(args.users), "--spawn-rate", "10",
         "--run-time", f"{args.duration}s", "--host", base, "--csv", str(prefix),
         "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"],
        cwd=ROOT, check=True, env={**os.environ, "LOAD_TARGETS": str(WORK / "targets.json"),
                                   "LOAD_NO_WAIT": "1" if args.no_wait else ""},
    )
    import csv

    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        return [
            {"name": row["Name"], "requests": int(row["Request Count"]),
             "failures": int(row["Failure Count"]), "rps": float(row["Requests/s"]),
             "p50": row["50%"], "p95": row["95%"], "p99": row["99%"]}
            for row in csv.DictReader(handle)
        ]


def report(args, stats, imported, found, check, started, load_before, cpu_seconds):
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    lines = [
        f"{started:%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({cpu}); load average "
        f"{load_before[0]:.2f} before, {os.getloadavg()[0]:.2f} after; Python "
        f"{platform.python_version()}; {args.answers:,} answers (+ as many questions); "
        f"gunicorn {args.workers} {args.worker_class} workers"
        f"{f' of {args.threads} threads' if args.worker_class == 'gthread' else ''}; "
        f"{args.users} users for {args.duration} s"
        f"{', closed loop (no pauses)' if args.no_wait else ', pausing 0.5-2.5 s'}"
        f"{'' if args.app_dir == ROOT else f'; code of {args.app_dir}'}.",
        "",
        "| Page type | Requests | Failures | Requests/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in sorted(stats, key=lambda r: (r["name"] == "Aggregated", -r["requests"])):
        name = "**all**" if row["name"] == "Aggregated" else row["name"]
        lines.append(f"| {name} | {row['requests']} | {row['failures']} | {row['rps']:.1f} | "
                     f"{row['p50']} | {row['p95']} | {row['p99']} |")
    total = sum(row["requests"] for row in stats if row["name"] == "Aggregated")
    lines += [
        "",
        f"Import during the run: {imported.get('output', 'did not run')} in "
        f"{imported.get('seconds', 0):.1f} s; searchable {imported.get('searchable', 0):.1f} s "
        f"after the import started, {imported.get('after_import', 0):.1f} s after it ended; "
        f"found by search at the end: {found} document(s).",
        f"check_index at the end: {' '.join(check)}",
        f"gunicorn CPU: {cpu_seconds:.0f} s for {total} requests, "
        f"{1000 * cpu_seconds / max(total, 1):.1f} ms per request.",
    ]
    text = "\n".join(lines)
    (WORK / "results.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
