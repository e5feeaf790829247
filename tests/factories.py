"""Small factory functions: each makes one row with sensible defaults."""

import datetime
import itertools

from archive.ingest.tagging import tag_interview
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


def make_interview(title=None, *, published=True, date=datetime.date(2020, 9, 16),
                   topics=(), countries=(), **fields):
    n = next(_counter)
    fields.setdefault("raw_text", f"Transcript {n}")
    fields.setdefault(
        "date_precision",
        Interview.DatePrecision.DAY if date else Interview.DatePrecision.UNKNOWN,
    )
    interview = Interview.objects.create(
        title=title or f"Interview {n}",
        date=date,
        status=Interview.Status.PUBLISHED if published else Interview.Status.DRAFT,
        **fields,
    )
    interview.topics.add(*topics)
    interview.countries.add(*countries)
    return interview


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
    # As the loader does: each statement is tagged with what its words mention.
    tag_interview(interview, [q, a])
    return q, a


def make_archive(interviews=50, exchanges=3):
    """A published archive of `interviews` over three years, each with `exchanges`
    questions answered by one of three speakers, plus one draft that must never show."""
    sources = [make_source("Xinhua News Agency"), make_source("Ministry of Foreign Affairs")]
    china = make_country("CN", "China")
    countries = [make_country("AF", "Afghanistan"), make_country("RU", "Russia"), china]
    topics = [make_topic("Belt and Road"), make_topic("Climate change"), make_topic("Trade")]
    speakers = [
        make_speaker("Wang Yi", role="Foreign Minister", country=china),
        make_speaker("Hua Chunying", role="Spokesperson", country=china),
        make_speaker("Zhao Lijian", role="Spokesperson", country=china),
    ]
    journalist = make_speaker("Li Ming", kind="journalist", organisation="CCTV")
    made = []
    for i in range(interviews):
        interview = make_interview(
            f"Regular press conference {i + 1}",
            date=datetime.date(2019 + i % 3, 1 + i % 12, 1 + i % 28),
            kind=Interview.Kind.PRESS_CONFERENCE,
            source=sources[i % 2],
            location="Beijing",
            topics=topics[: 1 + i % 3],
            countries=countries[: 1 + i % 3],
        )
        for j in range(exchanges):
            q, _ = make_exchange(
                interview,
                question=f"Question {j + 1} about Afghanistan in interview {i + 1}?",
                answer=f"Answer {j + 1} of interview {i + 1}.\n\nA second paragraph.",
                speaker=speakers[(i + j) % 3],
            )
            if j == 0:
                q.asker = journalist
                q.save()
        made.append(interview)
    draft = make_interview("Secret draft", published=False, topics=topics, countries=countries)
    make_exchange(draft, question="Draft question?", answer="Draft answer.", speaker=speakers[0])
    return made


def make_user(username="editor", *, staff=True, groups=(), perms=()):
    """A user in the named groups with the named archive permissions."""
    from django.contrib.auth.models import Group, Permission, User

    user = User.objects.create_user(username, password="pw", is_staff=staff)
    user.groups.add(*Group.objects.filter(name__in=groups))
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="archive", codename__in=perms)
    )
    return user
