import datetime
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.ingest.dates import date_doubt
from archive.ingest.importer import ImportOutcome, import_file
from archive.models import Topic


class Interrupted(Exception):
    """SIGTERM, turned into an exception so the file being imported is rolled back."""


class Command(BaseCommand):
    help = (
        "Import transcript files (.txt, .md, .html, .docx, .pdf), or every file in a "
        "directory. Each file is saved whole or not at all; the same file twice creates "
        "nothing new; a file that fails is reported and the others go on."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--publish", action="store_true", help="publish at once")
        parser.add_argument("--source", default="", help="source name, e.g. 'Xinhua News Agency'")
        parser.add_argument("--date", type=_iso_date, help="date YYYY-MM-DD, overrides the parse")
        parser.add_argument("--speaker", default="",
                            help="who speaks in a text without speaker labels")
        parser.add_argument("--title", default="", help="title, overrides the parse")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, paths, publish, source, date, speaker, title, no_progress,
               **options):
        files = _expand(paths)
        importing = {"publish": publish, "source_name": source, "date": date,
                     "speaker": speaker, "title": title, "topics": list(Topic.objects.all())}
        with _sigterm_interrupts():
            outcomes = self._import(files, importing, no_progress, options["verbosity"])
        failed = self._summary(outcomes, len(files))
        if failed:
            raise CommandError(f"{failed} file(s) could not be imported.")

    def _import(self, files, options, no_progress, verbosity):
        outcomes = []
        bar = tqdm(files, unit="file", file=self.stderr._out, disable=no_progress, leave=False)
        try:
            for path in bar:
                bar.set_postfix_str(path.name[-40:], refresh=False)
                outcome = import_file(path, **options)
                outcomes.append(outcome)
                held = "left a draft" in outcome.message
                if verbosity >= 2 or held or outcome.status == ImportOutcome.FAILED:
                    bar.write(self._line(outcome), file=self.stdout._out)
                    for warning in outcome.warnings if held or verbosity >= 2 else ():
                        bar.write(f"           warning: {warning}", file=self.stdout._out)
        except (KeyboardInterrupt, Interrupted):
            bar.close()
            self._summary(outcomes, len(files))
            raise CommandError(
                f"Interrupted after {len(outcomes)} of {len(files)} file(s); the file being "
                "imported was rolled back. Run the command again to import the rest: "
                "files already imported are skipped as duplicates.",
                returncode=130,
            ) from None
        bar.close()
        return outcomes

    def _line(self, outcome):
        style = self.style.ERROR if outcome.status == ImportOutcome.FAILED else str
        return style(f"{outcome.status:>9}  {outcome.path}: {outcome.message}")

    def _summary(self, outcomes, total):
        counts = {s: sum(o.status == s for o in outcomes) for s in ImportOutcome.STATUSES}
        self.stdout.write(
            f"{counts['imported']} imported, "
            + (f"{counts['updated']} draft(s) updated, " if counts["updated"] else "")
            + f"{counts['duplicate']} duplicate(s) skipped, "
            f"{counts['failed']} failed, of {total} file(s)."
        )
        for outcome in outcomes:
            if outcome.status == ImportOutcome.FAILED:
                self.stdout.write(self.style.ERROR(f"  failed: {outcome.path}: {outcome.message}"))
        return counts["failed"]


@contextmanager
def _sigterm_interrupts():
    """While importing, `kill` stops the command the way Ctrl-C does: by an exception
    that rolls back the file in progress, not by dying in the middle of it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def interrupt(signum, frame):
        raise Interrupted

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _iso_date(value):
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--date must be YYYY-MM-DD, got {value!r}") from exc
    if doubt := date_doubt(date):
        raise CommandError(f"--date {doubt}: give the day the statement was made.")
    return date


def _expand(paths):
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
            )
        else:
            files.append(path)
    return files
