"""The parser's output: plain dataclasses, no ORM.

`Document.as_json()` is a public contract (`parse_transcript --json`); transcripts
are checked against it from outside, so its keys and shapes must stay stable.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


class Kind:
    """Values shared with `archive.models.Interview.Kind`."""

    INTERVIEW = "interview"
    PRESS_CONFERENCE = "press_conference"
    JOINT_PRESS_CONFERENCE = "joint_press_conference"
    BRIEFING = "briefing"
    SPEECH = "speech"
    STATEMENT = "statement"


@dataclass
class Turn:
    """One speaker's uninterrupted contribution; paragraphs separated by a blank line."""

    speaker: str
    text: str


@dataclass
class Exchange:
    """A question and the answers given to it; `question` is None for opening
    remarks and speeches."""

    question: Turn | None
    answers: list[Turn] = field(default_factory=list)


@dataclass
class SpeakerInfo:
    name: str
    role: str = ""


@dataclass
class Document:
    title: str = ""
    kind: str = Kind.STATEMENT
    date: datetime.date | None = None
    # (month, day) when the transcript gives a day without a year.
    partial_date: tuple[int, int] | None = None
    location: str = ""
    language: str = "en"
    speakers: list[SpeakerInfo] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        def turn(t: Turn | None):
            return None if t is None else {"speaker": t.speaker, "text": t.text}

        return {
            "title": self.title,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "partial_date": (
                "--{:02d}-{:02d}".format(*self.partial_date) if self.partial_date else None
            ),
            "location": self.location,
            "language": self.language,
            "speakers": [{"name": s.name, "role": s.role} for s in self.speakers],
            "preamble": list(self.preamble),
            "exchanges": [
                {"question": turn(e.question), "answers": [turn(a) for a in e.answers]}
                for e in self.exchanges
            ],
            "countries": list(self.countries),
            "topics": list(self.topics),
            "warnings": list(self.warnings),
        }
