"""CPU seconds and wall time of each ingest stage over the real collections, no database.

    .venv/bin/python bench/ingest.py [--corpora DIR] [--only ungdc|whitehouse]
                                     [--limit N] [--profile FILE] [--budget-mb 64]

Stages, per collection:
  walk   decompress the .tar.xz and hand out its members (walk.members)
  read   each member read into a Statement: front matter, Markdown, the parser
         (speaker labels, turns), the UN speeches' paragraphs, and the document's
         countries and topics (read_member, less the walk)
  tag    every passage of every statement tagged as the loader tags a row
         (tagging.subjects_of_each: gazetteer countries and topic keywords), one
         text per paragraph, as the loader writes one Answer per paragraph

CPU is user+sys time of this process and of the reader children it waited for
(resource.getrusage), which other processes on the machine do not inflate; wall
time is printed beside it. A persistent reader child's time is added to the read
stage when it ends. `--limit N` stops each
collection after N statements (the walk still decompresses what it needs to reach
them); `--profile FILE` writes a pyinstrument profile of the whole run (HTML when FILE
ends in .html, else a text tree).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.ingest.corpora import ungdc, walk, whitehouse  # noqa: E402
from archive.ingest.corpora.entries import Statement  # noqa: E402
from archive.ingest.corpora.speakers import read_speakers_table  # noqa: E402
from archive.ingest.topics import _default_key  # noqa: E402

COLLECTIONS = {
    "ungdc": "ungdc-1946-2024.tar.xz",
    "whitehouse": "wh-briefing-room-2021-2025.tar.xz",
}


def corpora_dir(given):
    default = REPO.parent / "shared" / "corpora"
    return Path(given or os.environ.get("ARCHIVE_CORPORA_DIR") or default)


class Clock:
    """CPU and wall seconds added up per stage."""

    def __init__(self):
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}

    def add(self, stage, cpu, wall):
        self.cpu[stage] = self.cpu.get(stage, 0.0) + cpu
        self.wall[stage] = self.wall.get(stage, 0.0) + wall


def cpu_seconds():
    """User+sys of this process and of its children that ended (reader children)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(clock, stage, fn, *args, **kwargs):
    cpu, wall = cpu_seconds(), time.perf_counter()
    try:
        return fn(*args, **kwargs)
    finally:
        clock.add(stage, cpu_seconds() - cpu, time.perf_counter() - wall)


def timed_iter(clock, stage, iterator):
    iterator = iter(iterator)
    while True:
        cpu, wall = cpu_seconds(), time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            return
        finally:
            clock.add(stage, cpu_seconds() - cpu, time.perf_counter() - wall)
        yield item


def run(name, path, args, topics, subjects_of_each):
    clock = Clock()
    counts = {"statements": 0, "passages": 0, "words": 0, "other": 0}
    first = (lambda p: p.endswith(ungdc.TABLE)) if name == "ungdc" else None
    members = walk.members(path, first=first, budget=args.budget_mb * 1024 * 1024)
    _read_all(name, clock, counts, members, args, topics, subjects_of_each)
    return clock, counts


def _read_all(name, clock, counts, members, args, topics, subjects_of_each):
    table = None
    for member in timed_iter(clock, "walk", members):
        if name == "ungdc" and member.path.endswith(ungdc.TABLE):
            table = timed(clock, "read", read_speakers_table, member.data)
            continue
        if name == "ungdc":
            entry = timed(clock, "read", ungdc.read_member, member, table, topics=topics)
        else:
            entry = timed(clock, "read", whitehouse.read_member, member, topics=topics)
        if not isinstance(entry, Statement):
            counts["other"] += 1
            continue
        counts["statements"] += 1
        counts["words"] += len(entry.raw_text.split())
        passages = entry.paragraphs
        counts["passages"] += len(passages)
        cpu, wall = cpu_seconds(), time.perf_counter()
        for _ in subjects_of_each(passages, topics):
            pass
        clock.add("tag", cpu_seconds() - cpu, time.perf_counter() - wall)
        if args.limit and counts["statements"] >= args.limit:
            break


def report(name, clock, counts):
    print(f"\n{name}: {counts['statements']} statements, {counts['passages']} passages, "
          f"{counts['words'] / 1e6:.2f} M words, {counts['other']} other files")
    print(f"  {'stage':<6} {'CPU s':>9} {'wall s':>9} {'CPU ms/statement':>17}")
    for stage in ("walk", "read", "tag"):
        cpu, wall = clock.cpu.get(stage, 0.0), clock.wall.get(stage, 0.0)
        per = 1000 * cpu / max(counts["statements"], 1)
        print(f"  {stage:<6} {cpu:>9.1f} {wall:>9.1f} {per:>17.2f}")
    total_cpu, total_wall = sum(clock.cpu.values()), sum(clock.wall.values())
    print(f"  {'total':<6} {total_cpu:>9.1f} {total_wall:>9.1f}")
    return total_cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", help="folder with the .tar.xz files")
    parser.add_argument("--only", choices=sorted(COLLECTIONS))
    parser.add_argument("--limit", type=int, default=0, help="statements per collection")
    parser.add_argument("--profile", help="write a pyinstrument profile here (.html, else text)")
    parser.add_argument("--budget-mb", type=int, default=walk.DEFAULT_BUDGET // 2**20)
    args = parser.parse_args(argv)

    folder = corpora_dir(args.corpora)
    names = [args.only] if args.only else list(COLLECTIONS)
    missing = [COLLECTIONS[n] for n in names if not (folder / COLLECTIONS[n]).exists()]
    if missing:
        sys.exit(f"{', '.join(missing)} not found in {folder} (use --corpora DIR)")

    # The tagging module imports the models: Django must be set up, but nothing
    # here touches the database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.ingest import tagging

    # Older checkouts (for a baseline) tag one text at a time.
    subjects_of_each = getattr(tagging, "subjects_of_each", None) or (
        lambda texts, topics: (tagging.subjects_of(t, topics) for t in texts)
    )

    topics = [{"name": n, "keywords": list(k)} for n, k in _default_key()]
    profiler = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
    total = 0.0
    for name in names:
        clock, counts = run(name, folder / COLLECTIONS[name], args, topics, subjects_of_each)
        total += report(name, clock, counts)
    if profiler is not None:
        profiler.stop()
        # HTML for a browser; any other suffix gets the text tree.
        html = args.profile.endswith(".html")
        out = profiler.output_html() if html else profiler.output_text(unicode=True)
        Path(args.profile).write_text(out, encoding="utf-8")
        print(f"\nprofile written to {args.profile}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nall: {total:.1f} CPU s; peak RSS {peak:.0f} MB; load average "
          f"{os.getloadavg()[0]:.2f} on {os.cpu_count()} cores (other processes share them)")


if __name__ == "__main__":
    main()
