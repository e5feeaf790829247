"""A UN speech's paragraphs. Most files put one paragraph a line; those taken from
the PDFs of the 1990s and 2000s keep the printed column's line breaks instead, with
no blank line between paragraphs. There a paragraph ends where a line finishes a
sentence well short of the column's width, or where the next line is indented.

Lines are joined with one space and never changed otherwise, so every word of the
file is in its paragraphs, page numbers and document symbols of the printed page
included (they sit where the page broke).
"""

from __future__ import annotations

_SENTENCE_END = tuple('.!?:;"”’)')
# Lines that end a paragraph end this much short of the column, or more.
_SHORT = 0.8


def speech_paragraphs(text: str) -> list[str]:
    lines = text.replace("\ufeff", "").splitlines()
    filled = [line for line in lines if line.strip()]
    if not _is_hard_wrapped(filled):
        return [" ".join(line.split()) for line in filled]
    width = sorted(len(line.strip()) for line in filled)[int(len(filled) * 0.9)]
    indented = sum(line[:1].isspace() for line in filled) / len(filled)
    paragraphs: list[list[str]] = []
    previous = ""
    blank_before = False
    for line in lines:
        if not line.strip():
            blank_before = True
            continue
        ends = previous.rstrip().endswith(_SENTENCE_END)
        starts = (
            not paragraphs
            or (ends and len(previous.strip()) < _SHORT * width)
            or (ends and blank_before)
            or (indented < 0.5 and line[:1].isspace() and ends)
        )
        if starts:
            paragraphs.append([])
        paragraphs[-1].append(line)
        previous, blank_before = line, False
    return [" ".join(" ".join(group).split()) for group in paragraphs]


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Most lines stop mid-sentence: the breaks are the printed column's."""
    if len(lines) < 4:
        return False
    open_ended = sum(not line.rstrip().endswith(_SENTENCE_END) for line in lines)
    return open_ended / len(lines) > 0.3
