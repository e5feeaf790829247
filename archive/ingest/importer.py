"""Import one transcript: keep the upload, read, parse, load; report, never raise.

The editor's upload form and the `import_transcripts` command both come through here,
so a file is judged the same way whichever door it came in by.
"""

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from archive.ingest.dates import date_doubt
from archive.ingest.formats import detect_format, read_upload
from archive.ingest.limits import ReadingLimits, describe_size
from archive.ingest.load import LoadError, load_document
from archive.ingest.parser import parse
from archive.ingest.readers import UnreadableTranscript
from archive.models import Interview, Upload


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
    upload: object = None
    warnings: list = field(default_factory=list)


def store_upload(data, filename, user=None):
    """The kept copy of these bytes: the one already kept if the same file came before."""
    sha256 = hashlib.sha256(data).hexdigest()
    fields = {
        "data": data,
        "filename": filename[:255],
        "size": len(data),
        "content_type": detect_format(data, filename),
        "uploaded_by": user,
    }
    try:
        with transaction.atomic():
            return Upload.objects.get_or_create(sha256=sha256, defaults=fields)[0]
    except IntegrityError:  # the same file, stored by a concurrent request
        return Upload.objects.get(sha256=sha256)


def import_upload(upload, *, publish=False, source_name="", date=None, topics=None,
                  user=None, kind="", language=""):
    """Make an interview of a kept upload; `kind` and `language` override the parse."""
    path = Path(upload.filename)
    if upload.interview_id:
        return _duplicate(path, upload.interview, upload)
    try:
        limits = ReadingLimits.from_settings(settings)
        text = read_upload(bytes(upload.data), upload.filename, limits)
    except UnreadableTranscript as exc:
        return _failed(path, upload, str(exc))
    doc = parse(text, topics=topics)
    doc.kind = kind or doc.kind
    doc.language = language or doc.language
    try:
        with transaction.atomic():
            result = load_document(
                text, doc, source_name=source_name, date=date, publish=publish, user=user
            )
            upload.interview, upload.error = result.interview, ""
            upload.save(update_fields=["interview", "error"])
    except LoadError as exc:
        return _failed(path, upload, str(exc))
    interview = result.interview
    if not result.created:
        return _duplicate(path, interview, upload)
    state = "published" if interview.is_published else "draft"
    message = (
        f"{state} '{interview.slug}': {interview.questions.count()} question(s), "
        f"{interview.answers.count()} answer(s)"
    )
    return ImportOutcome(path, ImportOutcome.IMPORTED, message, interview, upload, doc.warnings)


def import_file(path, *, publish=False, source_name="", date=None, topics=None, user=None):
    """Import the file at `path`: all of it in one transaction, or nothing. Stricter
    than an upload, which an editor reviews: an implausible date is refused."""
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        message = ("a JSON Lines export is not a transcript: restore it with "
                   "`manage.py import_jsonl FILE`")
        return ImportOutcome(path, ImportOutcome.FAILED, message)
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    try:
        if path.stat().st_size > limit:
            message = too_large_message(path.stat().st_size)
            return ImportOutcome(path, ImportOutcome.FAILED, message)
        data = path.read_bytes()
    except OSError as exc:
        return ImportOutcome(path, ImportOutcome.FAILED, f"cannot read: {exc.strerror or exc}")
    if not data.strip():
        return ImportOutcome(path, ImportOutcome.FAILED, "The file is empty.")
    with transaction.atomic():
        upload = store_upload(data, path.name, user)
        outcome = import_upload(
            upload, publish=publish, source_name=source_name, date=date, topics=topics, user=user
        )
        if outcome.status == ImportOutcome.IMPORTED and not date:
            outcome = _refuse_doubtful_date(outcome)
        if outcome.status == ImportOutcome.FAILED:
            # The file stays where it is; keep no copy of what could not be imported.
            transaction.set_rollback(True)
    outcome.path = path
    return outcome


def _refuse_doubtful_date(outcome):
    found = outcome.interview.date
    doubt = date_doubt(found) if found else ""
    if not doubt:
        return outcome
    message = f"the transcript's date {doubt}: give the right one with --date YYYY-MM-DD"
    return ImportOutcome(outcome.path, ImportOutcome.FAILED, message, upload=outcome.upload)


def too_large_message(size):
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    if describe_size(size) != describe_size(limit):
        return f"The file is {describe_size(size)}; the largest accepted is {describe_size(limit)}."
    # Rounded, both would read "10 MB": only the bytes show the difference.
    return (
        f"The file is {size:,} bytes; the limit is {limit:,} bytes ({describe_size(limit)})."
    )


def _duplicate(path, interview, upload):
    message = f"already in the archive as '{interview.slug}'"
    return ImportOutcome(path, ImportOutcome.DUPLICATE, message, interview, upload)


def _failed(path, upload, message):
    upload.error = message
    upload.save(update_fields=["error"])
    return ImportOutcome(path, ImportOutcome.FAILED, message, upload=upload)


def same_title_and_date(interview):
    """Other interviews with this one's title and date: probably the same event."""
    others = Interview.objects.exclude(pk=interview.pk).filter(title__iexact=interview.title)
    month, day = interview.partial_month, interview.partial_day
    if interview.date:
        month, day = interview.date.month, interview.date.day
        same_day = Q(date=interview.date)
    elif month and day:
        same_day = Q(date__month=month, date__day=day)
    else:
        return others.filter(date=None, partial_month=None)
    # A copy that still lacks its year counts as the same day.
    return others.filter(same_day | Q(date=None, partial_month=month, partial_day=day))
