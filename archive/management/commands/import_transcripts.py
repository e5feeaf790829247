import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.ingest.importer import ImportOutcome, import_file
from archive.models import Topic


class Command(BaseCommand):
    help = (
        "Import transcript files (or every .txt in a directory). "
        "Each file is saved whole or not at all; the same file twice creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish at once")
        parser.add_argument("--source", default="", help="source name, e.g. 'Xinhua News Agency'")
        parser.add_argument("--date", type=_iso_date, help="date YYYY-MM-DD, overrides the parse")

    def handle(self, *args, paths, publish, source, date, **options):
        files = _expand(paths)
        topics = list(Topic.objects.all())
        outcomes = [
            import_file(path, publish=publish, source_name=source, date=date, topics=topics)
            for path in files
        ]
        for outcome in outcomes:
            style = self.style.ERROR if outcome.status == ImportOutcome.FAILED else str
            self.stdout.write(style(f"{outcome.status:>9}  {outcome.path}: {outcome.message}"))
        counts = {s: sum(o.status == s for o in outcomes) for s in ImportOutcome.STATUSES}
        self.stdout.write(
            f"{counts['imported']} imported, {counts['duplicate']} duplicate(s) skipped, "
            f"{counts['failed']} failed."
        )
        if counts["failed"]:
            raise CommandError(f"{counts['failed']} file(s) could not be imported.")


def _iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, got {value!r}") from exc


def _expand(paths):
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(path)
    return files
