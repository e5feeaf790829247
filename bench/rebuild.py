"""Rebuilding the search index at a collection's scale, and updating it after a small
import: time, CPU and peak memory.

    .venv/bin/python bench/rebuild.py                       # 100,000 passages
    .venv/bin/python bench/rebuild.py --answers 500000      # both collections' size
    .venv/bin/python bench/rebuild.py --backend postgres --answers 20000

Builds a throwaway database shaped like the two collections: UN speeches (one
speaker, about 45 paragraph passages of 65 words each) and briefings (questions and
answers), nine passages of speeches to one briefing answer, with countries and
topics on every statement; the queue holds every statement, as after an import.
Then: `sync.rebuild()` (what rebuild_index runs), CPU of this process and of the
rebuild's worker processes, wall time and peak RSS of each; then a second import of a
few interviews brought up to date by `sync.index_interviews`, which must update, not
rebuild. CPU is what to compare: other processes on the machine inflate wall time.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import standalone  # noqa: E402

POSTGRES = standalone.start("archive-rebuild-", main=__name__ == "__main__")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.corpus import Corpus  # noqa: E402

PARAGRAPHS = 45  # a speech's passages
EXCHANGES = 60  # a briefing's questions, each answered once


def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def peak_mb():
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return own, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def build(corpus, answers, first=0):
    """Interviews holding about `answers` answers (9 in 10 speech passages); returns
    the new interviews' primary keys."""
    from archive.models import Answer, Country, Interview, Question, Source, Speaker, Topic

    countries = list(Country.objects.values_list("pk", flat=True))
    topics = list(Topic.objects.values_list("pk", flat=True))
    source = Source.objects.order_by("pk").first()
    speakers = list(Speaker.objects.all()) or Speaker.objects.bulk_create(
        [Speaker(name=f"Speaker {i}", slug=f"speaker-{i}", kind="official") for i in range(400)]
    )
    speeches = answers * 9 // 10 // PARAGRAPHS
    briefings = max(1, (answers - speeches * PARAGRAPHS) // EXCHANGES)
    made = []
    for n in range(first, first + speeches + briefings):
        speech = n - first < speeches
        raw = f"rebuild bench {n}"
        interview = Interview.objects.bulk_create([Interview(
            title=f"{'Address' if speech else 'Press briefing'} {n}", slug=f"bench-{n}",
            date=corpus.date(), date_precision="day", source=source, raw_text=raw,
            kind="speech" if speech else "briefing", checksum=Interview.checksum_of(raw),
            status="published",
        )])[0]
        made.append(interview.pk)
        speaker = corpus.rng.choice(speakers)
        if speech:
            rows = [Answer(interview=interview, position=p + 1, turn=1, paragraph=p + 1,
                           speaker=speaker, text=corpus.answer(65)) for p in range(PARAGRAPHS)]
            questions = []
        else:
            questions = Question.objects.bulk_create([
                Question(interview=interview, position=2 * p + 1, asker_label="Q",
                         text=corpus.answer(30)) for p in range(EXCHANGES)])
            rows = [Answer(interview=interview, position=q.position + 1, question=q,
                           speaker=speaker, text=corpus.answer(90)) for q in questions]
        rows = Answer.objects.bulk_create(rows)
        for model, statements in ((Answer, rows), (Question, questions)):
            _link(model, statements, "countries", "country", countries, corpus, 2)
            _link(model, statements, "topics", "topic", topics, corpus, 1)
    return made


def _link(model, statements, relation, target, pool, corpus, per):
    through = model._meta.get_field(relation).remote_field.through
    source = model._meta.model_name
    through.objects.bulk_create([
        through(**{f"{source}_id": s.pk, f"{target}_id": pk})
        for s in statements for pk in corpus.rng.sample(pool, per)
    ])


def measure(label, fn):
    before_cpu, before_wall = cpu(), time.perf_counter()
    result = fn()
    (own, children), wall = cpu(), time.perf_counter() - before_wall
    own -= before_cpu[0]
    children -= before_cpu[1]
    peak_own, peak_children = peak_mb()
    print(f"{label}: {wall:.1f} s wall; CPU {own:.1f} s here + {children:.1f} s in worker "
          f"processes; peak RSS {peak_own:.0f} MB here, {peak_children:.0f} MB the largest "
          f"worker (so far)")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    args = parser.parse_args()
    from archive.models import Answer, PendingIndexUpdate, Question
    from archive.search import sync

    call_command("migrate", verbosity=0)
    call_command("loaddata", "countries", "topics", "sources", verbosity=0)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, database {connection.vendor},"
          f" search backend {args.backend}, load average {os.getloadavg()[0]:.1f}")
    corpus = Corpus()
    start = time.perf_counter()
    with sync.deferred_indexing():
        made = build(corpus, args.answers)
        # bulk_create sends no signals: queue what an import's saves would have.
        sync.queue_interviews(made, process=False)
    print(f"database: {Answer.objects.count():,} answers, {Question.objects.count():,} "
          f"questions, {PendingIndexUpdate.objects.count():,} queued, filled in "
          f"{time.perf_counter() - start:.0f} s")
    try:
        count, later = measure("rebuild", sync.rebuild)
        print(f"  {count:,} documents ({later} changes after)")
        with sync.deferred_indexing():
            new = build(corpus, 3 * PARAGRAPHS + EXCHANGES, first=10**7)
            sync.queue_interviews(new, process=False)
        how, written = measure(f"import of {len(new)} interviews, then index_interviews",
                               lambda: sync.index_interviews(new))
        print(f"  {how}: {written:,} documents")
    finally:
        standalone.finish(POSTGRES)


if __name__ == "__main__":
    main()
