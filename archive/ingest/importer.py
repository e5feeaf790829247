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
from archive.ingest.document import SpeakerInfo
from archive.ingest.formats import MARKDOWN, detect_format, read_upload
from archive.ingest.frontmatter import FrontMatterError, split_front_matter, transcript_fields
from archive.ingest.limits import ReadingLimits, describe_size
from archive.ingest.load import (
    LoadError,
    apply_document,
    load_document,
    slug_text,
    source_named,
    without_date_warnings,
)
from archive.ingest.names import split_title
from archive.ingest.parser import UNKNOWN, parse
from archive.ingest.readers import UnreadableTranscript
from archive.models import Interview, PublishError, Upload, unique_slug


@dataclass
class ImportOutcome:
    IMPORTED = "imported"
    UPDATED = "updated"  # a draft imported before, given what was missing
    DUPLICATE = "duplicate"
    FAILED = "failed"
    STATUSES = (IMPORTED, UPDATED, DUPLICATE, FAILED)

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


def missing(doc, date=None, speaker=""):
    """What a transcript lacks before readers may see it unreviewed: speaker labels
    (unless `speaker` is given for them), a title, a full date. Such a file is imported
    as a draft, never published."""
    lacking = []
    unlabelled = doc.turns and all(not t.label for t in doc.turns) and not speaker.strip()
    if unlabelled or any(t.speaker == UNKNOWN and not t.asker for t in doc.turns):
        lacking.append("speaker labels (give --speaker NAME)")
    if not doc.title:
        lacking.append("a title (give --title TEXT)")
    if not (date or doc.date):
        lacking.append("a full date (give --date YYYY-MM-DD)")
    return lacking


def supply(doc, *, speaker="", title=""):
    """Put what the importer was told in place of what the parse lacks: the speaker
    of unlabelled turns, the title; the parser's warnings about them are settled."""
    if title := " ".join(title.split()):
        doc.title = title
        doc.warnings = [w for w in doc.warnings if not w.startswith("No title line")]
    if speaker := " ".join(speaker.split()):
        name, role = split_title(speaker)
        for turn in doc.turns:
            if not turn.asker and (not turn.label or turn.speaker == UNKNOWN):
                turn.speaker, turn.name, turn.role = speaker, name or speaker, role
        doc.speakers = [s for s in doc.speakers if s.name != UNKNOWN]
        if not any(s.name == speaker for s in doc.speakers):
            doc.speakers.append(SpeakerInfo(name=speaker, role=role, person=name or speaker))
        doc.warnings = [w for w in doc.warnings if not w.startswith(SPEAKER_WARNINGS)]
    return doc


# The parser's warnings that a supplied speaker settles.
SPEAKER_WARNINGS = ("No speaker labels found", "Answers are labelled without a name")


def import_upload(upload, *, publish=False, source_name="", date=None, topics=None,
                  user=None, kind="", language="", speaker="", title=""):
    """Make an interview of a kept upload; `kind`, `language`, `speaker` (of unlabelled
    turns) and `title` override the parse. A file that lacks speaker labels, a title or
    a date stays a draft whatever `publish` says, with the parser's warnings; the same
    file again, while its interview is still a draft, gives that draft what is now
    supplied."""
    path = Path(upload.filename)
    if upload.interview_id and (upload.interview.was_published or not _changes(
            upload.interview, publish, source_name, date, speaker, title, kind, language)):
        return _duplicate(path, upload.interview, upload)
    try:
        limits = ReadingLimits.from_settings(settings)
        text = read_transcript(bytes(upload.data), upload.filename, limits)
        fields, body = front_matter_of(text)
    except (UnreadableTranscript, FrontMatterError) as exc:
        return _failed(path, upload, str(exc))
    doc = parse(body, topics=topics)
    date = with_front_matter(doc, fields, date)
    doc = supply(doc, speaker=speaker, title=title)
    doc.kind = kind or doc.kind
    doc.language = language or doc.language
    lacking = missing(doc, date, speaker)
    held = publish and bool(lacking)
    try:
        with transaction.atomic():
            if upload.interview_id:
                return _update_draft(path, upload, text, doc, source_name, date,
                                     publish and not held, user, lacking)
            result = load_document(text, doc, source_name=source_name, date=date,
                                   publish=publish and not held, user=user)
            upload.interview, upload.error = result.interview, ""
            upload.save(update_fields=["interview", "error"])
    except LoadError as exc:
        return _failed(path, upload, str(exc))
    interview = result.interview
    if not result.created:
        return _duplicate(path, interview, upload)
    if fields:
        _keep_front_matter(interview, fields)
    return ImportOutcome(path, ImportOutcome.IMPORTED, _described(interview, held and lacking),
                         interview, upload, doc.warnings)


def read_transcript(data, filename, limits):
    """The text of an uploaded file. A Markdown file's YAML front matter is kept as
    written, above the body's text: Markdown's reader would take its `---` lines for
    rules and lose them."""
    if detect_format(data, filename) == MARKDOWN:
        try:
            decoded = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            decoded = ""
        metadata, body = split_front_matter(decoded)
        if metadata and body.strip():
            head = decoded[: len(decoded) - len(body)]
            return head + read_upload(body.encode("utf-8"), filename, limits)
    return read_upload(data, filename, limits)


def front_matter_of(text):
    """(TranscriptFields or None, the text after the front matter); raises
    FrontMatterError for a block meant as front matter that YAML cannot read."""
    metadata, body = split_front_matter(text)
    return (transcript_fields(metadata), body) if metadata else (None, text)


def with_front_matter(doc, fields, date):
    """Put the front matter's title in place of the parsed one; return the date to
    load with (one given wins over the front matter's, which wins over the parse)."""
    if fields is None:
        return date
    if fields.title:
        supply(doc, title=fields.title)
    doc.warnings += fields.warnings
    return date or fields.date


def _keep_front_matter(interview, fields):
    """The front matter's source URL and what has no column (tags, publication time)."""
    if fields.source_url.startswith(("https://", "http://")) and not interview.source_url:
        interview.source_url = fields.source_url[:1000]
    if fields.tags:
        interview.details["tags"] = fields.tags
    if fields.published:
        interview.details["published"] = fields.published.isoformat()
    interview.save(update_fields=["source_url", "details"])


def _changes(interview, publish, source_name, date, speaker, title, kind, language):
    """Whether importing a draft's file again with these options changes the draft."""
    source = interview.source.name if interview.source_id else ""
    return any((
        publish, speaker, kind and kind != interview.kind,
        language and language != interview.language,
        title and title != interview.title, date and date != interview.date,
        source_name and source_name.casefold() != source.casefold(),
    ))


def _described(interview, lacking):
    state = "published" if interview.is_published else "draft"
    message = (
        f"{state} '{interview.slug}': {interview.questions.count()} question(s), "
        f"{interview.answers.count()} answer(s)"
    )
    if lacking:
        message += "; left a draft, not published: it lacks " + ", ".join(lacking)
    return message


def _update_draft(path, upload, text, doc, source_name, date, publish, user, lacking):
    """The draft imported from this file before, parsed again with what is supplied."""
    from archive.editing.edits import replace_turns

    interview = upload.interview
    apply_document(interview, text, doc)
    if source_name:
        interview.source = source_named(source_name)
    if date:
        interview.date, interview.date_precision = date, Interview.DatePrecision.DAY
        interview.partial_month = interview.partial_day = None
        interview.parse_warnings = without_date_warnings(interview.parse_warnings)
    # Not yet public, so nobody cites its address: it follows the new title and date.
    interview.slug = unique_slug(Interview, slug_text(interview))
    interview.save()
    replace_turns(interview, doc)
    if publish:
        try:
            interview.publish(user)
        except PublishError as exc:
            raise LoadError(str(exc)) from exc
    held = lacking if not interview.is_published else []
    return ImportOutcome(path, ImportOutcome.UPDATED, _described(interview, held),
                         interview, upload, doc.warnings)


def import_file(path, *, publish=False, source_name="", date=None, topics=None, user=None,
                speaker="", title=""):
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
            upload, publish=publish, source_name=source_name, date=date, topics=topics,
            user=user, speaker=speaker, title=title,
        )
        if outcome.status in (ImportOutcome.IMPORTED, ImportOutcome.UPDATED) and not date:
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
