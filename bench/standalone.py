"""Django set up in a benchmark's own process, on a throwaway database and index.

    POSTGRES = standalone.start("archive-bench-", main=__name__ == "__main__")
    try: ... finally: standalone.finish(POSTGRES)

The scripts that import one another (quote.py and load.py import search.py) share
the first one's folder. `--backend postgres` on the command line of the script run
makes and chooses a fresh PostgreSQL database before Django reads its settings.
"""

import os
import shutil
import sys
import tempfile

from bench.postgres import drop_database, postgres_asked


def start(prefix, *, main):
    """Set Django up (bench/settings.py); True when this run is on PostgreSQL."""
    if "ARCHIVE_BENCH_DIR" not in os.environ:
        os.environ["ARCHIVE_BENCH_DIR"] = tempfile.mkdtemp(prefix=prefix)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    postgres = main and postgres_asked(sys.argv[1:])
    import django

    django.setup()
    return postgres


def finish(postgres):
    """Remove the run's folder, and its PostgreSQL database if it made one."""
    shutil.rmtree(os.environ["ARCHIVE_BENCH_DIR"], ignore_errors=True)
    if postgres:
        drop_database()
