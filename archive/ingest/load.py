"""Write a parsed transcript to the database: atomically and idempotently.

The parser knows nothing of the database; this module is the only place where a
`Document` becomes rows.
"""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from archive.ingest.document import Document
from archive.ingest.document import TurnKind as DocTurnKind
from archive.ingest.outlets import known_outlet
from archive.ingest.passages import is_long, split_passages
from archive.ingest.tagging import tag_interview
from archive.models import (
    Answer,
    Country,
    Interview,
    PublishError,
    Question,
    Source,
    Speaker,
    Topic,
    TurnKind,
    unique_slug,
)
from archive.models.transcripts import UNTITLED

# The parser's warnings about the date, settled once the editor supplies one.
DATE_WARNINGS = ("The year is missing", "No date found", "The date found is not plausible")

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
            interview = _create_interview(raw_text, doc, source_name, date, user)
            create_turns(interview, doc)
            if publish:
                # After the turns, so that nothing written with them reads as a
                # correction made after publication.
                interview.publish(user)
    except PublishError as exc:
        raise LoadError(str(exc)) from exc
    except IntegrityError:
        # A concurrent import of the same file won the race: theirs is the one.
        existing = Interview.objects.filter(checksum=Interview.checksum_of(raw_text)).first()
        if existing is None:
            raise
        return LoadResult(existing, created=False)
    return LoadResult(interview, created=True)


def source_named(name):
    """The source called `name`, created if new; None for no name."""
    name = " ".join(name.split())[:200]
    if not name:
        return None
    source = Source.objects.filter(name__iexact=name).first()
    return source or Source.objects.create(name=name, slug=unique_slug(Source, name))


def _create_interview(raw_text, doc, source_name, date, user):
    interview = Interview(source=source_named(source_name), uploaded_by=user)
    _fill(interview, raw_text, doc)
    _set_date(interview, date or doc.date, doc.partial_date)
    if date:  # supplied: the parser's doubts about the date are settled
        interview.parse_warnings = without_date_warnings(doc.warnings)
    interview.slug = unique_slug(Interview, slug_text(interview))
    interview.save()
    _tag(interview, doc)
    return interview


def apply_document(interview, raw_text, doc):
    """Put what a new parse finds (all but the turns) in place of an interview's
    details. A date the editor supplied stays unless the new text contradicts it."""
    kept = interview.date, interview.date_precision
    _fill(interview, raw_text, doc)
    _set_date(interview, doc.date, doc.partial_date)
    same_day = doc.partial_date in (None, kept[0] and (kept[0].month, kept[0].day))
    if not doc.date and kept[0] and same_day:
        interview.date, interview.date_precision = kept
        interview.parse_warnings = without_date_warnings(doc.warnings)
    interview.save()
    _tag(interview, doc)


def without_date_warnings(warnings):
    return [w for w in warnings if not w.startswith(DATE_WARNINGS)]


def _fill(interview, raw_text, doc):
    interview.kind = doc.kind if doc.kind in Interview.Kind.values else Interview.Kind.STATEMENT
    interview.title = (doc.title or UNTITLED)[:500]
    interview.location = doc.location[:200]
    interview.language = doc.language
    interview.raw_text = raw_text
    interview.preamble = "\n\n".join(doc.preamble)
    interview.parse_warnings = list(doc.warnings)


def _tag(interview, doc):
    interview.countries.set(Country.objects.filter(code__in=doc.countries))
    interview.topics.set(Topic.objects.filter(name__in=doc.topics))


def _set_date(interview, date, partial):
    interview.date, interview.partial_month, interview.partial_day = None, None, None
    interview.date_precision = Interview.DatePrecision.UNKNOWN
    if date:
        interview.date = date
        interview.date_precision = Interview.DatePrecision.DAY
    elif partial:
        interview.partial_month, interview.partial_day = partial
        interview.date_precision = Interview.DatePrecision.MONTH_DAY


def slug_text(interview):
    title = " ".join(interview.title.split()[:12])
    return f"{interview.date.isoformat()} {title}" if interview.date else title


def create_turns(interview, doc, *, passages=True):
    """Questions and answers for `doc`'s exchanges, saved one by one (each queues its
    search document and keeps its history), then tagged with what they mention.
    `passages`: split long turns (an editor's own split or join is kept as made)."""
    made = plan_turns(interview, doc, PeopleFinder(interview), passages=passages)
    for turn in made:
        turn.save()
    tag_interview(interview, made)
    return made


class PeopleFinder:
    """Labels to people for one interview's turns: the curated officials, then the
    archive's speakers, else someone new, by the interview's date and source; askers
    are their outlet and, when named, their reporter. `known` is shared between
    interviews of one import to spare the lookups."""

    def __init__(self, interview, known=None):
        self.on = interview.date
        self.where = interview.source.name if interview.source_id else ""
        self.known = {} if known is None else known

    def person(self, turn, kind):
        from archive import people

        key = (turn.label or turn.speaker, turn.name, turn.role, kind, self.on, self.where)
        if key not in self.known:
            label = " ".join((turn.label or turn.speaker).split())[:200] or "Unknown"
            self.known[key] = people.resolve_or_create(
                label, name=turn.resolved or turn.name, role=turn.role, on=self.on,
                where=self.where, kind=kind,
            )
        return self.known[key]

    def asker(self, turn):
        """(person, outlet): the reporter when named, else None; their outlet."""
        from archive import people

        outlet_name = turn.outlet or known_outlet(turn.speaker)
        outlet = people.outlet_for(outlet_name) if outlet_name else None
        named = turn.name or ("" if outlet or _generic(turn.speaker) else turn.speaker)
        if not named:
            return None, outlet
        key = ("asker", named, self.on, self.where)
        if key not in self.known:
            self.known[key] = people.resolve_or_create(
                named, on=self.on, where=self.where, kind=Speaker.Kind.JOURNALIST)
        return self.known[key], outlet


def plan_turns(interview, doc, finder, *, passages=True):
    """The unsaved questions and answers of `doc`'s exchanges, in order, numbered
    from 1 (questions and answers apart), each with its kind and its label as
    written. A long turn (archive.ingest.passages) is one answer per paragraph:
    they share `turn` (the position of the first) and count `paragraph` from 1."""
    q_pos = a_pos = 0
    made = []
    for exchange in doc.exchanges:
        question = None
        if exchange.question:
            turn = exchange.question
            q_pos += 1
            who, outlet = finder.asker(turn)
            question = Question(
                interview=interview, position=q_pos, kind=TurnKind.QUESTION,
                asker=who, outlet=outlet, asker_label=turn.speaker[:200],
                label=(turn.label or turn.speaker)[:200], **_said(turn),
            )
            made.append(question)
        for turn in exchange.answers:
            kind = _kind(turn)
            speaker = (finder.asker(turn)[0] if turn.asker
                       else finder.person(turn, Speaker.Kind.OFFICIAL))
            parts = [None]
            if passages and is_long(turn.text, doc.kind):
                parts = split_passages(turn.text, turn.stage_directions)
            first = a_pos + 1
            for number, part in enumerate(parts, start=1):
                a_pos += 1
                said = _said(turn) if part is None else _said(part, turn.interpreted)
                made.append(Answer(
                    interview=interview, position=a_pos, kind=kind, speaker=speaker,
                    # A statement made before any question answers none; a hand-off or a
                    # courtesy stays with the exchange where it was said.
                    question=question if kind != TurnKind.STATEMENT else None,
                    label=(turn.label or turn.speaker)[:200],
                    turn=first if part else None, paragraph=number if part else None,
                    **said,
                ))
    return made


def _generic(label):
    return " ".join(label.split()).casefold() in GENERIC_ASKERS


def _kind(turn):
    if turn.kind == DocTurnKind.PROCEDURAL:
        return TurnKind.COURTESY if turn.courtesy else TurnKind.PROCEDURAL
    if turn.kind == DocTurnKind.STATEMENT:
        return TurnKind.STATEMENT
    return TurnKind.ANSWER


def _said(turn, interpreted=None):
    return {
        "text": turn.text,
        "interpreted": turn.interpreted if interpreted is None else interpreted,
        "stage_directions": [
            {"text": d.text, "start": d.start, "end": d.end} for d in turn.stage_directions
        ],
    }
