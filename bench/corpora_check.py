"""How right the corpus readers are on the real collections, and how fast they walk.

    .venv/bin/python bench/corpora_check.py [--corpora DIR] [--only ungdc|whitehouse]
                                            [--sample 100] [--seed 12] [--budget-mb 64]

Reads ../shared/corpora beside the checkout (or --corpora, or ARCHIVE_CORPORA_DIR);
no database. Prints counts (statements, strays skipped and why, files refused), the
country codes and which are unmapped, the speakers table against the files, and for a
random sample the metadata checked against the file path and the table. Every word of
every UN speech must be in its paragraphs; for the briefing room it reports which
words the parser leaves out (speaker labels should be all).
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import os
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.ingest.corpora import walk  # noqa: E402
from archive.ingest.corpora.entries import Refused, Skipped, Statement  # noqa: E402
from archive.ingest.corpora.speakers import (  # noqa: E402
    CODE_FIXES,
    clean_name,
    read_speakers_table,
)
from archive.ingest.corpora.ungdc import TABLE, read_ungdc, speech_name  # noqa: E402
from archive.ingest.corpora.whitehouse import read_whitehouse  # noqa: E402
from archive.ingest.formats import read_upload  # noqa: E402
from archive.ingest.frontmatter import split_front_matter  # noqa: E402
from archive.ingest.gazetteer import find_countries  # noqa: E402

UNGDC = "ungdc-1946-2024.tar.xz"
WHITEHOUSE = "wh-briefing-room-2021-2025.tar.xz"


def corpora_dir(given):
    default = REPO.parent / "shared" / "corpora"
    return Path(given or os.environ.get("ARCHIVE_CORPORA_DIR") or default)


def percent(part, whole):
    return f"{part}/{whole} ({100 * part / whole:.1f}%)" if whole else f"{part}/0"


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_walk(path, budget):
    start, count, size = time.perf_counter(), 0, 0
    for member in walk.members(path, budget=budget):
        count, size = count + 1, size + len(member.data)
    return time.perf_counter() - start, count, size


def read_all(reader, path, args):
    """Every entry, statements reduced to what the checks need, and a random sample
    of whole statements (reservoir sampling: memory stays at the sample's size)."""
    rng, sample, entries, seen = random.Random(args.seed), [], [], 0
    start = time.perf_counter()
    for entry in reader(path, budget=args.budget):
        if isinstance(entry, Statement):
            if len(sample) < args.sample:
                sample.append(entry)
            elif (j := rng.randrange(seen + 1)) < args.sample:
                sample[j] = entry
            seen += 1
            entry = Light.of(entry)
        entries.append(entry)
    return entries, sample, time.perf_counter() - start


@dataclasses.dataclass
class Light:
    path: str
    paragraphs: int
    words_kept: bool
    speaker: str
    role: str
    kind: str
    date: object
    published: object
    unknown: bool  # a turn the parser could not attribute

    @classmethod
    def of(cls, s):
        return cls(
            s.path, len(s.paragraphs), _words(s.raw_text) == " ".join(s.paragraphs).split(),
            s.document.speakers[0].name if s.document.speakers else "",
            s.document.speakers[0].role if s.document.speakers else "",
            s.document.kind, s.date, s.published,
            any(p.name == "Unknown" for p in s.document.speakers),
        )


def _words(text):
    """The words of a file; a byte-order mark is not one."""
    return text.replace("\ufeff", "").split()


def summarise(entries, seconds):
    statements = [e for e in entries if isinstance(e, Light)]
    skipped = [e for e in entries if isinstance(e, Skipped)]
    refused = [e for e in entries if isinstance(e, Refused)]
    print(f"  read in {seconds:.1f} s: {len(statements)} statements, "
          f"{len(skipped)} skipped, {len(refused)} refused")
    for reason, count in collections.Counter(e.reason for e in skipped).most_common():
        print(f"    skipped {count}: {reason}")
    for entry in refused:
        print(f"    refused {entry.path}: {entry.reason}")
    return statements


def check_ungdc(path, args):
    print(f"UN General Debate ({path.name})")
    seconds, count, size = time_walk(path, args.budget)
    print(f"  walk (sorted, {args.budget >> 20} MB budget): {seconds:.1f} s, "
          f"{count} files, {size / 1e6:.0f} MB")
    entries, sample, seconds = read_all(read_ungdc, path, args)
    statements = summarise(entries, seconds)
    table_member = next(m for m in walk.members(path, first=lambda n: n.endswith(TABLE),
                                                budget=1) if m.path.endswith(TABLE))
    table = read_speakers_table(table_member.data)
    names = [speech_name(e.path) for e in entries if speech_name(e.path)]
    codes = sorted({n.code for n in names})
    unmapped = sorted({speech_name(e.path).code for e in entries
                       if isinstance(e, Refused) and speech_name(e.path)})
    print(f"  {len(codes)} distinct codes; unmapped: {unmapped or 'none'}")
    files = {(n.code, n.session) for n in names}
    keys = {k for k, rows in table.by_key.items() if rows}
    print(f"  table: {len(table.rows)} rows; codes fixed by CODE_FIXES: "
          f"{sum(1 for r in table.rows if r.code in CODE_FIXES.values())} rows of "
          f"{', '.join(sorted(set(CODE_FIXES.values())))}")
    print(f"  table rows with no file: {len(keys - files)}: "
          f"{', '.join(f'{c} {s}' for c, s in sorted(keys - files))}")
    print(f"  files with no table row: {len(files - keys)}: "
          f"{', '.join(f'{c} {s}' for c, s in sorted(files - keys))}")
    two = [k for k in files & keys if len({r.name for r in table.by_key[k] if r.name}) > 1]
    print(f"  files whose table rows name two people (left unnamed): {len(two)}")
    named = [s for s in statements if not s.speaker.startswith("Representative of ")]
    print(f"  speakers found: {percent(len(named), len(statements))}; "
          f"posts: {percent(sum(bool(s.role) for s in statements), len(statements))}")
    disagree = _table_country_disagreements(table)
    print(f"  table rows whose country name reads as another country than its code: "
          f"{len(disagree)}: {'; '.join(disagree[:12])}")
    paragraphs = [s.paragraphs for s in statements]
    print(f"  paragraphs per speech: mean {statistics.mean(paragraphs):.1f}, median "
          f"{statistics.median(paragraphs)}, min {min(paragraphs)}, max {max(paragraphs)}")
    lost = [s.path for s in statements if not s.words_kept]
    whole = percent(len(statements) - len(lost), len(statements))
    print(f"  every word kept in the paragraphs: {whole}"
          + (f"; not in: {lost[:5]}" if lost else ""))
    _sample_ungdc(sample, table, args)
    print(f"  peak RSS so far: {rss_mb():.0f} MB")


def _table_country_disagreements(table):
    from archive.ingest.corpora.countries import UnknownCountry, speaking_country

    out = []
    for row in table.rows:
        if not row.code or row.year is None:
            continue
        try:
            ours = speaking_country(row.code, row.year).code
        except UnknownCountry:
            continue
        found = find_countries(row.country)
        if found and ours not in found:
            out.append(f"line {row.line} {row.code} {row.year} '{row.country}'")
    return out


def _sample_ungdc(sample, table, args):
    import pycountry

    date_ok = country_ok = speaker_ok = speaker_cases = 0
    misses = []
    for s in sample:
        m = re.search(r"Session (\d+) - (\d{4})/([A-Z]{2,3})_(\d+)_(\d{4})\.txt$", s.path)
        year, code = int(m[5]), m[3]
        date_ok += s.date.year == year == int(m[2]) and s.date_precision == "year"
        iso = pycountry.countries.get(alpha_3=code)
        expected = {iso.alpha_2} if iso else set()
        expected |= {"TW"} if code == "CHN" and year <= 1971 else set()
        country_ok += (s.speaking_country in expected) if iso else bool(s.speaking_country)
        rows = [r for r in table.rows if r.code == code and r.session == int(m[4])]
        listed = {clean_name(r.raw_name) for r in rows if r.raw_name.strip()}
        if len(listed) == 1:
            speaker_cases += 1
            got = s.document.speakers[0].name
            if got in listed and got in s.document.title:
                speaker_ok += 1
            else:
                misses.append(f"{s.path}: {got!r} vs {listed}")
    print(f"  sample of {len(sample)} (seed {args.seed}): "
          f"date right {percent(date_ok, len(sample))}"
          f", country right {percent(country_ok, len(sample))}, speaker right "
          f"{percent(speaker_ok, speaker_cases)} where the table names one")
    for miss in misses:
        print(f"    speaker miss {miss}")


def check_whitehouse(path, args):
    print(f"White House briefing room ({path.name})")
    seconds, count, size = time_walk(path, args.budget)
    print(f"  walk (sorted, {args.budget >> 20} MB budget): {seconds:.1f} s, "
          f"{count} files, {size / 1e6:.0f} MB")
    entries, sample, seconds = read_all(read_whitehouse, path, args)
    statements = summarise(entries, seconds)
    print(f"  kinds: {dict(collections.Counter(s.kind for s in statements))}")
    unknown = sum(s.unknown for s in statements)
    print(f"  with turns the parser gives to 'Unknown': {percent(unknown, len(statements))}")
    dated = sum(s.path.rsplit("/", 1)[-1].startswith(s.date.isoformat()) for s in statements)
    same_day = sum(s.published.date() == s.date for s in statements if s.published)
    print(f"  date agrees with the file name: {percent(dated, len(statements))}; published "
          f"the same day: {percent(same_day, len(statements))}")
    kept, lost = _word_retention(sample)
    total = sum(kept.values()) + sum(lost.values())
    print(f"  sample of {len(sample)}: words of the body found in the parse "
          f"{percent(sum(kept.values()), total)}; most often left out: "
          f"{', '.join(f'{w!r}×{n}' for w, n in lost.most_common(15))}")
    speakers = [len(s.document.speakers) for s in sample]
    print(f"  speakers per transcript: mean {statistics.mean(speakers):.1f}, max {max(speakers)}")
    turns = [sum(1 + len(e.answers) for e in s.document.exchanges) for s in sample]
    print(f"  turns per transcript: mean {statistics.mean(turns):.1f}; parser warnings in "
          f"{sum(bool(s.document.warnings) for s in sample)} of {len(sample)}: "
          f"{_common_warnings(sample)}")
    print(f"  peak RSS so far: {rss_mb():.0f} MB")


def _common_warnings(sample):
    found = collections.Counter(w[:60] for s in sample for w in s.document.warnings)
    return found.most_common(5)


def _word_retention(sample):
    kept, lost = collections.Counter(), collections.Counter()
    for s in sample:
        _, body = split_front_matter(s.raw_text)
        words = collections.Counter(read_upload(body.encode(), "x.md").split())
        d = s.document
        parts = [d.title, *d.preamble] + [t.text for e in d.exchanges
                                          for t in (e.question, *e.answers) if t]
        found = collections.Counter(" ".join(parts).split())
        for word, n in words.items():
            k = min(n, found[word])
            kept[word] += k
            if n > k:
                lost[word] += n - k
    return kept, lost


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpora")
    parser.add_argument("--only", choices=["ungdc", "whitehouse"])
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--budget-mb", type=int, default=walk.DEFAULT_BUDGET >> 20)
    args = parser.parse_args()
    args.budget = args.budget_mb << 20
    folder = corpora_dir(args.corpora)
    wanted = [("ungdc", UNGDC, check_ungdc), ("whitehouse", WHITEHOUSE, check_whitehouse)]
    missing = [folder / name for key, name, _ in wanted
               if (args.only in (None, key)) and not (folder / name).exists()]
    if missing:
        print(f"The collections are not there: {', '.join(map(str, missing))} is missing. "
              "Put shared/corpora beside the checkout or pass --corpora DIR.")
        return 2
    for key, name, check in wanted:
        if args.only in (None, key):
            check(folder / name, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
