"""The benchmark on PostgreSQL search: a throwaway database and the raw timings.

`use_postgres()` runs before Django is set up: it creates the database
`archive_bench` (dropped first if a previous run left it) on the server of
ARCHIVE_BENCH_PG (default postgres://postgres@127.0.0.1:5432) and selects the
PostgreSQL search backend.
"""

import os
import time

BENCH_DB = os.environ.get("ARCHIVE_BENCH_DB", "archive_bench")
SERVER = os.environ.get("ARCHIVE_BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def _admin(sql):
    import psycopg2

    connection = psycopg2.connect(f"{SERVER}/postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def postgres_asked(argv):
    """Whether the command line says --backend postgres; if so, the database is made
    and chosen now, before Django is set up (it decides the database)."""
    import argparse

    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--backend", default="whoosh")
    if early.parse_known_args(argv)[0].backend != "postgres":
        return False
    use_postgres()
    return True


def use_postgres():
    _admin(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    _admin(f"CREATE DATABASE {BENCH_DB}")
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    os.environ["ARCHIVE_SEARCH_BACKEND"] = "postgres"


def drop_database():
    from django.db import connections

    connections.close_all()
    _admin(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def time_raw_postgres(queries):
    """The backend alone: top 20 by rank, no facets or highlights, as raw Whoosh is timed."""
    from haystack import connections

    from archive.search.query import parse_query

    backend = connections["default"].get_backend()
    timings = {}
    for kind, q, extra in queries:
        text = parse_query(q).text + "".join(f' {k}:"{v}"' for k, v in extra.items())
        start = time.perf_counter()
        [result.text for result in backend.search(text, end_offset=20)["results"]]
        timings.setdefault(kind, []).append(time.perf_counter() - start)
    return timings
