from django.core.management.base import BaseCommand, CommandError

from archive.models import Answer
from archive.search.errors import SearchUnavailable
from archive.search.related import store_related

BATCH = 200


class Command(BaseCommand):
    help = (
        "Find and store each published answer's similar answers (\"said elsewhere\"), "
        "as the index queue does for every answer it indexes: after rebuild_index, or "
        "to refresh older lists once the archive has grown."
    )

    def add_arguments(self, parser):
        parser.add_argument("answer_ids", nargs="*", type=int,
                            help="only these answers (default: every published answer)")
        parser.add_argument("--missing", action="store_true",
                            help="only answers without a stored list")

    def handle(self, *args, answer_ids, missing, **options):
        answers = Answer.objects.published().select_related("interview").order_by("pk")
        if answer_ids:
            answers = answers.filter(pk__in=answer_ids)
        if missing:
            answers = answers.filter(related_rows__isnull=True)
        pks = list(answers.values_list("pk", flat=True))
        done = 0
        try:
            for start in range(0, len(pks), BATCH):
                done += store_related(list(answers.filter(pk__in=pks[start:start + BATCH])))
        except SearchUnavailable as exc:
            raise CommandError(f"{exc}. Run `manage.py rebuild_index` first.") from exc
        self.stdout.write(f"Stored similar answers of {done} answer(s).")
