import time

from django.core.management.base import BaseCommand

from archive.search import sync


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
        start = time.monotonic()
        count, later = sync.rebuild(timeout=lock_timeout)
        elapsed = time.monotonic() - start
        self.stdout.write(
            f"Indexed {count} documents in {elapsed:.1f} s ({count / max(elapsed, 1e-9):.0f}/s)"
            + (f"; then {later} change(s) made meanwhile." if later else ".")
        )
