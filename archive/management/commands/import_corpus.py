from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.collection import READERS, import_collection, update_index
from archive.models import Country, Interview


class Command(BaseCommand):
    help = (
        "Import a whole collection: the UN General Debate Corpus (ungdc) or the White "
        "House briefing room (whitehouse), from its .tar.xz as shipped or its folder. "
        "Safe to interrupt and run again: what is there is skipped, never duplicated."
    )

    def add_arguments(self, parser):
        parser.add_argument("collection", choices=sorted(READERS))
        parser.add_argument("path")
        parser.add_argument("--publish", action="store_true",
                            help="publish what needs no review (speakers, title, date known)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")
        parser.add_argument("--limit", type=int, default=None,
                            help="stop after this many statement files")

    def handle(self, *args, collection, path, publish, no_progress, limit, **options):
        if not Country.objects.exists():
            raise CommandError("The archive has no countries: load the reference data first "
                               "(manage.py loaddata countries topics sources).")
        had_published = Interview.objects.published().exists()

        def progress(entries):
            return tqdm(entries, unit="file", file=self.stderr._out, disable=no_progress,
                        leave=False)

        try:
            summary = import_collection(collection, path, publish=publish, limit=limit,
                                        progress=progress)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: the batch under way was rolled back, every file before it "
                "is saved. Run the command again to import the rest.", returncode=130,
            ) from None
        done = update_index(summary, had_published=had_published, stdout=self.stdout)
        self._report(summary, done)

    def _report(self, summary, done):
        write = self.stdout.write
        write(f"{summary.imported} imported ({summary.published} published), "
              f"{summary.already} already there, {len(summary.skipped)} skipped, "
              f"{len(summary.refused)} refused; search index: {done}.")
        if summary.published:
            # The index queue finds similar answers for a few answers a pass only.
            write("Similar answers (\"said elsewhere\") of the new answers: run "
                  "`manage.py related_answers --missing`.")
        for title, rows in (("Skipped", summary.skipped), ("Refused", summary.refused)):
            by_reason = {}
            for path, reason in rows:
                by_reason.setdefault(reason, []).append(path)
            for reason, paths in by_reason.items():
                more = f" and {len(paths) - 3} more" if len(paths) > 3 else ""
                shown = ", ".join(paths[:3]) + more
                write(f"  {title} ({len(paths)}): {reason}: {shown}")
