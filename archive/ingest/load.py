"""Write a parsed transcript to the database: atomically and idempotently.

The parser knows nothing of the database; this module is the only place where a
`Document` becomes rows.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from archive.ingest.document import Document
from archive.models import (
    Answer,
    Country,
    Interview,
    Question,
    Source,
    Speaker,
    Topic,
    unique_slug,
)

# Labels that name the role of "someone asking", not a person or an outlet.
GENERIC_ASKERS = {"reporter", "q", "question", "journalist", "问", "记者", "audience member"}


class LoadError(ValueError):
    """The transcript cannot be saved as asked; the message says why."""


@dataclass
class LoadResult:
    interview: Interview
    created: bool


def load_document(
    raw_text: str,
    doc: Document,
    *,
    source_name: str = "",
    date: datetime.date | None = None,
    publish: bool = False,
    user=None,
) -> LoadResult:
    """Save `doc` (parsed from `raw_text`) as an interview with its turns.

    The same raw text twice returns the existing interview (`created=False`).
    """
    existing = Interview.objects.filter(checksum=Interview.checksum_of(raw_text)).first()
    if existing:
        return LoadResult(existing, created=False)
    if publish and not (date or doc.date):
        raise LoadError(
            "The transcript has no full date (the year is missing); "
            "supply one (--date YYYY-MM-DD) before publishing."
        )
    try:
        with transaction.atomic():
            interview = _create_interview(raw_text, doc, source_name, date, publish, user)
            _create_turns(interview, doc)
    except IntegrityError:
        # A concurrent import of the same file won the race: theirs is the one.
        existing = Interview.objects.filter(checksum=Interview.checksum_of(raw_text)).first()
        if existing is None:
            raise
        return LoadResult(existing, created=False)
    return LoadResult(interview, created=True)


def _create_interview(raw_text, doc, source_name, date, publish, user):
    source = None
    if source_name:
        source, _ = Source.objects.get_or_create(
            name=source_name, defaults={"slug": unique_slug(Source, source_name)}
        )
    interview = Interview(
        kind=doc.kind if doc.kind in Interview.Kind.values else Interview.Kind.STATEMENT,
        title=(doc.title or "Untitled transcript")[:500],
        location=doc.location[:200],
        language=doc.language,
        source=source,
        raw_text=raw_text,
        preamble="\n\n".join(doc.preamble),
        uploaded_by=user,
    )
    _set_date(interview, date or doc.date, doc.partial_date)
    interview.slug = unique_slug(Interview, _slug_text(interview))
    if publish:
        interview.status = Interview.Status.PUBLISHED
        interview.published_at = timezone.now()
    interview.save()
    interview.countries.set(Country.objects.filter(code__in=doc.countries))
    interview.topics.set(Topic.objects.filter(name__in=doc.topics))
    return interview


def _set_date(interview, date, partial):
    if date:
        interview.date = date
        interview.date_precision = Interview.DatePrecision.DAY
    elif partial:
        interview.partial_month, interview.partial_day = partial
        interview.date_precision = Interview.DatePrecision.MONTH_DAY


def _slug_text(interview):
    title = " ".join(interview.title.split()[:12])
    return f"{interview.date.isoformat()} {title}" if interview.date else title


def _create_turns(interview, doc):
    roles = {s.name: s.role for s in doc.speakers}
    speakers = {}

    def speaker_for(label, kind):
        if label not in speakers:
            speakers[label] = _resolve_speaker(label, roles.get(label, ""), kind)
        return speakers[label]

    q_pos = a_pos = 0
    for exchange in doc.exchanges:
        question = None
        if exchange.question:
            q_pos += 1
            label = exchange.question.speaker
            generic = label.casefold() in GENERIC_ASKERS
            question = Question.objects.create(
                interview=interview,
                position=q_pos,
                asker=None if generic else speaker_for(label, Speaker.Kind.JOURNALIST),
                asker_label=label[:200],
                text=exchange.question.text,
            )
        for turn in exchange.answers:
            a_pos += 1
            Answer.objects.create(
                interview=interview,
                position=a_pos,
                speaker=speaker_for(turn.speaker, Speaker.Kind.OFFICIAL),
                question=question,
                text=turn.text,
            )


def _resolve_speaker(label, role, kind):
    label = " ".join(label.split())[:200] or "Unknown"
    speaker = Speaker.objects.resolve(label)
    if speaker:
        return speaker
    if label.casefold() == "unknown":
        kind = Speaker.Kind.UNKNOWN
    return Speaker.objects.create(name=label, role=role[:300], kind=kind)
