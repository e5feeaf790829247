import datetime
import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections

from archive.search.errors import SearchUnavailable

DEMO_TRANSCRIPT = (
    Path(settings.BASE_DIR) / "fixtures/transcripts/xinhua-wang-yi-interview-2020-09-16.txt"
)


class Command(BaseCommand):
    help = (
        "Prepare the development site: migrate, load reference data and the demo "
        "transcript, then (unless --no-serve) run the development server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, no_serve, addrport, **options):
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddata", "countries", "topics", "sources", verbosity=0)
        call_command("load_officials", stdout=io.StringIO())
        self._ensure_search_index()
        call_command(
            "import_transcripts",
            str(DEMO_TRANSCRIPT),
            publish=True,
            source="Xinhua News Agency",
            date=datetime.date(2020, 9, 16),
        )
        if no_serve:
            return
        self.stdout.write(self.style.SUCCESS(f"Serving the archive at http://{addrport}/"))
        call_command("runserver", addrport)

    def _ensure_search_index(self):
        """A first run has no search index yet: write one from what is there."""
        try:
            connections["default"].get_backend().setup()
        except SearchUnavailable:
            call_command("rebuild_index", stdout=io.StringIO())
