import json

from django.core.management.base import BaseCommand
from django.db.models import F, Prefetch

from archive.models import Answer, Interview, Question
from archive.serialize import interview_full, restore_fields


def export(stream, base_url="", include_drafts=False):
    """Write each published interview (and each draft, if asked) to `stream` as one
    line of JSON; return the count."""
    interviews = Interview.objects.all() if include_drafts else Interview.objects.published()
    # The export keeps the text as uploaded, which listings leave out.
    interviews = interviews.for_listing().defer(None).prefetch_related(
        Prefetch("questions", Question.objects.select_related("asker__country")),
        Prefetch("answers", Answer.objects.select_related("speaker__country")),
    )

    def absolute(path):
        return base_url + path

    count = 0
    # Undated first on every database, so that one file reads the same from any.
    order = [F("date").asc(nulls_first=True), "pk"]
    for interview in interviews.order_by(*order).iterator(chunk_size=100):
        line = {**interview_full(interview, absolute), "restore": restore_fields(interview)}
        stream.write(json.dumps(line, ensure_ascii=False) + "\n")
        count += 1
    return count


class Command(BaseCommand):
    help = (
        "Export every published interview with its exchanges as JSON Lines, one "
        "interview per line, in the shape of /api/interviews/<slug>/ plus a `restore` "
        "object from which `import_jsonl` rebuilds the archive. Drafts are left out "
        "unless --include-drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument(
            "--base-url", default="",
            help="prefix for the URLs in the export, e.g. https://archive.example.org "
                 "(default: site-relative paths)",
        )
        parser.add_argument(
            "--include-drafts", action="store_true",
            help="export drafts too, for a backup of the whole archive (not for publishing)",
        )

    def handle(self, *args, output, base_url, include_drafts, **options):
        base = base_url.rstrip("/")
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                count = export(stream, base, include_drafts)
        else:
            count = export(self.stdout, base, include_drafts)
        kind = "interview" if include_drafts else "published interview"
        self.stderr.write(f"{count} {kind}{'s' if count != 1 else ''} exported.")
