"""Small factory functions: each makes one row with sensible defaults."""

import datetime
import itertools

from archive.models import Answer, Country, Interview, Question, Source, Speaker, Topic

_counter = itertools.count(1)


def make_source(name="Xinhua News Agency"):
    return Source.objects.get_or_create(name=name, defaults={"slug": f"source-{next(_counter)}"})[0]


def make_speaker(name="Wang Yi", **fields):
    return Speaker.objects.create(name=name, **fields)


def make_country(code="RU", name="Russia", **fields):
    return Country.objects.get_or_create(
        code=code, defaults={"name": name, "slug": name.lower().replace(" ", "-"), **fields}
    )[0]


def make_topic(name="Belt and Road", **fields):
    slug = name.lower().replace(" ", "-")
    return Topic.objects.get_or_create(name=name, defaults={"slug": slug, **fields})[0]


def make_interview(title=None, *, published=True, date=datetime.date(2020, 9, 16), **fields):
    n = next(_counter)
    fields.setdefault("raw_text", f"Transcript {n}")
    fields.setdefault(
        "date_precision",
        Interview.DatePrecision.DAY if date else Interview.DatePrecision.UNKNOWN,
    )
    return Interview.objects.create(
        title=title or f"Interview {n}",
        date=date,
        status=Interview.Status.PUBLISHED if published else Interview.Status.DRAFT,
        **fields,
    )


def make_exchange(interview, question="What is your comment?", answer="We welcome it.",
                  speaker=None, asker_label="Reporter"):
    position = interview.questions.count() + 1
    q = Question.objects.create(
        interview=interview, position=position, asker_label=asker_label, text=question
    )
    a = Answer.objects.create(
        interview=interview,
        position=interview.answers.count() + 1,
        speaker=speaker,
        question=q,
        text=answer,
    )
    return q, a
