from django.core.management.base import BaseCommand, CommandError

from archive.search.drift import compare_index, repair_index


class Command(BaseCommand):
    help = (
        "Compare the search index with the database (the truth): documents missing, "
        "documents that should not be there, updates still queued. --repair fixes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true")

    def handle(self, *args, repair, **options):
        drift = compare_index()
        self.stdout.write(
            f"{drift.expected} documents expected, {drift.indexed} indexed: "
            f"{len(drift.missing)} missing, {len(drift.extra)} extra, "
            f"{drift.queued} queued update(s)."
        )
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index matches the database."))
            return
        if not repair:
            raise CommandError("The index has drifted from the database; run with --repair.")
        fixed = repair_index(drift)
        self.stdout.write(self.style.SUCCESS(f"Repaired {fixed} document(s)."))
