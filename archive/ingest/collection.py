"""Load a whole collection (archive.ingest.corpora's readers) into the database.

Files are streamed from the reader and written in batches, one transaction a batch
and a savepoint a file: a file that fails is rolled back alone and reported, and an
interruption loses at most the batch under way. Each file's exact text is its
interview's `raw_text`, whose checksum is unique, so running again skips what is
there and imports the rest, never twice.

Per file a fixed handful of queries: the interview and its history row, its
questions and answers each in one bulk insert, their tags in bulk, the people by
label (cached over the run). Bulk inserts send no signals, so nothing is queued for
the search index while loading: `update_index` brings it up to date at the end,
by the bulk rebuild or per interview (see there). Bulk-written turns have no row in
the change history; their interview has one, "Imported from <collection>".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError, transaction
from django.utils import timezone

from archive.ingest.corpora import walk
from archive.ingest.corpora.countries import historic_states
from archive.ingest.corpora.entries import Refused, Skipped, Statement
from archive.ingest.corpora.ungdc import read_ungdc
from archive.ingest.corpora.whitehouse import read_whitehouse
from archive.ingest.dates import date_doubt
from archive.ingest.importer import missing
from archive.ingest.load import LoadError, PeopleFinder, plan_turns, slug_text, source_named
from archive.ingest.tagging import tag_statements
from archive.models import (
    Answer,
    Country,
    Interview,
    PendingIndexUpdate,
    Question,
    Role,
    Topic,
    unique_slug,
)
from archive.models.transcripts import UNTITLED
from archive.search import sync

READERS = {"ungdc": read_ungdc, "whitehouse": read_whitehouse}
BATCH = 50


@dataclass
class Summary:
    imported: int = 0
    published: int = 0
    already: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)
    new_published: list[int] = field(default_factory=list)  # interview pks, for the index

    @property
    def statements(self):
        return self.imported + self.already + len(self.refused)


class _Run:
    """What every file of one import shares: reference rows, looked up once."""

    def __init__(self, source_name):
        self.source = source_named(source_name)
        self.countries = dict(Country.objects.values_list("code", "pk"))
        self.topics = list(Topic.objects.all())
        self.people = {}

    def forget(self):
        """Drop what may name rows a rolled-back savepoint took with it."""
        self.people.clear()
        self.countries = dict(Country.objects.values_list("code", "pk"))

    def speaking_country(self, code):
        """The pk of the country speaking; a state that no longer exists is added
        from fixtures/historic_countries.json the first time it speaks."""
        if not code:
            return None
        if code not in self.countries:
            state = next((s for s in historic_states() if s["code"] == code), None)
            if state is None:
                raise LoadError(f"the country '{code}' is not in the archive: load the "
                                "reference data (manage.py loaddata countries topics)")
            country, _ = Country.objects.get_or_create(code=code, defaults={
                "name": state["name"], "official_name": state["official_name"],
                "slug": unique_slug(Country, state["slug"], max_length=100),
                "aliases": state["aliases"], "demonyms": state["demonyms"],
            })
            self.countries[code] = country.pk
        return self.countries[code]


def import_collection(name: str, path, *, publish=False, limit=None, batch=None,
                      progress: Callable[[Iterable], Iterable] = iter,
                      budget=walk.DEFAULT_BUDGET) -> Summary:
    """Import collection `name` ("ungdc" or "whitehouse") from `path` (its .tar.xz or
    folder); `limit`: stop after that many statement files. `progress` wraps the
    stream of entries (a tqdm bar). The index is not touched: see update_index."""
    summary = Summary()
    batch = batch or BATCH
    run = None
    pending: list[Statement] = []
    for entry in progress(READERS[name](path, budget=budget)):
        if isinstance(entry, Skipped):
            summary.skipped.append((entry.path, entry.reason))
        elif isinstance(entry, Refused):
            summary.refused.append((entry.path, entry.reason))
        else:
            pending.append(entry)
            if len(pending) >= batch:
                run = run or _Run(entry.source)
                _load_batch(pending, run, publish, summary)
                pending = []
        if limit is not None and summary.statements + len(pending) >= limit:
            break
    if pending:
        _load_batch(pending, run or _Run(pending[0].source), publish, summary)
    return summary


def _load_batch(statements, run, publish, summary):
    with transaction.atomic():
        checksums = [Interview.checksum_of(s.raw_text) for s in statements]
        there = set(Interview.objects.filter(checksum__in=checksums)
                    .values_list("checksum", flat=True))
        for statement, checksum in zip(statements, checksums, strict=True):
            if checksum in there:
                summary.already += 1
                continue
            try:
                with transaction.atomic():
                    interview = load_statement(statement, run, publish)
            except (DatabaseError, LoadError, ValueError) as exc:
                summary.refused.append((statement.path, f"not saved: {exc}"))
                # People or a country made for this file were rolled back with it.
                run.forget()
                continue
            there.add(checksum)
            summary.imported += 1
            if interview.is_published:
                summary.published += 1
                summary.new_published.append(interview.pk)


def load_statement(statement: Statement, run: _Run, publish: bool) -> Interview:
    """One statement as an interview with its turns, published when asked and it
    needs no review (speakers, title and a plausible date all known)."""
    doc = statement.document
    interview = Interview(
        source=run.source,
        kind=doc.kind if doc.kind in Interview.Kind.values else Interview.Kind.STATEMENT,
        title=(doc.title or UNTITLED)[:500],
        location=doc.location[:200],
        language=doc.language,
        raw_text=statement.raw_text,
        preamble="\n\n".join(doc.preamble),
        parse_warnings=list(doc.warnings),
        date=statement.date,
        date_precision=statement.date_precision,
        source_url=statement.source_url[:1000],
        speaking_country_id=run.speaking_country(statement.speaking_country),
        details=details(statement),
    )
    interview.slug = unique_slug(Interview, slug_text(interview))
    interview._change_reason = f"Imported from {statement.source}"
    made = plan_turns(interview, doc, PeopleFinder(interview, run.people))
    answers = [t for t in made if isinstance(t, Answer)]
    # A speech's one speaker is named by the collection, not by a label in the text.
    named = doc.speakers[0].name if statement.speaking_country and doc.speakers else ""
    if publish and answers and not missing(doc, statement.date, named) and not date_doubt(
            statement.date):
        # Published as it is first saved: the checks of Interview.publish are the
        # ones just made, without a second save and its index queue.
        interview.status = Interview.Status.PUBLISHED
        interview.published_at = timezone.now()
    interview.save()
    for turn in made:
        turn.interview = interview  # now saved: its pk
    Question.objects.bulk_create([t for t in made if isinstance(t, Question)])
    Answer.objects.bulk_create(answers)
    _record_post(statement, answers, run)
    if interview.is_published:
        # In the batch's transaction, so an interrupted run leaves them queued for
        # the next; processed (or covered by a rebuild) when the import ends.
        sync.queue([f"archive.{type(t).__name__.lower()}.{t.pk}" for t in made], process=False)
    country_ids, topic_ids = tag_statements(made, run.countries, run.topics)
    country_ids |= {run.countries[c] for c in doc.countries if c in run.countries}
    topic_ids |= {t.pk for t in run.topics if t.name in doc.topics}
    Interview.countries.through.objects.bulk_create(
        [Interview.countries.through(interview_id=interview.pk, country_id=pk)
         for pk in sorted(country_ids)])
    Interview.topics.through.objects.bulk_create(
        [Interview.topics.through(interview_id=interview.pk, topic_id=pk)
         for pk in sorted(topic_ids)])
    return interview


def details(statement: Statement) -> dict:
    """What the collection says that has no column: its file, the UN session, the
    briefing room's tags and publication time."""
    found = {"collection": statement.source, "file": statement.path}
    if statement.session is not None:
        found["session"] = statement.session
    if statement.tags:
        found["tags"] = list(statement.tags)
    if statement.published:
        found["published"] = statement.published.isoformat()
    return found


def _record_post(statement, answers, run):
    """A UN speaker's post as the table gives it, held that year (for that country)."""
    from archive import people

    info = statement.document.speakers[0] if statement.document.speakers else None
    if statement.session is None or not answers or not info or not info.role:
        return
    speaker = answers[0].speaker
    if speaker is None or speaker.name.startswith("Representative of "):
        return
    year = statement.date.year
    people.record_role(
        speaker, info.role, start=year, end=year, precision=Role.Precision.YEAR,
        country=Country(pk=run.countries.get(statement.speaking_country)) if
        statement.speaking_country in run.countries else None,
        origin="UN General Debate speakers table",
    )
    if not speaker.role:
        # An update, not a save: the speaker's other statements need no reindexing
        # for a role they did not show before.
        speaker.role = info.role[:300]
        type(speaker).objects.filter(pk=speaker.pk, role="").update(role=speaker.role)


def update_index(summary: Summary, *, had_published: bool, stdout=None) -> str:
    """Bring the search index up to date: what this import queued, and what an
    earlier run that was interrupted before its end left queued. The whole index is
    rebuilt where that is faster (sync.index_queued), and always when the archive had
    nothing published before (an empty index). Nothing to do when nothing is queued.
    Returns what was done."""
    queued = PendingIndexUpdate.objects.count()
    if not queued:
        return "nothing new to index"
    how, count = sync.index_queued(
        rebuild_anyway=bool(summary.new_published) and not had_published)
    if how == "rebuilt":
        return f"rebuilt ({count} document(s) written; {queued} were queued)"
    return f"updated {count} document(s) of {len(summary.new_published)} new interview(s)"
