"""The UN General Debate Corpus: `TXT/Session NN - YYYY/ISO_NN_YYYY.txt`, one speech a
file, one paragraph a line (or the printed column's lines: see paragraphs.py), with no
title, date or speaker label of its own.

The country comes from the file name's alpha-3 code, the session and year from the
name too (the corpus gives only the year), the speaker and their post at the time
from `Speakers_by_session.xlsx`, which the walk hands over before the speeches.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from archive.ingest.corpora import walk
from archive.ingest.corpora.countries import UnknownCountry, speaking_country
from archive.ingest.corpora.entries import Refused, Skipped, Statement, decode, refusal_for
from archive.ingest.corpora.paragraphs import speech_paragraphs
from archive.ingest.corpora.speakers import SpeakersTable, read_speakers_table
from archive.ingest.document import Document, Exchange, Kind, SpeakerInfo, Turn
from archive.ingest.gazetteer import find_countries
from archive.ingest.topics import tag_topics

SOURCE = "UN General Debate Corpus"
TABLE = "Speakers_by_session.xlsx"
SPEECH = re.compile(
    r"(?:^|/)Session (?P<folder_session>\d{1,3}) - (?P<folder_year>\d{4})/"
    r"(?P<code>[A-Z]{2,3})_(?P<session>\d{1,3})_(?P<year>\d{4})\.txt$"
)
# What the release carries besides speeches, by file name.
STRAYS = [
    (re.compile(r"^\.Rhistory$|\.Rhistory$"), "an R session's command history, not a speech"),
    (re.compile(r"^\.Rapp\.history$"), "an R app's command history, not a speech"),
    (re.compile(r"^\.DS_Store"), "a macOS folder-settings file, not a speech"),
    (re.compile(r"^README", re.IGNORECASE), "the collection's notes, not a statement"),
]


@dataclass(frozen=True)
class SpeechName:
    code: str
    session: int
    year: int


def speech_name(path: str) -> SpeechName | None:
    """Country, session and year from a speech's path; None when it is not named so."""
    m = SPEECH.search(path)
    if not m:
        return None
    return SpeechName(m["code"], int(m["session"]), int(m["year"]))


def read_ungdc(path, *, topics=None, budget=walk.DEFAULT_BUDGET) -> Iterator:
    """Statement, Skipped or Refused for every file of the collection at `path`."""
    table = None
    for member in walk.members(path, first=lambda name: name.endswith(TABLE), budget=budget):
        if member.path.endswith(TABLE):
            try:
                table = read_speakers_table(member.data)
            except ValueError as exc:
                yield Refused(member.path, str(exc))
                continue
            yield Skipped(member.path, f"the speakers table ({len(table.rows)} rows), "
                                       "read for the speeches' speakers")
            continue
        yield read_member(member, table, topics=topics)


def read_member(member: walk.Member, table: SpeakersTable | None, *, topics=None):
    """One file of the collection as a Statement, Skipped or Refused."""
    base = PurePosixPath(member.path).name
    for pattern, reason in STRAYS:
        if pattern.search(base):
            return Skipped(member.path, reason)
    name = speech_name(member.path)
    if name is None:
        if base.endswith(".txt") and "/TXT/" in f"/{member.path}":
            return Refused(member.path, "not named like a speech (ISO_NN_YYYY.txt in a "
                                        "'Session NN - YYYY' folder): no country or session")
        return Skipped(member.path, "not a speech of the collection (not a .txt in TXT/)")
    if not member.data.strip():
        return Skipped(member.path, "an empty file")
    try:
        text = decode(member.data)
    except UnicodeDecodeError as exc:
        return Refused(member.path, refusal_for(exc))
    try:
        return speech(member.path, text, name, table, topics=topics)
    except UnknownCountry as exc:
        return Refused(member.path, str(exc))


def speech(path: str, text: str, name: SpeechName, table: SpeakersTable | None, *, topics=None):
    """The Statement of one speech's text."""
    country = speaking_country(name.code, name.year)
    warnings = []
    if name.year != 1945 + name.session:
        warnings.append(f"Session {name.session} was held in {1945 + name.session}, "
                        f"not {name.year} as the file name says.")
    if table is None:
        speaker_name, post = "", ""
        warnings.append(f"No speakers table ({TABLE}) came with the collection.")
    else:
        found = table.speaker(name.code, name.session)
        speaker_name, post = found.name, found.post
        warnings += [found.warning] if found.warning else []
    paragraphs = speech_paragraphs(text)
    by = speaker_name or f"Representative of {country.name_then}"
    document = Document(
        title=title(speaker_name, country.name_then, name.session, name.year),
        kind=Kind.SPEECH,
        date=datetime.date(name.year, 1, 1),
        speakers=[SpeakerInfo(by, post)],
        exchanges=[Exchange(question=None, answers=[Turn(by, "\n\n".join(paragraphs))])],
        countries=list(find_countries(text)),
        topics=list(tag_topics(text, topics)),
        warnings=warnings,
    )
    return Statement(
        path=path,
        raw_text=text,
        document=document,
        date=document.date,
        date_precision="year",
        source=SOURCE,
        speaking_country=country.code,
        session=name.session,
        kind_of_item="speech",
    )


def title(speaker: str, country: str, session: int, year: int) -> str:
    """ "Address by Joseph R. Biden, United States, 77th session of the General
    Assembly, 2022"; without a speaker, "Address by United States, …"."""
    by = f"{speaker}, {country}" if speaker else country
    return f"Address by {by}, {ordinal(session)} session of the General Assembly, {year}"


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd, 101st, 111th."""
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"
