"""YAML front matter at the head of a Markdown transcript: `---`, `key: value` lines,
`---`, then the transcript.

Any Markdown transcript may carry one (the White House briefing room's do), so the
upload form, `import_transcripts` and `import_corpus` all read it here: the body goes
to the parser, and the title, date and source URL the front matter gives win over
what the parser would guess.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

import yaml
from frontmatter.default_handlers import YAMLHandler

_HANDLER = YAMLHandler()
_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*[ \t]*:(?:[ \t]|$)")


class FrontMatterError(ValueError):
    """The text opens with a front matter block that is not valid YAML."""


def split_front_matter(text: str) -> tuple[dict, str]:
    """(metadata, body). Without front matter: ({}, text) unchanged.

    A block between `---` lines that is YAML but not a mapping (a Markdown rule
    around a line of text) is not front matter: nothing is taken from the text.
    Raises FrontMatterError when the block is meant as front matter (it opens the
    text and its lines read as `key: value`) but YAML cannot read it.
    """
    head = text.lstrip("\ufeff").lstrip()
    if not _HANDLER.detect(head):
        return {}, text
    try:
        block, body = _HANDLER.split(head)
    except ValueError:  # no closing "---"
        return {}, text
    try:
        metadata = _HANDLER.load(block)
    except yaml.YAMLError as exc:
        if not _KEY_LINE.match(block.strip()):
            return {}, text
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""  # counted from the opening "---"
        raise FrontMatterError(f"The front matter is not valid YAML{where}: "
                               f"{getattr(exc, 'problem', None) or exc}.") from exc
    if not isinstance(metadata, dict):
        return {}, text
    return metadata, body.lstrip("\n")


@dataclass
class TranscriptFields:
    """What a transcript's front matter says about it, in the archive's terms."""

    title: str = ""
    date: datetime.date | None = None
    published: datetime.datetime | None = None
    source_url: str = ""
    tags: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def transcript_fields(metadata: dict) -> TranscriptFields:
    """Title, date, publication time, source URL and tags from `metadata`.

    `date` is the day of the event; `published_time` (or `published`) when it went
    online, which can be a day later. A date that cannot be read is a warning, not
    a guess.
    """
    found = TranscriptFields(
        title=_text(metadata.get("title")),
        source_url=_text(metadata.get("source_url") or metadata.get("url")),
        tags=_tags(metadata.get("tags")),
    )
    published = metadata.get("published_time", metadata.get("published"))
    if isinstance(published, datetime.datetime):
        found.published = published
    elif published:
        try:
            found.published = datetime.datetime.fromisoformat(str(published))
        except ValueError:
            found.warnings.append(f"The front matter's publication time '{published}' "
                                  "is not a date and time.")
    found.date = _date(metadata.get("date"), found)
    if found.date is None and found.published:
        found.date = found.published.date()
    return found


def _date(value, found):
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        found.warnings.append(f"The front matter's date '{value}' is not a YYYY-MM-DD date.")
        return None


def _text(value) -> str:
    """One line of text; no-break and other odd spaces become plain ones."""
    return " ".join(str(value).split()) if value is not None else ""


def _tags(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [t.strip() for t in value.split(",") if t.strip()]
    if isinstance(value, list):
        return [_text(t) for t in value if _text(t)]
    return [_text(value)]
