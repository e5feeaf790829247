"""The archive as open data: the JSON shapes of the API and the JSON Lines export.

Each function takes `absolute`, which turns a site path into the URL to publish:
the API passes `request.build_absolute_uri`, the export a base URL of its choice.
Shapes are a public contract; add keys, never rename or remove them.
"""

from django.urls import reverse

from archive.models import Question
from archive.templatetags.archive_tags import display_date, iso_date


def _iso(value):
    return value.isoformat() if value else None


def _date_fields(interview):
    precision = interview.DatePrecision
    return {
        "date": _iso(interview.date) if interview.date_precision == precision.DAY else None,
        "year": interview.date.year if interview.date else None,
        "partial_date": partial if (partial := iso_date(interview)).startswith("--") else None,
        "date_precision": interview.date_precision,
        "display_date": display_date(interview),
    }


def interview_summary(interview, absolute):
    """An interview as listed; needs `for_listing()` rows to avoid a query each."""
    source, speaking = interview.source, interview.speaking_country
    return {
        "slug": interview.slug,
        "title": interview.title,
        "kind": interview.kind,
        **_date_fields(interview),
        "location": interview.location,
        "language": interview.language,
        "source": source and {"slug": source.slug, "name": source.name, "url": source.url},
        "source_url": interview.source_url,
        "topics": [{"slug": t.slug, "name": t.name} for t in interview.topics.all()],
        "countries": [{"code": c.code, "name": c.name} for c in interview.countries.all()],
        # The country whose delegate speaks (a UN speech), not one it mentions.
        "speaking_country": speaking and {"code": speaking.code, "name": speaking.name},
        # What its collection says that has no field of its own (session, file, tags).
        "details": interview.details,
        "published_at": _iso(interview.published_at),
        "updated_at": _iso(interview.updated_at),
        "url": absolute(interview.get_absolute_url()),
        "api_url": absolute(reverse("api-interview-detail", args=[interview.slug])),
    }


def _person(speaker):
    return speaker and {"slug": speaker.slug, "name": speaker.name}


def interview_full(interview, absolute):
    """An interview with its whole conversation, in reading order."""

    def answer(a):
        return {
            "position": a.position,
            # A passage of a long turn: the turn's first position and its paragraph.
            "turn": a.turn,
            "paragraph": a.paragraph,
            "speaker": _person(a.speaker),
            "kind": a.kind,  # answer, statement, procedural, courtesy
            "label": a.label,  # as the transcript wrote it
            "interpreted": a.interpreted,
            "text": a.text,
            "url": absolute(a.get_absolute_url()),
        }

    def question(q):
        return q and {
            "position": q.position,
            "asker": _person(q.asker),
            "asker_label": q.asker_name,
            "outlet": q.outlet and {"slug": q.outlet.slug, "name": q.outlet.name},
            "asked_by": q.asked_by,
            "label": q.label,
            "text": q.text,
        }

    return {
        **interview_summary(interview, absolute),
        "preamble": interview.preamble,
        "exchanges": [
            {"question": question(q), "answers": [answer(a) for a in answers]}
            for q, answers in interview.conversation()
        ],
    }


def restore_fields(interview):
    """What `import_jsonl` needs, beyond the readers' shape, to rebuild the interview
    as it was: the stored text, date, state and labels, and each person in full.
    Turns need their speakers' and askers' countries selected, or a query each."""
    people = {}
    for turn in [*interview.questions.all(), *interview.answers.all()]:
        person = turn.asker if isinstance(turn, Question) else turn.speaker
        if person is not None:
            people[person.slug] = person
    return {
        "status": interview.status,
        "raw_text": interview.raw_text,
        "date": _iso(interview.date),
        "partial_month": interview.partial_month,
        "partial_day": interview.partial_day,
        "created_at": _iso(interview.created_at),
        "corrected_at": _iso(interview.corrected_at),
        "parse_warnings": interview.parse_warnings,
        "asker_labels": {str(q.position): q.asker_label for q in interview.questions.all()},
        "people": [_person_in_full(p) for _, p in sorted(people.items())],
    }


def _person_in_full(s):
    country = s.country and {"code": s.country.code, "name": s.country.name}
    return {"slug": s.slug, "name": s.name, "role": s.role, "organisation": s.organisation,
            "kind": s.kind, "country": country, "aliases": s.aliases}


def speaker(s, absolute):
    """A speaker annotated by `with_statement_counts()`."""
    return {
        "slug": s.slug,
        "name": s.name,
        "role": s.role,
        "organisation": s.organisation,
        "kind": s.kind,
        "country": s.country.code if s.country else None,
        "statement_count": s.statement_count,
        "question_count": s.question_count,
        "url": absolute(s.get_absolute_url()),
    }


def _about(subject, absolute, **interview_filter):
    """What topics and countries share: their count and where to read more."""
    (name, value), = interview_filter.items()
    return {
        "interview_count": subject.n,
        "url": absolute(subject.get_absolute_url()),
        "interviews_api_url": absolute(f"{reverse('api-interview-list')}?{name}={value}"),
    }


def topic(t, absolute):
    """A topic annotated by `with_interview_counts()`."""
    return {"slug": t.slug, "name": t.name, "description": t.description,
            **_about(t, absolute, topic=t.slug)}


def country(c, absolute):
    """A country annotated by `with_interview_counts()`."""
    return {"code": c.code, "name": c.name, "official_name": c.official_name, "slug": c.slug,
            **_about(c, absolute, country=c.code)}
