"""The parser's output: plain dataclasses, no ORM.

`Document.as_json()` is a public contract (`parse_transcript --json`); transcripts
are checked against it from outside, so its keys and shapes must stay stable: keys are
added, never renamed or given a new meaning (README, "Working with transcripts").
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace


class Kind:
    """Values shared with `archive.models.Interview.Kind`."""

    INTERVIEW = "interview"
    PRESS_CONFERENCE = "press_conference"
    JOINT_PRESS_CONFERENCE = "joint_press_conference"
    BRIEFING = "briefing"
    SPEECH = "speech"
    STATEMENT = "statement"


class TurnKind:
    """What a turn does in the conversation."""

    QUESTION = "question"  # asks something of an official, and is answered
    ANSWER = "answer"
    STATEMENT = "statement"  # opening remarks, a speech: said without a question
    PROCEDURAL = "procedural"  # hand-offs, courtesies, bids for the floor


@dataclass(frozen=True)
class StageDirection:
    """ "(Laughter.)" where it stands in a turn's text."""

    text: str  # with its parentheses, as written
    start: int  # offsets in the turn's text: text[start:end] == self.text
    end: int
    # The label of a turn that held nothing but this ("PRESIDENT BIDEN: (Laughs.)"),
    # folded into the turn before it.
    label: str = ""


@dataclass
class Turn:
    """One speaker's uninterrupted contribution; paragraphs separated by a blank line."""

    speaker: str  # display name, as before: "Prime Minister Lee", "Reporter", "AFP"
    text: str
    label: str = ""  # as written, without numbering and colon ("" when unlabelled)
    name: str = ""  # the person without titles ("Lee Hsien Loong"), "" when unknown
    role: str = ""  # the title or office the label or headline gives them
    kind: str = ""  # a TurnKind
    asker: bool = False  # a reporter or outlet, not an official or speaker
    outlet: str = ""  # the asker's news outlet, by its canonical name
    courtesy: bool = False  # a procedural turn that only thanks, greets or acknowledges
    interpreted: bool = False  # "(As interpreted.)"
    question: int | None = None  # the question (numbered from 1) it asks or answers
    stage_directions: list[StageDirection] = field(default_factory=list)
    # The one person the label names on the transcript's date: a curated official's
    # name ("THE PRESIDENT" in March 2022 is "Joe Biden"), else `name`; "" for askers.
    resolved: str = ""

    def extend(self, text: str, directions: list[StageDirection]) -> None:
        """Add a paragraph, with the stage directions it holds (offsets in `text`)."""
        offset = len(self.text) + 2 if self.text else 0
        self.text = f"{self.text}\n\n{text}" if self.text else text
        self.stage_directions += [
            replace(d, start=d.start + offset, end=d.end + offset) for d in directions
        ]

    def as_json(self) -> dict:
        return {
            "speaker": self.speaker,
            "text": self.text,
            "label": self.label,
            "name": self.name,
            "role": self.role,
            "kind": self.kind,
            "asker": self.asker,
            "outlet": self.outlet,
            "courtesy": self.courtesy,
            "interpreted": self.interpreted,
            "question": self.question,
            "resolved": self.resolved,
            "stage_directions": [
                {"text": d.text, "start": d.start, "end": d.end, "label": d.label}
                for d in self.stage_directions
            ],
        }


@dataclass
class Exchange:
    """A question and the turns that follow it (answers, and procedural turns, each
    with its kind); `question` is None for opening remarks and speeches. A question
    interrupted and resumed is one question: its parts' texts joined."""

    question: Turn | None
    answers: list[Turn] = field(default_factory=list)


@dataclass
class SpeakerInfo:
    name: str  # display name, as on the turns' `speaker`
    role: str = ""
    person: str = ""  # the turns' resolved `name`
    asker: bool = False
    labels: list[str] = field(default_factory=list)  # as written
    resolved: str = ""  # as on the turns


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
    # Every turn in reading order; `exchanges` groups the same turns.
    turns: list[Turn] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        def turn(t: Turn | None):
            return None if t is None else t.as_json()

        return {
            "title": self.title,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "partial_date": (
                "--{:02d}-{:02d}".format(*self.partial_date) if self.partial_date else None
            ),
            "location": self.location,
            "language": self.language,
            "speakers": [
                {
                    "name": s.name,
                    "role": s.role,
                    "person": s.person,
                    "asker": s.asker,
                    "labels": list(s.labels),
                    "resolved": s.resolved,
                }
                for s in self.speakers
            ],
            "preamble": list(self.preamble),
            "exchanges": [
                {"question": turn(e.question), "answers": [turn(a) for a in e.answers]}
                for e in self.exchanges
            ],
            "turns": [t.as_json() for t in self.turns],
            "questions": sum(1 for e in self.exchanges if e.question),
            "countries": list(self.countries),
            "topics": list(self.topics),
            "warnings": list(self.warnings),
        }
