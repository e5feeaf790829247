"""Who speaks and asks: people (and, for a body, institutions) named in transcripts."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse

from archive.models.catalogue import PUBLISHED, Country
from archive.models.slugs import unique_slug


class SpeakerQuerySet(models.QuerySet):
    def resolve(self, label):
        """The speaker whose name or alias matches `label`, ignoring case; or None."""
        key = " ".join(label.split())
        if not key:
            return None
        by_name = self.filter(name__iexact=key).first()
        if by_name:
            return by_name
        # Aliases are few and short; JSON containment lookups differ between SQLite
        # and PostgreSQL, so compare in Python over the speakers that have any.
        for speaker in self.exclude(aliases=[]):
            if key.casefold() in speaker.match_keys():
                return speaker
        return None

    def published(self):
        """Speakers who answered or asked something in a published interview."""
        from archive.models.transcripts import Answer, Question

        published = Q(interview__status=PUBLISHED)
        return self.filter(
            Exists(Answer.objects.filter(published, speaker=OuterRef("pk")))
            | Exists(Question.objects.filter(published, asker=OuterRef("pk")))
        )

    def with_statement_counts(self):
        """Annotate `statement_count` (answers) and `question_count`, published only."""
        from archive.models.transcripts import Answer, Question, published_count

        return self.annotate(
            statement_count=published_count(Answer, "speaker"),
            question_count=published_count(Question, "asker"),
        )


class Speaker(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official"
        JOURNALIST = "journalist", "Journalist"
        MODERATOR = "moderator", "Moderator"
        UNKNOWN = "unknown", "Unknown"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    role = models.CharField(max_length=300, blank=True)
    organisation = models.CharField(max_length=300, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    # Other spellings of the name: "WANG YI", "王毅".
    aliases = models.JSONField(default=list, blank=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="speaker_name_unique_ci"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("speaker-detail", args=[self.slug])

    def match_keys(self):
        return {" ".join(n.split()).casefold() for n in [self.name, *self.aliases]}
