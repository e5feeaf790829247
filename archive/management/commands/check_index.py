from django.core.management.base import BaseCommand, CommandError

from archive.search.backend import current
from archive.search.drift import compare_index, repair_index
from archive.search.errors import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Compare the search index with the database (the truth): documents missing, "
        "documents that should not be there, updates still queued. --repair fixes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")
        parser.add_argument(
            "--deep", action="store_true",
            help="also compare each document's content (prepares every object: slow)",
        )

    def handle(self, *args, repair, deep, **options):
        try:
            drift = compare_index(deep=deep)
        except SearchUnavailable as exc:
            raise CommandError(f"{exc}. Run `manage.py rebuild_index`.") from exc
        stale = f"{len(drift.stale)} stale, " if deep else ""
        self.stdout.write(
            f"{drift.expected} documents expected, {drift.indexed} indexed: "
            f"{len(drift.missing)} missing, {len(drift.extra)} extra, {stale}"
            f"{drift.queued} queued update(s)."
        )
        for warning in current().health():
            self.stdout.write(self.style.WARNING(warning))
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not repair:
            raise CommandError("The index has drifted from the database; run with --repair.")
        fixed = repair_index(drift)
        self.stdout.write(self.style.SUCCESS(f"Repaired {fixed} document(s)."))
