"""Haystack signal processor: changes are queued, not written to the index inline.

Started by `ArchiveConfig.ready` (archive/apps.py), not by HAYSTACK_SIGNAL_PROCESSOR:
every receiver of the archive is connected there."""

from django.db.models import signals
from haystack.signals import BaseSignalProcessor
from haystack.utils import get_identifier

from archive.models import Answer, Country, Interview, Question, Source, Speaker, Topic
from archive.search import sync


class QueuedSignalProcessor(BaseSignalProcessor):
    def receivers(self):
        """(signal, receiver, sender) for every change that alters a search document."""
        yield from (
            (signal, self.statement_changed, model)
            for model in (Answer, Question)
            for signal in (signals.post_save, signals.post_delete)
        )
        yield signals.post_save, self.interview_changed, Interview
        for model in (Answer, Question):
            for through in (model.topics.through, model.countries.through):
                yield signals.m2m_changed, self.statement_relations_changed, through
        for through in (Interview.topics.through, Interview.countries.through):
            yield signals.m2m_changed, self.interview_relations_changed, through
        yield signals.post_save, self.speaker_changed, Speaker
        for model in (Topic, Country, Source):
            yield signals.post_save, self.label_changed, model

    def setup(self):
        for signal, receiver, sender in self.receivers():
            signal.connect(receiver, sender=sender, dispatch_uid=_uid(receiver, sender))

    def teardown(self):
        for signal, receiver, sender in self.receivers():
            signal.disconnect(receiver, sender=sender, dispatch_uid=_uid(receiver, sender))

    def statement_changed(self, sender, instance, **kwargs):
        # Its interview from the instance: a deleted statement's row is gone already.
        sync.queue([get_identifier(instance)], interviews=[instance.interview_id])

    def statement_relations_changed(self, sender, instance, action, reverse, model,
                                    pk_set, **kwargs):
        """A statement's countries or topics set by hand (the admin); the loader's
        tagging writes the rows in bulk, for statements it has just saved."""
        if not action.startswith("post_"):
            return
        if not reverse:
            sync.queue([get_identifier(instance)])
        elif pk_set:
            label = model._meta.label_lower
            sync.queue([f"{label}.{pk}" for pk in pk_set])

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


def _uid(receiver, sender):
    # One connection per receiver and sender, however many processors are made.
    return f"archive.search.{receiver.__name__}.{sender._meta.label_lower}"
