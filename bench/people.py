"""Who speaks in the sample transcripts once loaded: one speaker per person, no outlet
or reporter among the speakers, and each sample's questions.

    .venv/bin/python bench/people.py    # the six samples in ../shared/samples

Imports the samples into a fresh SQLite database in a temporary directory (never the
site's), as `import_transcripts` does, and prints the speakers (with the labels that
named them), the askers and outlets, and the questions per sample. Turn kinds over the
1,152 press briefings: bench/turns.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("ARCHIVE_SHARED", ROOT.parent / "shared"))
if not SHARED.exists() and Path("/work/shared").exists():
    SHARED = Path("/work/shared")  # a git worktree beside the main checkout
SAMPLES = SHARED / "samples"


def main() -> int:
    if not SAMPLES.exists():
        print(f"No samples at {SAMPLES}: nothing to measure.")
        return 0
    scratch = tempfile.mkdtemp(prefix="bench-people-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ["WHOOSH_INDEX_PATH"] = f"{scratch}/index"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "countries", "topics", "sources", verbosity=0)
    import io

    call_command("rebuild_index", stdout=io.StringIO())  # an empty index to keep in step
    from archive.ingest.importer import import_file
    from archive.models import Answer, Outlet, Question, Speaker

    print(f"{'sample':62} {'questions':>9}  turns by kind")
    for path in sorted(SAMPLES.glob("*.txt")):
        outcome = import_file(path)
        interview = outcome.interview
        if interview is None:
            print(f"{path.name:62} failed: {outcome.message}")
            continue
        kinds = defaultdict(int)
        for kind in interview.answers.values_list("kind", flat=True):
            kinds[kind] += 1
        print(f"{path.name:62} {interview.questions.count():>9}  "
              + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))

    spoke = Speaker.objects.filter(answers__kind__in=("answer", "statement")).distinct()
    labels = defaultdict(set)
    for name, label in Answer.objects.filter(speaker__in=spoke).values_list(
            "speaker__name", "label"):
        labels[name].add(label)
    print(f"\nSpeakers ({spoke.count()}): those who answered or spoke")
    for speaker in spoke.order_by("name"):
        print(f"  {speaker.name:24} curated={speaker.curated!s:5} labels: "
              + ", ".join(sorted(labels[speaker.name])))
    outlets = list(Outlet.objects.values_list("name", flat=True))
    askers = list(Speaker.objects.filter(questions__isnull=False).distinct()
                  .values_list("name", flat=True))
    print(f"\nOutlets asking ({len(outlets)}): {', '.join(sorted(outlets))}")
    print(f"Named reporters ({len(askers)}): {', '.join(sorted(askers))}")
    keys = {o.casefold() for o in outlets}
    among = [s.name for s in spoke if s.name.casefold() in keys or s.kind == "journalist"]
    print(f"Outlets or reporters among speakers: {len(among)} {among}")
    by_sound = defaultdict(list)
    from archive.ingest.identity import sound_key

    for speaker in spoke:
        by_sound[sound_key(speaker.name)].append(speaker.name)
    twice = {k: v for k, v in by_sound.items() if len(v) > 1}
    print(f"People appearing as two speakers: {len(twice)} {twice or ''}")
    print(f"Questions in all: {Question.objects.count()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
