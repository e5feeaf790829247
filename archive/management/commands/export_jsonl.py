import json

from django.core.management.base import BaseCommand

from archive.models import Interview
from archive.serialize import interview_full


def export(stream, base_url=""):
    """Write each published interview to `stream` as one line of JSON; return the count."""
    interviews = Interview.objects.published().for_listing().with_conversation()

    def absolute(path):
        return base_url + path

    count = 0
    for interview in interviews.order_by("date", "pk").iterator(chunk_size=100):
        stream.write(json.dumps(interview_full(interview, absolute), ensure_ascii=False) + "\n")
        count += 1
    return count


class Command(BaseCommand):
    help = (
        "Export every published interview with its exchanges as JSON Lines, one "
        "interview per line, in the shape of /api/interviews/<slug>/. Drafts are left out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        parser.add_argument(
            "--base-url", default="",
            help="prefix for the URLs in the export, e.g. https://archive.example.org "
                 "(default: site-relative paths)",
        )

    def handle(self, *args, output, base_url, **options):
        base = base_url.rstrip("/")
        if output:
            with open(output, "w", encoding="utf-8") as stream:
                count = export(stream, base)
        else:
            count = export(self.stdout, base)
        self.stderr.write(f"{count} published interview{'s' if count != 1 else ''} exported.")
