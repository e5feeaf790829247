"""Long turns as passages: one answer per paragraph, each with its own permanent link
and citation ("¶ 14"). No database.

The rule, the same for every door a transcript comes in by (import_corpus,
import_transcripts, the editor's upload): a turn of more than one paragraph is split
when the transcript is a speech, or when the turn is longer than LONG_TURN
characters (a page and a half, some five minutes spoken). An interview's or a
briefing's answers below that read and are cited whole, as they were given: the
longest in the Xinhua interview runs to 4,951 characters in 22 paragraphs. Only new
imports are split: stored answers and their addresses never change.

Splitting keeps every character of every paragraph: the passages joined with a blank
line give the turn's text back exactly, and each stage direction moves to the passage
that holds it, with offsets in that passage's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from archive.ingest.document import Kind, StageDirection

LONG_TURN = 6000
_BREAK = re.compile(r"\n\n")


@dataclass(frozen=True)
class Passage:
    text: str
    stage_directions: list[StageDirection]


def is_long(text: str, kind: str) -> bool:
    """Whether a turn of `text`, in a transcript of `kind`, becomes passages."""
    if "\n\n" not in text.strip():
        return False
    return kind == Kind.SPEECH or len(text) > LONG_TURN


def split_passages(text: str, directions=()) -> list[Passage]:
    """The paragraphs of `text` (blank-line separated, blank ones dropped), with the
    stage directions that fall inside each."""
    passages, start = [], 0
    for end in [m.start() for m in _BREAK.finditer(text)] + [len(text)]:
        if start <= end and text[start:end].strip():
            inside = [replace(d, start=d.start - start, end=d.end - start)
                      for d in directions if start <= d.start and d.end <= end]
            passages.append(Passage(text[start:end], inside))
        start = end + 2
    return passages
