from django.core.management.base import BaseCommand

from archive.search.sync import process_queue


class Command(BaseCommand):
    help = "Apply queued search-index updates (run after a crash, or from cron as a safety net)."

    def add_arguments(self, parser):
        parser.add_argument("--lock-timeout", type=float, default=120.0)

    def handle(self, *args, lock_timeout, **options):
        done = process_queue(timeout=lock_timeout)
        self.stdout.write(f"Applied {done} queued update(s).")
