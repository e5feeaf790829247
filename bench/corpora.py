"""The real collections end to end: import, index, serve, search and browse.

    .venv/bin/python bench/corpora.py                       # both whole, SQLite + Whoosh
    .venv/bin/python bench/corpora.py --limit 300           # 300 files of each, quick
    .venv/bin/python bench/corpora.py --backend postgres    # PostgreSQL + its search
    .venv/bin/python bench/corpora.py --skip-import         # reuse the last run's data

Imports `../shared/corpora` (or --corpora) into a fresh database and index with
`manage.py import_corpus … --publish --no-progress`, one process per collection as an
operator would, then rebuilds the index on its own to time it apart. It then starts
one gunicorn worker (bench settings: no rate limit, no HTTPS redirect), sends every
query of bench/corpora_queries.txt to /search/ (facets, highlights and template
included) and each browse page `--repeat` times, and reads the worker's VmRSS from
/proc afterwards. Prints a table and writes JSON (--json, default
var/bench-corpora-BACKEND.json).

SQLite runs keep their database and index in var/bench-corpora-whoosh/; PostgreSQL
runs use the database ARCHIVE_BENCH_DB (default archive_bench_corpora) on
ARCHIVE_BENCH_PG, dropped and made again unless --skip-import. Wall times are
disturbed by whatever else runs on the machine: the CPU time of the import processes
is printed beside them.
"""

import argparse
import json
import os
import re
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.postgres import SERVER, _admin  # noqa: E402

COLLECTIONS = {"ungdc": "ungdc-1946-2024.tar.xz", "whitehouse": "wh-briefing-room-2021-2025.tar.xz"}
QUERIES = REPO / "bench" / "corpora_queries.txt"
PG_DB = os.environ.get("ARCHIVE_BENCH_DB", "archive_bench_corpora")
# Browse pages whose address needs a row of the archive: filled from the lists.
FIXED_PAGES = ["/", "/countries/", "/speakers/", "/speakers/?letter=M", "/speakers/?page=3",
               "/topics/", "/dates/", "/interviews/", "/interviews/?page=40"]


def environment(args, workdir):
    env = {**os.environ, "ARCHIVE_BENCH_DIR": str(workdir),
           "DJANGO_SETTINGS_MODULE": "bench.settings", "DJANGO_DEBUG": "",
           "DJANGO_SECRET_KEY": secrets.token_urlsafe(40), "PYTHONPATH": str(REPO)}
    if args.backend == "postgres":
        env["DATABASE_URL"] = f"{SERVER}/{PG_DB}"
        env["ARCHIVE_SEARCH_BACKEND"] = "postgres"
    else:
        env.pop("DATABASE_URL", None)
        env["ARCHIVE_SEARCH_BACKEND"] = "whoosh"
    return env


def manage(env, *argv):
    """Run manage.py; (wall seconds, CPU seconds of the child, its output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "manage.py", *argv], cwd=REPO, env=env,
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def fresh(args, workdir):
    if args.backend == "postgres":
        _admin(f"DROP DATABASE IF EXISTS {PG_DB}")
        _admin(f"CREATE DATABASE {PG_DB}")
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)


def import_all(args, env):
    results = {}
    manage(env, "migrate", "--noinput")
    # The reference data an archive starts with: the importer names countries by it.
    manage(env, "loaddata", "countries", "topics", "sources")
    for name, archive in COLLECTIONS.items():
        path = Path(args.corpora) / archive
        argv = ["import_corpus", name, str(path), "--publish", "--no-progress"]
        if args.limit:
            argv += ["--limit", str(args.limit)]
        wall, cpu, out = manage(env, *argv)
        summary = next((line for line in out.splitlines() if " imported (" in line), out[-200:])
        results[name] = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "summary": summary}
        print(f"import {name}: {wall:.1f} s wall, {cpu:.1f} s CPU: {results[name]['summary']}")
    wall, cpu, _ = manage(env, "rebuild_index", "--noinput")
    results["rebuild_index"] = {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}
    print(f"rebuild_index alone: {wall:.1f} s wall, {cpu:.1f} s CPU")
    return results


def archive_size(args, env, workdir):
    """Rows in the archive and the index on disk, in MB."""
    script = (
        "from archive.models import Interview, Answer, Speaker\n"
        "print('ROWS', Interview.objects.published().count(), Answer.objects.count(),"
        " Speaker.objects.count())\n"
    )
    if args.backend == "postgres":
        script += (
            "from django.db import connection\n"
            "c = connection.cursor()\n"
            "c.execute(\"select sum(pg_total_relation_size(oid)) from pg_class where relname"
            " in ('archive_searchdocument', 'archive_searchword')\")\n"
            "print('INDEX', c.fetchone()[0])\n"
            "c.execute('select pg_database_size(current_database())')\n"
            "print('DATABASE', c.fetchone()[0])\n"
        )
    _, _, out = manage(env, "shell", "-c", script)
    # The shell may print its own lines (the objects it imports): read ours by name.
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    interviews, answers, speakers = (int(x) for x in rows["ROWS"])
    sizes = {"published_interviews": interviews, "answers": answers, "speakers": speakers}
    if args.backend == "postgres":
        sizes["index_mb"] = round(int(rows["INDEX"][0]) / 2**20, 1)
        sizes["database_mb"] = round(int(rows["DATABASE"][0]) / 2**20, 1)
    else:
        index = workdir / "index"
        sizes["index_mb"] = round(sum(f.stat().st_size for f in index.rglob("*")) / 2**20, 1)
        sizes["database_mb"] = round((workdir / "bench.sqlite3").stat().st_size / 2**20, 1)
    return sizes


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env):
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "archive.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "1", "--timeout", "120"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/robots.txt", timeout=30)
            return server, base
        except OSError:  # refused while it starts, or slow on a busy machine
            if server.poll() is not None:
                sys.exit(f"gunicorn exited: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not answer within two minutes")


def worker_pid(server):
    """gunicorn's one worker (the master's child)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return int(children[0]) if children else server.pid


def worker_rss_mb(server):
    status = Path(f"/proc/{worker_pid(server)}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def worker_cpu_s(server):
    """User + system CPU seconds of the worker so far: on a busy machine a request's
    wall time is mostly waiting for a core, its CPU time much less so. (On
    PostgreSQL the database server's own CPU is not in it.)"""
    fields = Path(f"/proc/{worker_pid(server)}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fetch(base, path):
    start = time.perf_counter()
    with urllib.request.urlopen(base + path, timeout=120) as response:
        body = response.read()
        status = response.status
    return time.perf_counter() - start, status, body.decode("utf-8", "replace")


def read_queries(path):
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query = line.split("\t", 1)
            rows.append((kind, query))
    return rows


def ms(values, p):
    values = sorted(values)
    return round(values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))] * 1000, 1)


def time_searches(base, queries, server):
    """p50/p95 over all queries and per kind; slowest five."""
    # The first query of a kind loads what it needs once per process (Chinese: the
    # word segmenter's dictionary, seconds): timed apart, then timed again warm.
    first = {}
    for kind, query in queries:
        if kind not in first:
            first[kind] = round(fetch(base, "/search/?" + urlencode(query))[0] * 1000, 1)
    timings, slowest = {}, []
    cpu = worker_cpu_s(server)
    for kind, query in queries:
        seconds, status, _ = fetch(base, "/search/?" + urlencode(query))
        if status != 200:
            sys.exit(f"/search/?q={query} answered {status}")
        timings.setdefault(kind, []).append(seconds)
        slowest.append((seconds, query))
    cpu = worker_cpu_s(server) - cpu
    every = [t for values in timings.values() for t in values]
    return {
        "cpu_ms_per_query": round(cpu * 1000 / len(every), 1),
        "queries": len(every), "p50_ms": ms(every, 50), "p95_ms": ms(every, 95),
        "max_ms": ms(every, 100), "first_of_kind_ms": first,
        "by_kind": {k: {"n": len(v), "p50_ms": ms(v, 50), "p95_ms": ms(v, 95)}
                    for k, v in timings.items()},
        "slowest": [(round(s * 1000, 1), q) for s, q in sorted(slowest, reverse=True)[:5]],
    }


def urlencode(query):
    from urllib.parse import urlencode as encode

    return encode({"q": query})


def browse_pages(base):
    """The fixed pages and, read from the lists, the busiest country, a topic, a
    speaker and years of each collection."""
    pages = list(FIXED_PAGES)
    _, _, countries = fetch(base, "/countries/")
    slugs = re.findall(r'href="/countries/([\w-]+)/"', countries)
    country = "united-states" if "united-states" in slugs else (slugs or [""])[0]
    if country:
        pages += [f"/countries/{country}/", f"/countries/{country}/?own_page=2",
                  f"/countries/{country}/?year=2022"]
    _, _, topics = fetch(base, "/topics/")
    pages += [f"/topics/{slug}/" for slug in re.findall(r'href="/topics/([\w-]+)/"', topics)[:1]]
    _, _, speakers = fetch(base, "/speakers/")
    pages += [f"/speakers/{slug}/"
              for slug in re.findall(r'href="/speakers/([^"/?]+)/"', speakers)[:1]]
    _, _, dates = fetch(base, "/dates/")
    years = re.findall(r'href="/dates/(\d{4})/"', dates)
    for year in sorted(set(years) & {"1970", "2000", "2022"}):
        pages.append(f"/dates/{year}/")
    months = re.findall(r'href="/dates/(\d{4}/\d{2})/"', dates)
    pages += [f"/dates/{m}/" for m in months[:1]]
    return pages


def time_pages(base, pages, repeat, server):
    results = {}
    for path in pages:
        fetch(base, path)  # the first request of a page warms its templates
        timings, cpu = [], worker_cpu_s(server)
        for _ in range(repeat):
            seconds, status, _ = fetch(base, path)
            if status != 200:
                sys.exit(f"{path} answered {status}")
            timings.append(seconds)
        results[path] = {"p50_ms": ms(timings, 50), "p95_ms": ms(timings, 95),
                         "cpu_ms": round((worker_cpu_s(server) - cpu) * 1000 / repeat, 1)}
    return results


def print_table(report):
    print(f"\n== {report['backend']} · limit {report['limit'] or 'none'} · "
          f"{report['machine']} · load {report['load_before']:.1f} before")
    for name, row in report.get("import", {}).items():
        print(f"{name:<16}{row['wall_s']:>8.1f} s wall {row['cpu_s']:>8.1f} s CPU")
    size = report["size"]
    print(f"archive: {size['published_interviews']:,} published interviews, "
          f"{size['answers']:,} answers, {size['speakers']:,} speakers; "
          f"index {size['index_mb']} MB, database {size['database_mb']} MB")
    search = report["search"]
    print(f"\n{'search (' + str(search['queries']) + ' queries)':<34}{'p50':>9}{'p95':>9}")
    print(f"{'all':<34}{search['p50_ms']:>7.1f}ms{search['p95_ms']:>7.1f}ms"
          f"   worker CPU {search['cpu_ms_per_query']} ms a query (mean)")
    for kind, row in search["by_kind"].items():
        print(f"{kind + ' (' + str(row['n']) + ')':<34}{row['p50_ms']:>7.1f}ms"
              f"{row['p95_ms']:>7.1f}ms")
    print("slowest: " + "; ".join(f"{q} {t} ms" for t, q in search["slowest"]))
    print("first of each kind in the process (cold): "
          + ", ".join(f"{k} {v} ms" for k, v in search["first_of_kind_ms"].items()))
    print(f"\n{'page':<34}{'p50':>9}{'p95':>9}{'CPU':>9}")
    for path, row in report["pages"].items():
        print(f"{path:<34}{row['p50_ms']:>7.1f}ms{row['p95_ms']:>7.1f}ms{row['cpu_ms']:>7.1f}ms")
    print(f"\nserving worker RSS after the run: {report['rss_mb']:.0f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpora", default=os.environ.get("ARCHIVE_CORPORA_DIR")
                        or str(REPO.parent / "shared" / "corpora"))
    parser.add_argument("--limit", type=int, default=None, help="files of each collection")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    parser.add_argument("--queries", default=str(QUERIES))
    parser.add_argument("--repeat", type=int, default=20, help="requests per browse page")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    workdir = REPO / "var" / f"bench-corpora-{args.backend}"
    env = environment(args, workdir)
    report = {"backend": args.backend,
              "limit": "reused import" if args.skip_import else args.limit,
              "date": time.strftime("%Y-%m-%d"),
              "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}",
              "load_before": os.getloadavg()[0]}
    if not args.skip_import:
        fresh(args, workdir)
        report["import"] = import_all(args, env)
    else:
        manage(env, "migrate", "--noinput")  # a reused database gets new indexes too
    if args.backend == "postgres":
        # Fresh tables have no planner statistics until autovacuum gets to them; without
        # them the speaker list took 280 ms instead of 85 (a nested loop over every
        # interview per speaker). An operator runs ANALYZE after a bulk load.
        manage(env, "shell", "-c", "from django.db import connection\n"
               "connection.cursor().execute('ANALYZE')")
    report["size"] = archive_size(args, env, workdir)
    queries = read_queries(args.queries)
    server, base = start_server(env)
    try:  # the server goes whatever fails
        report["search"] = time_searches(base, queries, server)
        report["pages"] = time_pages(base, browse_pages(base), args.repeat, server)
        report["rss_mb"] = round(worker_rss_mb(server), 1)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report["load_after"] = os.getloadavg()[0]
    print_table(report)
    out = Path(args.json or REPO / "var" / f"bench-corpora-{args.backend}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"JSON: {out}")


if __name__ == "__main__":
    main()
