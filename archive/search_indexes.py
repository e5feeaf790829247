"""What the search engine knows of each published answer and question.

Only what was asked or said is indexed: procedural turns and courtesies ("Next
question.", "Thank you.") stay on the transcript page but are no search hits and
count in no facet. The speaker fields hold those who answered or spoke; a question
is found by its words and shows who asked ("asked by Reuters"), but askers are not
speakers, in the facet or in `speaker:` searches.

Facet fields hold stable keys (speaker slug, ISO country code, topic slug); the
search view turns them into names. Display fields are stored so that a results
page needs no database query per hit.
"""

import contextvars
import functools
import hashlib
import json
from contextlib import contextmanager

from django.db.models import Prefetch
from haystack import indexes
from haystack.fields import FacetMultiValueField

from archive.models import Answer, Country, Interview, Question, Topic, TurnKind
from archive.models.transcripts import MUTED_KINDS
from archive.search.schema import (
    DATE,
    FACET,
    FACET_SET,
    FIELDS,
    STORED,
    STORED_NUMBER,
    TEXT,
)
from archive.templatetags.archive_tags import display_date

# {interview pk: its values} while a rebuild runs (sharing_interview_values); None
# otherwise, when an interview may have changed between two statements.
_shared = contextvars.ContextVar("shared_interview_values", default=None)


@contextmanager
def sharing_interview_values():
    """Work out what the statements of one interview share once per interview (a
    rebuild prepares some forty of each), not once per statement."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def interview_values(interview):
    """The search fields every statement of `interview` shares."""
    shared = _shared.get()
    if shared is not None and interview.pk in shared:
        return shared[interview.pk]
    date = interview.date
    values = {
        # str(), as Haystack's fields convert: an unsaved choice may be an enum member.
        "title": str(interview.title),
        "kind": str(interview.kind),
        "language": str(interview.language),
        "interview_slug": interview.slug,
        "date_display": display_date(interview),
        # Zero-padded, so that keys sort as dates do (strftime does not pad year 999).
        "year": f"{date.year:04d}" if date else None,
        "month": f"{date.year:04d}-{date.month:02d}" if date else None,
        "source": interview.source.slug if interview.source else None,
    }
    if shared is not None:
        shared[interview.pk] = values
    return values


def subject_prefetches(path):
    """Countries and topics of the statements at `path`, with only their keys (their
    aliases and keywords are JSON to decode); none while a rebuild shares values,
    which reads them in blocks instead (statement_subjects)."""
    if _shared.get() is not None:
        return []
    return [Prefetch(f"{path}countries", queryset=Country.objects.only("code")),
            Prefetch(f"{path}topics", queryset=Topic.objects.only("slug"))]


# Statements whose subjects a rebuild reads at once, by primary key; and how many
# such blocks of each kind it keeps (it reads statements in about that order).
SUBJECT_BLOCK = 2000
KEPT_BLOCKS = 4
RELATIONS = {"country": ("countries", "code"), "topic": ("topics", "slug")}


def statement_subjects(statement):
    """{"country": [codes], "topic": [slugs]} that `statement` itself mentions."""
    shared = _shared.get()
    if shared is None:
        return {facet: [getattr(row, key) for row in getattr(statement, name).all()]
                for facet, (name, key) in RELATIONS.items()}
    model, block = type(statement), statement.pk // SUBJECT_BLOCK
    blocks = shared.setdefault(("subjects", model), {})
    if block not in blocks:
        if len(blocks) >= KEPT_BLOCKS:
            del blocks[next(iter(blocks))]
        blocks[block] = _subject_block(model, block)
    return blocks[block].get(statement.pk, {"country": [], "topic": []})


def _subject_block(model, block):
    """The subjects of the statements of `model` in one block of primary keys: a
    query per relation yielding plain values. Prefetching model rows per statement
    made a rebuild three times slower."""
    found = {}
    low, high = block * SUBJECT_BLOCK, (block + 1) * SUBJECT_BLOCK
    for facet, (name, key) in RELATIONS.items():
        field = model._meta.get_field(name)
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        rows = field.remote_field.through.objects.filter(
            **{f"{source}_id__gte": low, f"{source}_id__lt": high}
        ).values_list(f"{source}_id", f"{target}__{key}")
        for pk, value in rows.order_by(f"{target}__{key}"):
            found.setdefault(pk, {"country": [], "topic": []})[facet].append(value)
    return found


def _keys(found):
    return sorted(found)


def fingerprint(prepared):
    content = {key: value for key, value in prepared.items() if key != "fingerprint"}
    return hashlib.sha1(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


HAYSTACK_FIELDS = {
    TEXT: indexes.CharField,
    DATE: indexes.DateField,
    FACET: indexes.FacetCharField,
    FACET_SET: FacetMultiValueField,
    STORED: functools.partial(indexes.CharField, indexed=False),
    STORED_NUMBER: functools.partial(indexes.IntegerField, indexed=False),
}



def haystack_field(field):
    """The Haystack field of a schema field (options only where set: Haystack's facet
    fields refuse even null=False, being nullable always)."""
    options = {"null": field.null, "model_attr": field.model_attr, "document": field.document}
    return HAYSTACK_FIELDS[field.kind](**{key: value for key, value in options.items() if value})


# Every field of the search schema (archive/search/schema.py), as Haystack fields.
SchemaFields = indexes.DeclarativeMetaclass("SchemaFields", (indexes.SearchIndex,), {
    "__module__": __name__, **{field.name: haystack_field(field) for field in FIELDS}})


class StatementIndex(SchemaFields):
    def prepare(self, obj):
        data = super().prepare(obj)
        data["fingerprint"] = fingerprint(data)
        return data

    def prepare_text(self, obj):
        return obj.text

    # What comes from the interview (interview_values).
    def prepare_title(self, obj):
        return interview_values(obj.interview)["title"]

    def prepare_kind(self, obj):
        return interview_values(obj.interview)["kind"]

    def prepare_language(self, obj):
        return interview_values(obj.interview)["language"]

    def prepare_interview_slug(self, obj):
        return interview_values(obj.interview)["interview_slug"]

    def prepare_date_display(self, obj):
        return interview_values(obj.interview)["date_display"]

    def prepare_year(self, obj):
        return interview_values(obj.interview)["year"]

    def prepare_month(self, obj):
        return interview_values(obj.interview)["month"]

    # What the statement mentions (archive.ingest.tagging); an answer also counts
    # what its question mentions, since it replies to it.
    def prepare_country(self, obj):
        return _keys(self.subjects(obj)["country"])

    def prepare_topic(self, obj):
        return _keys(self.subjects(obj)["topic"])

    def prepare_from_question(self, obj):
        subjects = self.subjects(obj)
        only = [f"{facet}:{key}" for facet, keys in subjects.items()
                for key, own in keys.items() if not own]
        return " ".join(only) or None

    def subjects(self, obj):
        """{"country": {code: said in the statement itself}, "topic": {slug: ...}};
        worked out once per object, for the three fields that read it."""
        if getattr(obj, "_search_subjects", None) is None:
            obj._search_subjects = self._subjects(obj)
        return obj._search_subjects

    def _subjects(self, obj):
        own = statement_subjects(obj)
        subjects = {facet: dict.fromkeys(keys, True) for facet, keys in own.items()}
        question = self.question(obj)
        if question is not None:
            for facet, keys in statement_subjects(question).items():
                for key in keys:
                    subjects[facet].setdefault(key, False)
        return subjects

    def question(self, obj):
        return None

    def prepare_source(self, obj):
        return interview_values(obj.interview)["source"]

    def person(self, obj):
        raise NotImplementedError

    def prepare_speaker(self, obj):
        person = self.person(obj)
        return " ".join([person.name, *person.aliases]) if person else None

    def prepare_speaker_slug(self, obj):
        person = self.person(obj)
        return person.slug if person else None

    def prepare_speaker_name(self, obj):
        person = self.person(obj)
        return person.name if person else None

    def related(self, queryset):
        # The interview is fetched once for all its answers (not joined to each
        # row), so its countries and topics are looked up once per interview, not
        # once per answer: a fifth of a rebuild's time. Its whole transcript is
        # left out, or a rebuild would read each transcript once per answer.
        interviews = Interview.objects.select_related("source").defer("raw_text", "preamble")
        return queryset.prefetch_related(
            Prefetch("interview", queryset=interviews), *subject_prefetches(""))


class AnswerIndex(StatementIndex, indexes.Indexable):
    def get_model(self):
        return Answer

    def person(self, obj):
        return obj.speaker

    def question(self, obj):
        return obj.question

    def prepare_type(self, obj):
        return "answer"

    def index_queryset(self, using=None):
        # The question joined, not prefetched: on SQLite a prefetch of 2,000 rows by
        # key is an expression too deep to run.
        return self.related(
            Answer.objects.published().exclude(kind__in=MUTED_KINDS)
            .select_related("speaker", "question")
            .prefetch_related(*subject_prefetches("question__")))


class QuestionIndex(StatementIndex, indexes.Indexable):
    def get_model(self):
        return Question

    def person(self, obj):
        return None  # an asker is no speaker

    def prepare_speaker_name(self, obj):
        return obj.asked_by or obj.asker_name

    def prepare_type(self, obj):
        return "question"

    def index_queryset(self, using=None):
        return self.related(
            Question.objects.published().filter(kind=TurnKind.QUESTION)
            .select_related("asker", "outlet")
        )
