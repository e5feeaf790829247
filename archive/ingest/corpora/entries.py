"""What reading a collection gives, file by file: a statement, a stray skipped, or a
file refused. Nothing is dropped without one of these saying so."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from archive.ingest.document import Document


@dataclass
class Statement:
    """One statement's file: its exact text, and the document the loader saves.

    `document` is in the parser's shape (title, kind, date, speakers, exchanges,
    countries, topics, warnings), so the loader treats it as any parsed transcript.
    What a Document has no field for is here: how precise the date is, the
    collection it comes from, the page it was published at, the country speaking.
    """

    path: str
    raw_text: str
    document: Document
    date: datetime.date
    date_precision: str  # "year" or "day"
    source: str
    source_url: str = ""
    speaking_country: str = ""  # the archive's alpha-2 code
    session: int | None = None
    published: datetime.datetime | None = None
    tags: list[str] = field(default_factory=list)
    kind_of_item: str = ""  # "speech", "briefing room transcript"

    @property
    def paragraphs(self) -> list[str]:
        """Every paragraph of every turn, in order."""
        turns = [t for e in self.document.exchanges for t in (e.question, *e.answers) if t]
        return [p for t in turns for p in t.text.split("\n\n") if p]


@dataclass(frozen=True)
class Skipped:
    """A file that is not a statement (notes, a table, an editor's history file)."""

    path: str
    reason: str


@dataclass(frozen=True)
class Refused:
    """A file that should be a statement but cannot be read as one."""

    path: str
    reason: str


def decode(data: bytes) -> str:
    """The exact text of a statement's file; raises UnicodeDecodeError."""
    return data.decode("utf-8", errors="strict")


def refusal_for(error: UnicodeDecodeError) -> str:
    return f"not UTF-8 text: byte {error.object[error.start]:#04x} at offset {error.start}"
