"""The White House briefing room, 2021–2025: `press-briefings/YYYY-MM/*.md` and
`speeches-remarks/YYYY-MM/*.md`, Markdown with YAML front matter (date, title,
source_url, published_time, modified_time, tags), hard-wrapped at about 72 columns.

The front matter gives the title, date and source; the body goes through the same
Markdown reader and parser as an uploaded transcript, with the title put back on top
so the parser meets it where a transcript has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from archive.ingest.corpora import walk
from archive.ingest.corpora.entries import Refused, Skipped, Statement, decode, refusal_for
from archive.ingest.document import Kind
from archive.ingest.formats import batch_reader, read_upload
from archive.ingest.frontmatter import FrontMatterError, split_front_matter, transcript_fields
from archive.ingest.parser import parse
from archive.ingest.readers import UnreadableTranscript

SOURCE = "White House briefing room"
TRANSCRIPT = re.compile(
    r"(?:^|/)(?P<folder>press-briefings|speeches-remarks)/(?P<month>\d{4}-\d{2})/[^/]+\.md$"
)
FOLDER_KINDS = {"press-briefings": Kind.BRIEFING, "speeches-remarks": Kind.SPEECH}
# First match wins: "Remarks by President Biden and Prime Minister Kishida in Joint
# Press Conference" is a joint press conference; "Press Gaggle by …" a briefing.
TITLE_KINDS = [
    (Kind.JOINT_PRESS_CONFERENCE, ("joint press conference", "joint news conference")),
    (Kind.PRESS_CONFERENCE, ("press conference", "news conference")),
    (Kind.BRIEFING, ("press briefing", "gaggle", "press call", "background call",
                     "briefing call", "background briefing")),
    (Kind.INTERVIEW, ("interview",)),
    (Kind.STATEMENT, ("statement by", "statement from", "readout")),
    (Kind.SPEECH, ("remarks", "address", "speech", "excerpt")),
]
# The parser's date warnings: the front matter settles the date.
_DATE_WARNINGS = ("The year is missing", "No date found")


def kind_of(folder: str, title: str) -> str:
    """The kind of statement, from the title's wording, else from its folder."""
    lowered = " ".join(title.casefold().split())
    for kind, phrases in TITLE_KINDS:
        if any(phrase in lowered for phrase in phrases):
            return kind
    return FOLDER_KINDS[folder]


def read_whitehouse(path, *, topics=None, budget=walk.DEFAULT_BUDGET) -> Iterator:
    """Statement, Skipped or Refused for every file of the collection at `path`."""
    # One confined child reads every file's Markdown: a child per file would cost
    # more than the parsing.
    with batch_reader() as reader:
        for member in walk.members(path, budget=budget):
            yield read_member(member, topics=topics, reader=reader)


def read_member(member: walk.Member, *, topics=None, reader=None):
    """One file as a Statement, Skipped or Refused; `reader`: a formats.batch_reader()
    to share between files (else each file's Markdown is read in a child of its own)."""
    base = PurePosixPath(member.path).name
    match = TRANSCRIPT.search(member.path)
    if match is None:
        if base.lower().startswith("readme"):
            return Skipped(member.path, "the collection's notes, not a statement")
        return Skipped(member.path, "not a transcript of the collection "
                                    "(not a .md in press-briefings/ or speeches-remarks/)")
    if not member.data.strip():
        return Skipped(member.path, "an empty file")
    try:
        raw_text = decode(member.data)
    except UnicodeDecodeError as exc:
        return Refused(member.path, refusal_for(exc))
    try:
        return transcript(
            member.path, raw_text, match["folder"], match["month"], topics=topics, reader=reader
        )
    except (FrontMatterError, UnreadableTranscript) as exc:
        return Refused(member.path, str(exc))


def transcript(path: str, raw_text: str, folder: str, month: str, *, topics=None, reader=None):
    """The Statement of one briefing-room file; raises FrontMatterError or
    UnreadableTranscript, or returns Refused when the front matter lacks a date."""
    metadata, body = split_front_matter(raw_text)
    if not metadata:
        return Refused(path, "no front matter: the file gives no title or date")
    fields = transcript_fields(metadata)
    if fields.date is None:
        reason = "; ".join(fields.warnings) or "the front matter gives no date"
        return Refused(path, reason)
    text = read_upload(body.encode("utf-8"), PurePosixPath(path).name, reader=reader)
    doc = parse(f"{fields.title}\n\n{text}" if fields.title else text, topics=topics)
    if fields.title and doc.title != fields.title:
        # The parser read the title as body text (a label, "WHAT THEY ARE SAYING: …",
        # or over 30 words). Parse again under a stand-in headline it takes as one,
        # so the title is not in the body twice and the first line stays body text.
        doc = parse(f"Transcript\n\n{text}", topics=topics)
        doc.warnings = [w for w in doc.warnings if not w.startswith("No title line")]
    doc.title = fields.title or doc.title
    doc.date, doc.partial_date = fields.date, None
    doc.kind = kind_of(folder, doc.title)
    doc.warnings = [w for w in doc.warnings if not w.startswith(_DATE_WARNINGS)]
    doc.warnings += fields.warnings
    if fields.date.strftime("%Y-%m") != month:
        doc.warnings.append(f"The file is filed under {month} but dated {fields.date}.")
    return Statement(
        path=path,
        raw_text=raw_text,
        document=doc,
        date=fields.date,
        date_precision="day",
        source=SOURCE,
        source_url=fields.source_url,
        published=fields.published,
        tags=fields.tags,
        kind_of_item="briefing room transcript",
    )
