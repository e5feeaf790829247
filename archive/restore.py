"""Rebuild the archive from an `export_jsonl` file: the inverse of archive.serialize.

Into an empty archive only, all lines or none. Every interview comes back with its
slug, dates, state and source, its topics and countries, its people (with roles and
aliases), its questions and answers at their positions and its raw text, so that
exporting again writes the same bytes. Not restored: user accounts (and so who
uploaded what), the change history and the kept uploads; a database backup has those.
"""

import datetime
import json

from django.db import DatabaseError, transaction
from django.utils.text import slugify

from archive.ingest.tagging import tag_interview
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

REASON = "Restored from an export"


class RestoreError(ValueError):
    """The file cannot be restored; the message names the line and what is wrong."""


def restore(lines):
    """Create every interview in `lines` (JSON text, one interview each); return the
    number created. Raise RestoreError, having written nothing, on the first bad line."""
    restored = 0
    with transaction.atomic():
        if count := Interview.objects.count():
            raise RestoreError(
                f"The archive already has {count} interview(s): import_jsonl restores into "
                "an empty archive only (a new database, migrated, with the reference data "
                "loaded)."
            )
        people = {}
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict):
                    raise RestoreError(f"Line {number} is not an interview (a JSON object).")
                _restore_line(record, people)
            except json.JSONDecodeError as exc:
                raise RestoreError(f"Line {number} is not JSON: {exc.msg} "
                                   f"(column {exc.colno}).") from exc
            except KeyError as exc:
                raise RestoreError(f"Line {number} lacks {exc}.") from exc
            except (TypeError, ValueError, AttributeError, DatabaseError) as exc:
                raise RestoreError(f"Line {number} cannot be restored: {exc}") from exc
            restored += 1
    return restored


def _restore_line(record, people):
    kept = record["restore"]
    interview = Interview(
        slug=record["slug"],
        title=record["title"],
        kind=_choice(Interview.Kind, record["kind"], "kind"),
        date=_date(kept["date"]),
        date_precision=_choice(Interview.DatePrecision, record["date_precision"], "date_precision"),
        partial_month=kept["partial_month"],
        partial_day=kept["partial_day"],
        location=record["location"],
        source=_source(record["source"]),
        source_url=record["source_url"],
        language=record["language"],
        raw_text=kept["raw_text"],
        preamble=record["preamble"],
        status=_choice(Interview.Status, kept["status"], "status"),
        published_at=_moment(record["published_at"]),
        parse_warnings=list(kept["parse_warnings"]),
        # Exports from before these existed have neither.
        speaking_country=record.get("speaking_country") and _country(record["speaking_country"]),
        details=dict(record.get("details") or {}),
    )
    interview._change_reason = REASON
    interview.save()
    interview.topics.set([_topic(t) for t in record["topics"]])
    interview.countries.set([_country(c) for c in record["countries"]])
    for person in kept["people"]:
        if person["slug"] not in people:
            people[person["slug"]] = _speaker(person)
    made = _turns(interview, record["exchanges"], kept["asker_labels"], people)
    # The interview's own countries and topics are restored as they were kept.
    tag_interview(interview, made, add_to_interview=False)
    # Last, over what saving stamped: now as the time of change, the turns as corrections.
    Interview.objects.filter(pk=interview.pk).update(
        created_at=_moment(kept["created_at"]),
        updated_at=_moment(record["updated_at"]),
        corrected_at=_moment(kept["corrected_at"]),
    )


def _turns(interview, exchanges, asker_labels, people):
    def person(ref):
        return ref and people[ref["slug"]]

    made = []
    for exchange in exchanges:
        question = exchange["question"]
        if question is not None:
            position = question["position"]
            question = Question(
                interview=interview, position=position, asker=person(question["asker"]),
                asker_label=asker_labels[str(position)], text=question["text"],
            )
            question._change_reason = REASON
            question.save()
            made.append(question)
        for answer in exchange["answers"]:
            answer = Answer(
                interview=interview, position=answer["position"], question=question,
                speaker=person(answer["speaker"]), text=answer["text"],
                turn=answer.get("turn"), paragraph=answer.get("paragraph"),
            )
            answer._change_reason = REASON
            answer.save()
            made.append(answer)
    return made


def _speaker(person):
    """The person of that slug (or name) if the archive knows them, else a new one."""
    existing = (Speaker.objects.filter(slug=person["slug"]).first()
                or Speaker.objects.filter(name__iexact=person["name"]).first())
    if existing:
        return existing
    return Speaker.objects.create(
        slug=person["slug"], name=person["name"], role=person["role"],
        organisation=person["organisation"], kind=_choice(Speaker.Kind, person["kind"], "kind"),
        country=person["country"] and _country(person["country"]),
        aliases=list(person["aliases"]),
    )


# Reference data normally comes first (`loaddata countries topics sources`); what the
# file names and the archive lacks is created from the file.


def _source(source):
    if source is None:
        return None
    found = (Source.objects.filter(slug=source["slug"]).first()
             or Source.objects.filter(name__iexact=source["name"]).first())
    return found or Source.objects.create(
        slug=source["slug"], name=source["name"], url=source["url"]
    )


def _topic(topic):
    found = Topic.objects.filter(slug=topic["slug"]).first()
    return found or Topic.objects.create(slug=topic["slug"], name=topic["name"])


def _country(country):
    found = Country.objects.filter(code=country["code"]).first()
    return found or Country.objects.create(
        code=country["code"], name=country["name"],
        slug=unique_slug(Country, slugify(country["name"]), max_length=100),
    )


def _choice(choices, value, name):
    if value not in choices.values:
        raise ValueError(f"{value!r} is not a known {name}")
    return value


def _date(value):
    return None if value is None else datetime.date.fromisoformat(value)


def _moment(value):
    return None if value is None else datetime.datetime.fromisoformat(value)
