"""Stage directions inside a turn: "(Laughter.)", "(Applause.)", "(Crosstalk.)",
"(Inaudible.)", "(As interpreted.)", "[inaudible]", "（笑声）".

They are marked where they stand and stay part of the turn's text: the words are the
transcript's, only their reading differs (a reader's page shows them muted).
"""

from __future__ import annotations

import re
from dataclasses import replace

from archive.ingest.document import StageDirection, Turn
from archive.ingest.labels import says_interpreted

# Words that make a short parenthesis a stage direction wherever it stands.
_KEYWORDS = (
    "laughter", "laughs", "laughing", "laugh", "chuckles", "applause", "clapping", "cheers",
    "cheering", "boos", "booing", "crosstalk", "cross-talk", "cross talk", "inaudible",
    "unintelligible", "indiscernible", "as interpreted", "interpreted", "interpretation",
    "as translated", "translated", "translation", "through an interpreter",
    "through interpreter", "via interpreter", "interpreter", "no response", "pause",
    "pauses", "audio", "technical difficulties", "speaks", "speaking", "off-mic", "off mic",
    "mic", "microphone", "coughs", "sighs", "silence", "music", "video", "break", "recess",
    "gavel", "phone rings", "reporters", "audience", "shouts", "shouting", "in progress",
    "begins", "ends", "end", "sic", "笑声", "掌声", "笑", "鼓掌", "听不清", "翻译",
)  # fmt: skip
_KEYWORD = re.compile(
    r"^(?:" + "|".join(re.escape(k) for k in sorted(_KEYWORDS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_PARENTHESIS = re.compile(
    r"\((?P<a>[^()\n]{1,80})\)|\[(?P<b>[^\[\]\n]{1,80})\]|（(?P<c>[^（）\n]{1,40})）"
)
_INTERPRETED = re.compile(r"interpret|translat|翻译", re.IGNORECASE)
# Before a general note ("(The President departs.)"): the start of a paragraph or a sentence.
_SENTENCE_BREAK = re.compile(r"(?:^|[.!?。！？…—–-]\s*|\n)$")


def is_interpretation(direction: StageDirection) -> bool:
    """ "(As interpreted.)", "(Through an interpreter.)": the turn is an interpreter's."""
    return bool(_INTERPRETED.search(direction.text))


def find(text: str, offset: int = 0, label: str = "") -> list[StageDirection]:
    """Stage directions in `text`, in order."""
    found = []
    for match in _PARENTHESIS.finditer(text):
        inside = (match["a"] or match["b"] or match["c"]).strip()
        if _is_direction(inside, text, match.start(), match.end()):
            found.append(
                StageDirection(match[0], offset + match.start(), offset + match.end(), label)
            )
    return found


def _is_direction(inside: str, text: str, start: int, end: int) -> bool:
    """Whether the parenthesis text[start:end], holding `inside`, is a direction."""
    if not inside or len(inside.split()) > 12:
        return False
    if _KEYWORD.match(inside.lstrip("“\"'")):
        return True
    # "(The President departs.)": a short capitalised sentence of its own.
    return (
        inside[0].isupper()
        and inside.endswith(".")
        and len(inside.split()) >= 2
        and not text[end : end + 1].islower()
        and _after_a_break(text, start)
    )


def _after_a_break(text: str, start: int) -> bool:
    """Whether text[:start], spaces at its end aside, ends a sentence or a paragraph.
    Only the end is looked at: a transcript's hundreds of parentheses each searched
    all the text before them."""
    stop = start
    while stop and text[stop - 1] == " ":
        stop -= 1
    last = stop  # the last character that is not whitespace ends before `last`
    while last and text[last - 1].isspace():
        last -= 1
    return _SENTENCE_BREAK.search(text, max(0, last - 1), stop) is not None


def only_directions(text: str) -> bool:
    """Whether the text is nothing but stage directions ("(Laughs.)", "(Inaudible.)")."""
    directions = find(text)
    rest = text
    for direction in reversed(directions):
        rest = rest[: direction.start] + rest[direction.end :]
    return bool(directions) and not re.search(r"\w", rest)


_SPEECH = re.compile(
    r"inaudible|unintelligible|indiscernible|off[- ]?mic|speaks|speaking|听不清", re.IGNORECASE
)


def stands_for_speech(text: str) -> bool:
    """ "(Inaudible.)" stands for words said but not heard: a turn of its own."""
    return any(_SPEECH.search(d.text) for d in find(text))


def without_directions(text: str) -> str:
    """The words that are spoken, stage directions taken out."""
    pieces, start = [], 0
    for direction in find(text):
        pieces.append(text[start : direction.start])
        start = direction.end
    pieces.append(text[start:])
    return " ".join(" ".join(pieces).split())


def mark(turns: list[Turn]) -> list[Turn]:
    """Mark stage directions where they stand; a turn that is nothing but one
    ("PRESIDENT BIDEN: (Laughs.)") joins the turn before it, its label kept on the mark.
    "(Inaudible.)" stands for words said: a turn of its own."""
    kept: list[Turn] = []
    for turn in turns:
        turn.stage_directions = find(turn.text)
        turn.interpreted = says_interpreted(turn.label) or any(
            is_interpretation(d) for d in turn.stage_directions
        )
        if kept and only_directions(turn.text) and not stands_for_speech(turn.text):
            label = turn.label or turn.speaker
            kept[-1].extend(turn.text, [replace(d, label=label) for d in turn.stage_directions])
        else:
            kept.append(turn)
    return kept
