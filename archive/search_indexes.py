"""What the search engine knows of each published answer and question.

Facet fields hold stable keys (speaker slug, ISO country code, topic slug); the
search view turns them into names. Display fields are stored so that a results
page needs no database query per hit.
"""

import hashlib
import json

from django.db.models import Prefetch
from haystack import indexes
from haystack.fields import FacetMultiValueField

from archive.models import Answer, Interview, Question


def fingerprint(prepared):
    content = {key: value for key, value in prepared.items() if key != "fingerprint"}
    return hashlib.sha1(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


class StatementIndex(indexes.SearchIndex):
    text = indexes.CharField(document=True)
    speaker = indexes.CharField(null=True)  # names and aliases: speaker:"wang yi"
    title = indexes.CharField(model_attr="interview__title")
    date = indexes.DateField(model_attr="interview__date", null=True)

    speaker_slug = indexes.FacetCharField(null=True)
    country = FacetMultiValueField()
    topic = FacetMultiValueField()
    year = indexes.FacetCharField(null=True)
    month = indexes.FacetCharField(null=True)  # "2020-09", for trends by month
    kind = indexes.FacetCharField(model_attr="interview__kind")
    source = indexes.FacetCharField(null=True)
    language = indexes.FacetCharField(model_attr="interview__language")
    type = indexes.FacetCharField()

    speaker_name = indexes.CharField(indexed=False, null=True)
    interview_slug = indexes.CharField(model_attr="interview__slug", indexed=False)
    date_display = indexes.CharField(model_attr="interview__display_date", indexed=False)
    position = indexes.IntegerField(model_attr="position", indexed=False)
    # A digest of everything above, so check_index --deep can tell a stale document.
    fingerprint = indexes.CharField(indexed=False, null=True)

    def prepare(self, obj):
        data = super().prepare(obj)
        data["fingerprint"] = fingerprint(data)
        return data

    def prepare_text(self, obj):
        return obj.text

    def prepare_year(self, obj):
        return str(obj.interview.date.year) if obj.interview.date else None

    def prepare_month(self, obj):
        return obj.interview.date.strftime("%Y-%m") if obj.interview.date else None

    def prepare_country(self, obj):
        return [c.code for c in obj.interview.countries.all()]

    def prepare_topic(self, obj):
        return [t.slug for t in obj.interview.topics.all()]

    def prepare_source(self, obj):
        return obj.interview.source.slug if obj.interview.source else None

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
            Prefetch("interview", queryset=interviews),
            "interview__countries",
            "interview__topics",
        )


class AnswerIndex(StatementIndex, indexes.Indexable):
    def get_model(self):
        return Answer

    def person(self, obj):
        return obj.speaker

    def prepare_type(self, obj):
        return "answer"

    def index_queryset(self, using=None):
        return self.related(Answer.objects.published().select_related("speaker"))


class QuestionIndex(StatementIndex, indexes.Indexable):
    def get_model(self):
        return Question

    def person(self, obj):
        return obj.asker

    def prepare_speaker_name(self, obj):
        return obj.asker_name

    def prepare_type(self, obj):
        return "question"

    def index_queryset(self, using=None):
        return self.related(
            Question.objects.published().select_related("asker")
        )
