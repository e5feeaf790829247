from django.core.management.base import BaseCommand, CommandError

from archive.models import Speaker
from archive.people import split_speaker


class Command(BaseCommand):
    help = (
        "Undo a wrong merge: give the turns of speaker SLUG labelled LABEL (as the "
        "transcripts write it) to the person called --name (found or created)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--label", action="append", required=True,
                            help="a label as written (repeat for several)")
        parser.add_argument("--name", required=True, help="the other person's name")

    def handle(self, *args, slug, label, name, **options):
        speaker = Speaker.objects.filter(slug=slug).first()
        if speaker is None:
            raise CommandError(f"No speaker has the slug {slug!r}.")
        try:
            other = split_speaker(speaker, label, name)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{other.name} ({other.slug}) now has the turns labelled "
                          + ", ".join(label) + f"; {speaker.name} keeps the rest.")
