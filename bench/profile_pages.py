"""Where each page type's time goes, under gunicorn, at the load test's archive.

    .venv/bin/python bench/load.py --keep ...      # first: builds and keeps the archive
    .venv/bin/python bench/profile_pages.py        # every page rendered (no page cache)
    .venv/bin/python bench/profile_pages.py --cached   # pages served from the page cache

Starts one sync gunicorn worker on the kept database and index of bench/load.py
(var/load), with bench/profile_settings.py: a middleware runs pyinstrument on each
request and times its SQL. Asks for every page type of the load test's mix a few
times, one request at a time, and prints per page type the median time, SQL queries
and SQL time; the pyinstrument call trees are written to var/profile/<page>.txt.
"""

import argparse
import json
import os
import statistics
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OUT = ROOT / "var" / "profile"


class ProfileMiddleware:
    """Profiles requests carrying X-Profile (the page type's name): the call tree to
    var/profile/<name>.txt, the SQL count and time in the X-Profile-SQL header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        name = request.headers.get("X-Profile")
        if not name:
            return self.get_response(request)
        from django.db import connection
        from pyinstrument import Profiler

        sql = {"n": 0, "seconds": 0.0}

        def timed(execute, query, params, many, context):
            start = time.perf_counter()
            try:
                return execute(query, params, many, context)
            finally:
                sql["n"] += 1
                sql["seconds"] += time.perf_counter() - start

        profiler = Profiler(interval=0.0005)
        with connection.execute_wrapper(timed):
            profiler.start()
            response = self.get_response(request)
            profiler.stop()
        OUT.mkdir(parents=True, exist_ok=True)
        with open(OUT / f"{name}.txt", "a", encoding="utf-8") as handle:
            handle.write(f"\n===== {request.get_full_path()}\n")
            handle.write(profiler.output_text(unicode=False, color=False))
        response["X-Profile-SQL"] = f"{sql['n']} {sql['seconds'] * 1000:.1f}"
        return response


def pages(targets, n):
    """(page type, address) pairs of the load test's mix, `n` of each."""
    import random

    rng = random.Random(3)
    queries = targets["queries"]
    for i in range(n):
        slug, position = rng.choice(targets["answers"])
        subject = ["topics", "countries", "speakers"][i % 3]
        yield from [
            ("home", "/"),
            ("interview-list", f"/interviews/?page={rng.randint(1, targets['list_pages'])}"),
            ("transcript", f"/interviews/{rng.choice(targets['interviews'])}/"),
            ("answer", f"/interviews/{slug}/answers/{position}/"),
            ("search", f"/search/?q={urllib.parse.quote(rng.choice(queries))}"),
            ("search-filtered", f"/search/?q={urllib.parse.quote(rng.choice(queries))}"
                                f"&year={rng.choice(targets['years'])}"),
            ("search-api", f"/api/search/?q={urllib.parse.quote(rng.choice(queries))}"),
            ("subject", f"/{subject}/{rng.choice(targets[subject])}/"),
            ("feed", "/feeds/interviews/"),
            ("topic-feed", f"/topics/{rng.choice(targets['topics'])}/feed/"),
        ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--times", type=int, default=5, help="requests per page type")
    parser.add_argument("--cached", action="store_true",
                        help="profile pages served from the page cache (asked twice)")
    args = parser.parse_args()
    from bench import load

    targets = json.loads((load.WORK / "targets.json").read_text())
    env = load.production_environment()
    env["DJANGO_SETTINGS_MODULE"] = "bench.profile_settings"
    if args.cached:
        env["ARCHIVE_PROFILE_CACHED"] = "1"
    for old in OUT.glob("*.txt"):
        old.unlink()
    port = load.free_port()
    server_args = argparse.Namespace(workers=1, worker_class="sync", threads=1, app_dir=ROOT)
    server = load.start_gunicorn(env, port, server_args)
    results = {}
    try:
        load.warm_up(f"http://127.0.0.1:{port}", 1)
        for name, url in pages(targets, args.times):
            if args.cached:
                fetch(port, url)
            elapsed, sql = fetch(port, url, name)
            results.setdefault(name, []).append((elapsed, *sql))
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(f"{'cached' if args.cached else 'rendered'} pages, {args.times} each, one "
          f"sync worker; load average {os.getloadavg()[0]:.2f}\n")
    print("| Page type | median ms | max ms | SQL queries | SQL ms (median) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, rows in results.items():
        print(f"| {name} | {statistics.median(r[0] for r in rows):.0f} | "
              f"{max(r[0] for r in rows):.0f} | {statistics.median(r[1] for r in rows):.0f} | "
              f"{statistics.median(r[2] for r in rows):.1f} |")
    print(f"\nCall trees: {OUT}/<page type>.txt")


def fetch(port, url, name=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{url}",
                                     headers={"X-Profile": name} if name else {})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:
        response.read()
        sql = response.headers.get("X-Profile-SQL", "0 0").split()
    return (time.perf_counter() - start) * 1000, (int(sql[0]), float(sql[1]))


if __name__ == "__main__":
    main()
