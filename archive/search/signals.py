"""Haystack signal processor: changes are queued, not written to the index inline."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from archive.models import Answer, Country, Interview, Question, Source, Speaker, Topic
from archive.search import sync


class QueuedSignalProcessor(BaseSignalProcessor):
    def setup(self):
        for model in (Answer, Question):
            signals.post_save.connect(self.statement_changed, sender=model)
            signals.post_delete.connect(self.statement_changed, sender=model)
        signals.post_save.connect(self.interview_changed, sender=Interview)
        for through in (Interview.topics.through, Interview.countries.through):
            signals.m2m_changed.connect(self.interview_relations_changed, sender=through)
        signals.post_save.connect(self.speaker_changed, sender=Speaker)
        for model in (Topic, Country, Source):
            signals.post_save.connect(self.label_changed, sender=model)

    def teardown(self):
        for model in (Answer, Question):
            signals.post_save.disconnect(self.statement_changed, sender=model)
            signals.post_delete.disconnect(self.statement_changed, sender=model)
        signals.post_save.disconnect(self.interview_changed, sender=Interview)
        for through in (Interview.topics.through, Interview.countries.through):
            signals.m2m_changed.disconnect(self.interview_relations_changed, sender=through)
        signals.post_save.disconnect(self.speaker_changed, sender=Speaker)
        for model in (Topic, Country, Source):
            signals.post_save.disconnect(self.label_changed, sender=model)

    def statement_changed(self, sender, instance, **kwargs):
        sync.queue([get_identifier(instance)])

    def interview_changed(self, sender, instance, created=False, **kwargs):
        if not created:  # a new interview has no answers yet; theirs queue themselves
            sync.queue_interviews([instance.pk])

    def interview_relations_changed(self, sender, instance, action, reverse, pk_set, **kwargs):
        if not reverse:
            if action.startswith("post_"):
                sync.queue_interviews([instance.pk])
        elif action == "pre_clear":
            # After the clear the topic no longer knows its interviews.
            sync.queue_interviews(list(instance.interviews.values_list("pk", flat=True)))
        elif action in ("post_add", "post_remove"):
            sync.queue_interviews(list(pk_set))

    def speaker_changed(self, sender, instance, created=False, **kwargs):
        if created:
            return
        answers = instance.answers.values_list("pk", flat=True)
        questions = instance.questions.values_list("pk", flat=True)
        sync.queue(
            [f"archive.answer.{pk}" for pk in answers]
            + [f"archive.question.{pk}" for pk in questions]
        )

    def label_changed(self, sender, instance, created=False, **kwargs):
        if not created:
            sync.queue_interviews(list(instance.interviews.values_list("pk", flat=True)))
