"""Import one transcript file: read, parse, load; report the outcome, never raise."""

from dataclasses import dataclass
from pathlib import Path

from archive.ingest.load import LoadError, load_document
from archive.ingest.parser import parse
from archive.ingest.readers import UnreadableTranscript, decode_transcript


@dataclass
class ImportOutcome:
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    STATUSES = (IMPORTED, DUPLICATE, FAILED)

    path: Path
    status: str
    message: str
    interview: object = None


def import_file(path, *, publish=False, source_name="", date=None, topics=None, user=None):
    path = Path(path)
    try:
        text = decode_transcript(path.read_bytes())
    except OSError as exc:
        return ImportOutcome(path, ImportOutcome.FAILED, f"cannot read: {exc.strerror or exc}")
    except UnreadableTranscript as exc:
        return ImportOutcome(path, ImportOutcome.FAILED, str(exc))
    doc = parse(text, topics=topics)
    try:
        result = load_document(
            text, doc, source_name=source_name, date=date, publish=publish, user=user
        )
    except LoadError as exc:
        return ImportOutcome(path, ImportOutcome.FAILED, str(exc))
    interview = result.interview
    if not result.created:
        message = f"already in the archive as '{interview.slug}'"
        return ImportOutcome(path, ImportOutcome.DUPLICATE, message, interview)
    state = "published" if interview.is_published else "draft"
    return ImportOutcome(
        path,
        ImportOutcome.IMPORTED,
        f"{state} '{interview.slug}': {interview.questions.count()} question(s), "
        f"{interview.answers.count()} answer(s)",
        interview,
    )
