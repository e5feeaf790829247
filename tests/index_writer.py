"""A separate process that publishes, edits and unpublishes interviews, for tests
of concurrent index writers. Run by tests/test_search_sync.py, not collected."""

import os
import random
import sys

import django


def main(slugs, rounds):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    django.setup()
    from archive.models import Interview

    rng = random.Random(os.getpid())
    interviews = list(Interview.objects.filter(slug__in=slugs))
    for n in range(rounds):
        interview = rng.choice(interviews)
        interview.status = rng.choice(["draft", "published"])
        interview.save()
        answer = interview.answers.get()
        answer.text = f"{interview.slug.replace('-', '')} round{n} statement"
        answer.save()
    # End in a known state: even positions published, odd ones drafts.
    for position, interview in enumerate(sorted(interviews, key=lambda i: i.slug)):
        interview.status = "published" if position % 2 == 0 else "draft"
        interview.save()
        answer = interview.answers.get()
        answer.text = f"{interview.slug.replace('-', '')} final statement"
        answer.save()


if __name__ == "__main__":
    main(sys.argv[2:], int(sys.argv[1]))
