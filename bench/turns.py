"""How the parser splits real conversations into turns: questions, answers, statements,
procedural turns, courtesies and stage directions.

    .venv/bin/python bench/turns.py            # the samples and all 1,152 press briefings
    .venv/bin/python bench/turns.py --show 20  # also print 20 random briefings' parses
    .venv/bin/python bench/turns.py --file wh/press-briefings/2022-07/….md

Reads ../shared/samples and ../shared/corpora/wh-briefing-room-2021-2025.tar.xz beside
the checkout (never copied into the repository) and says so when they are absent. Each
briefing's YAML front matter is skipped; its title is put first, as a headline line,
because transcripts outside this collection carry their title in the text.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tarfile
import textwrap
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from archive.ingest.document import TurnKind  # noqa: E402
from archive.ingest.parser import parse  # noqa: E402
from archive.text import HAN_RANGES  # noqa: E402

SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"
BRIEFINGS = SHARED / "corpora" / "wh-briefing-room-2021-2025.tar.xz"
FOLDER = "wh/press-briefings/"


def briefings(path: Path = BRIEFINGS, folder: str = FOLDER):
    """(name, transcript text) for each Markdown file under `folder` in the tarball."""
    with tarfile.open(path, "r:xz") as archive:
        for member in archive:
            if member.isfile() and member.name.startswith(folder) and member.name.endswith(".md"):
                yield member.name, as_transcript(archive.extractfile(member).read().decode())


def as_transcript(markdown: str) -> str:
    """The body without its front matter, the front matter's title as the first line."""
    if not markdown.startswith("---"):
        return markdown
    _, front, body = markdown.split("---", 2)
    title = " ".join(str((yaml.safe_load(front) or {}).get("title", "")).split())
    return f"{title}\n\n{body}"


# A Chinese character is a word, also next to digits or Latin letters.
_WORD = re.compile(f"[{HAN_RANGES}]|[^\\W_{HAN_RANGES}]+")


def words_lost(text: str, doc) -> int:
    """Words of the source in no title, preamble, label or turn (numbering aside)."""
    folded = [d.label for t in doc.turns for d in t.stage_directions if d.label]
    kept = " ".join(
        [doc.title, *doc.preamble, *folded, *(f"{t.label} {t.text}" for t in doc.turns)]
    )
    lost = Counter(w.casefold() for w in _WORD.findall(text))
    lost -= Counter(w.casefold() for w in _WORD.findall(kept))
    return sum(n for w, n in lost.items() if not re.fullmatch(r"\d{1,3}|[ivx]{1,5}", w))


def tally(doc, text: str = "") -> Counter:
    counts = Counter(turns=len(doc.turns), questions=doc.as_json()["questions"])
    counts["files losing words"] += bool(text) and words_lost(text, doc) > 0
    for turn in doc.turns:
        counts[turn.kind] += 1
        counts["courtesy"] += turn.courtesy
        counts["asker turns"] += turn.asker
        counts["stage directions"] += len(turn.stage_directions)
        counts["stage-only turns folded"] += sum(1 for d in turn.stage_directions if d.label)
        counts["interpreted"] += turn.interpreted
        counts["named officials"] += bool(not turn.asker and turn.name)
        counts["unnamed officials"] += bool(not turn.asker and not turn.name)
    counts["no labels"] += any("No speaker labels" in w for w in doc.warnings)
    return counts


def show(name: str, doc, width: int = 100) -> None:
    print(f"\n=== {name}\n{doc.title}  [{doc.kind}]  questions: {doc.as_json()['questions']}")
    for i, turn in enumerate(doc.turns):
        mark = turn.kind + ("/courtesy" if turn.courtesy else "")
        number = f"Q{turn.question}" if turn.question else ""
        who = turn.name or turn.label or turn.speaker
        extra = f" ({turn.outlet})" if turn.outlet else ""
        directions = " ".join(d.text + (f"<{d.label}>" if d.label else "")
                              for d in turn.stage_directions)  # fmt: skip
        text = textwrap.shorten(turn.text, width)
        print(f"{i:4} {mark:20} {number:5} {who}{extra}: {text} {directions}".rstrip())


def report(title: str, counts: Counter, files: int) -> None:
    print(f"\n{title}: {files} files")
    order = ["turns", TurnKind.QUESTION, TurnKind.ANSWER, TurnKind.STATEMENT,
             TurnKind.PROCEDURAL, "courtesy", "questions", "asker turns", "stage directions",
             "stage-only turns folded", "interpreted", "named officials",
             "unnamed officials", "no labels", "files losing words"]  # fmt: skip
    for key in order:
        share = f"  ({counts[key] / counts['turns']:.1%} of turns)" if counts["turns"] else ""
        print(f"  {key:26} {counts[key]:>8}{share if key in order[1:6] else ''}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print N random parses")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--file", help="print the parse of one file of the collection")
    parser.add_argument("--folder", default=FOLDER, help=f"part of the collection ({FOLDER})")
    args = parser.parse_args(argv)

    if SAMPLES.exists():
        for path in sorted(SAMPLES.glob("*.txt")):
            doc = parse(path.read_text(encoding="utf-8"))
            counts = tally(doc)
            kinds = ", ".join(f"{k} {counts[k]}" for k in (TurnKind.QUESTION, TurnKind.ANSWER,
                              TurnKind.STATEMENT, TurnKind.PROCEDURAL))  # fmt: skip
            print(
                f"{path.name}: {counts['questions']} questions; turns: {kinds}; "
                f"stage directions {counts['stage directions']}; warnings {doc.warnings}"
            )
    else:
        print(f"No samples at {SAMPLES}: skipped.")

    if not BRIEFINGS.exists():
        print(f"No briefing-room collection at {BRIEFINGS}: nothing more to measure.")
        return 0
    total, files, docs, started = Counter(), 0, {}, time.perf_counter()
    for name, text in briefings(folder=args.folder):
        if args.file and name != args.file:
            continue
        doc = parse(text)
        total += tally(doc, text)
        files += 1
        if args.show or args.file:
            docs[name] = doc
    elapsed = time.perf_counter() - started
    report(f"White House transcripts ({args.folder})", total, files)
    print(f"  parsed in {elapsed:.0f} s")
    picks = sorted(docs) if args.file else random.Random(args.seed).sample(
        sorted(docs), min(args.show, len(docs)))  # fmt: skip
    for name in picks:
        show(name, docs[name])
    return 0


if __name__ == "__main__":
    sys.exit(main())
