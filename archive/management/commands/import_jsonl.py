from django.core.management.base import BaseCommand, CommandError

from archive.models import PendingIndexUpdate
from archive.restore import RestoreError, restore


class Command(BaseCommand):
    help = (
        "Restore an `export_jsonl` file into an empty archive: every line or none. "
        "Load the reference data first (loaddata countries topics sources). The search "
        "index is brought up to date once the restore commits."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a file written by export_jsonl")

    def handle(self, *args, file, **options):
        try:
            with open(file, encoding="utf-8") as lines:
                count = restore(lines)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file} is not UTF-8 text, as export_jsonl writes.") from exc
        except RestoreError as exc:
            raise CommandError(f"{exc} Nothing was restored.") from exc
        self.stdout.write(f"{count} interview{'s' if count != 1 else ''} restored from {file}.")
        if waiting := PendingIndexUpdate.objects.count():
            self.stdout.write(self.style.WARNING(
                f"{waiting} search update(s) are still queued (the index is busy or "
                "unavailable): run `manage.py rebuild_index` to index everything."
            ))
