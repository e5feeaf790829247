"""The archive's data: statement events, who spoke, what was asked and answered.

The database is the source of truth; the search index is derived from it.
"""

import calendar
import hashlib

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.text import slugify


def unique_slug(model, text, max_length=200):
    """Slugify `text` and append -2, -3… until no row of `model` has it."""
    base = (slugify(text, allow_unicode=True) or "item")[: max_length - 6].strip("-")
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Other names, abbreviations and foreign-language names ("DPRK", "俄罗斯").
    aliases = models.JSONField(default=list, blank=True)
    # Adjectives and nouns for people ("Russian", "Kyrgyz").
    demonyms = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("country-detail", args=[self.slug])


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    # Phrases whose presence in a transcript tags it with this topic.
    keywords = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("topic-detail", args=[self.slug])


class Source(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    url = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


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

    def get_absolute_url(self):
        return reverse("speaker-detail", args=[self.slug])

    def match_keys(self):
        return {" ".join(n.split()).casefold() for n in [self.name, *self.aliases]}

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Speaker, self.name)
        super().save(*args, **kwargs)


class InterviewQuerySet(models.QuerySet):
    def published(self):
        """Interviews readers may see."""
        return self.filter(status=Interview.Status.PUBLISHED)

    def for_listing(self):
        """Rows needed to show interviews in a list, without a query per row."""
        return self.select_related("source").prefetch_related("topics", "countries")


class Interview(models.Model):
    class Kind(models.TextChoices):
        INTERVIEW = "interview", "Interview"
        PRESS_CONFERENCE = "press_conference", "Press conference"
        JOINT_PRESS_CONFERENCE = "joint_press_conference", "Joint press conference"
        BRIEFING = "briefing", "Briefing"
        SPEECH = "speech", "Speech"
        STATEMENT = "statement", "Statement"

    class DatePrecision(models.TextChoices):
        DAY = "day", "Full date"
        MONTH_DAY = "month_day", "Month and day, year unknown"
        YEAR = "year", "Year only"
        UNKNOWN = "unknown", "Unknown"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.STATEMENT)
    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    # `date` holds what is known; with precision MONTH_DAY its year is a placeholder
    # and only `partial_month`/`partial_day` are meaningful, so it stays null.
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision.choices, default=DatePrecision.UNKNOWN
    )
    partial_month = models.PositiveSmallIntegerField(null=True, blank=True)
    partial_day = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField(max_length=200, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.PROTECT, related_name="interviews"
    )
    source_url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=10, default="en")
    raw_text = models.TextField(help_text="The transcript exactly as uploaded.")
    checksum = models.CharField(max_length=64, unique=True, editable=False)
    preamble = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="interviews")
    countries = models.ManyToManyField(Country, blank=True, related_name="interviews")

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-date"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["language"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("interview-detail", args=[self.slug])

    @staticmethod
    def checksum_of(raw_text):
        return hashlib.sha256(raw_text.encode("utf-8")).hexdigest()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def display_date(self):
        """What is known of the date, for readers: "16 September 2020", "16 September"."""
        if self.date and self.date_precision == self.DatePrecision.YEAR:
            return str(self.date.year)
        if self.date:
            return self.date.strftime("%-d %B %Y")
        if self.partial_month and self.partial_day:
            return f"{self.partial_day} {calendar.month_name[self.partial_month]} (year unknown)"
        return "Date unknown"

    def save(self, *args, **kwargs):
        self.checksum = self.checksum_of(self.raw_text)
        if not self.slug:
            self.slug = unique_slug(Interview, self.title)
        super().save(*args, **kwargs)


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Questions in published interviews."""
        return self.filter(interview__status=Interview.Status.PUBLISHED)


class Question(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    asker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    # The label as printed ("Reporter", "AFP"), kept when no Speaker is linked.
    asker_label = models.CharField(max_length=200, blank=True)
    text = models.TextField()

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="question_position_unique"
            ),
        ]

    def __str__(self):
        return f"Q{self.position}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.interview.get_absolute_url()}#q{self.position}"

    @property
    def asker_name(self):
        return self.asker.name if self.asker else (self.asker_label or "Question")


class AnswerQuerySet(models.QuerySet):
    def published(self):
        """Answers in published interviews."""
        return self.filter(interview__status=Interview.Status.PUBLISHED)

    def for_listing(self):
        """Rows needed to show answers with speaker, question and interview."""
        return self.select_related("speaker", "question", "interview__source")


class Answer(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveIntegerField()
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    # Paragraphs separated by a blank line, exactly as parsed.
    text = models.TextField()

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="answer_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.speaker or 'Unknown'}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("answer-detail", args=[self.interview.slug, self.position])

    @property
    def paragraphs(self):
        return [p for p in self.text.split("\n\n") if p.strip()]


class PendingIndexUpdate(models.Model):
    """A search document that may be out of date: written in the same transaction
    as the change, removed once the index has the new state.

    Because it commits or rolls back with the change itself, a crash between the
    database commit and the index write loses nothing: the row is still here.
    """

    # Haystack's document id, "archive.answer.12".
    identifier = models.CharField(max_length=100)
    queued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.identifier
