import time

from django.core.management.base import BaseCommand
from haystack import connections

from archive.models import PendingIndexUpdate
from archive.pagecache import versions
from archive.search.backend import current
from archive.search.sync import index_lock, process_queue
from archive.search_indexes import sharing_interview_values


class Command(BaseCommand):
    help = (
        "Rebuild the search index from the database: a fresh index written in one "
        "pass and swapped in whole, so searches keep working meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--noinput", "--no-input", action="store_true",
                            help="accepted for compatibility with Haystack's command")
        parser.add_argument("--lock-timeout", type=float, default=600.0)

    def handle(self, *args, noinput, lock_timeout, **options):
        backend = current()
        unified = connections["default"].get_unified_index()
        start = time.monotonic()
        # Forked rebuild processes inherit the sharing (each its own copy).
        with index_lock(lock_timeout), sharing_interview_values():
            # Everything queued so far is covered: the rebuild reads the database after.
            covered = list(PendingIndexUpdate.objects.values_list("pk", flat=True))
            pairs = [(index, index.index_queryset()) for index in unified.get_indexes().values()]
            count = backend.rebuild(pairs)
            PendingIndexUpdate.objects.filter(pk__in=covered).delete()
            # Searches cached from the old index are not asked for again.
            versions.bump([versions.SEARCH])
        later = process_queue(timeout=lock_timeout)
        elapsed = time.monotonic() - start
        self.stdout.write(
            f"Indexed {count} documents in {elapsed:.1f} s ({count / max(elapsed, 1e-9):.0f}/s)"
            + (f"; then {later} change(s) made meanwhile." if later else ".")
        )
