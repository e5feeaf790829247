from django.core.management.base import BaseCommand

from archive.people import load_officials


class Command(BaseCommand):
    help = (
        "Add the curated officials of fixtures/officials.json (name forms in both "
        "languages, offices over time) to the speakers; those already there are kept "
        "as editors left them."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Added {load_officials()} official(s).")
