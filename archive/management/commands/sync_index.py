from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from archive.search.errors import SearchUnavailable
from archive.search.sync import process_queue


class Command(BaseCommand):
    help = (
        "Apply queued search-index updates (run after a crash, or from cron as a safety "
        "net); fails, saying so, when the index is missing or damaged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--lock-timeout", type=float, default=120.0)

    def handle(self, *args, lock_timeout, **options):
        try:
            done = process_queue(timeout=lock_timeout)
            # Read the index too: a cron job must notice a missing one, queue or not.
            connections["default"].get_backend().search("*", end_offset=1)
        except SearchUnavailable as exc:
            raise CommandError(
                f"{exc}. Run `manage.py rebuild_index`; queued updates wait for it."
            ) from exc
        self.stdout.write(f"Applied {done} queued update(s).")
