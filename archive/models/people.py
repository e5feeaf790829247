"""Who speaks and asks: people (and, for a body, institutions) named in transcripts,
the offices they held and when, and the news outlets whose reporters ask.

A `Speaker` is one person whatever the label a transcript gives them ("MR. KIRBY",
"Admiral John Kirby", "王毅"): their names without titles are `SpeakerName` rows,
matched by sound as well as spelling (pinyin, so 赵立坚 is Zhao Lijian); their titles
are dated `Role`s, so "THE PRESIDENT" on a dated transcript names whoever held the
office that day. `archive.people` puts labels and rows together.
"""

import datetime

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from archive.ingest.identity import (
    family_first_key,
    form_key,
    language_of,
    sound_key,
    surname_key,
)
from archive.models.catalogue import PUBLISHED, Country
from archive.models.slugs import unique_slug

# Kinds of statement that count as speaking (not a hand-off, a courtesy, or a question).
SPOKEN_KINDS = ("answer", "statement")


class SpeakerQuerySet(models.QuerySet):
    def resolve(self, label, on=None, language="", where=""):
        """The one speaker a label names ("MR. KIRBY", "王毅", "THE PRESIDENT"), on the
        date `on` when given (offices change hands), at `where` (an organisation or
        source, for offices like "the President"); None when no one, or no one
        person, fits. See `archive.people.resolve` for the rules."""
        from archive.people import resolve

        # All speakers: the curated officials first; a narrowed queryset: only its own.
        speakers = self if self.query.has_filters() else None
        return resolve(label, on=on, language=language, where=where, speakers=speakers)

    def published(self):
        """Speakers who answered or spoke (not only asked, thanked or handed over) in a
        published interview: the speaker list, feeds and API."""
        from archive.models.transcripts import Answer

        return self.filter(
            Exists(Answer.objects.filter(
                interview__status=PUBLISHED, kind__in=SPOKEN_KINDS, speaker=OuterRef("pk")
            ))
        )

    def with_statement_counts(self):
        """Annotate `statement_count` (answers and statements) and `question_count`,
        published only."""
        from archive.models.transcripts import Answer, Question, published_count

        return self.annotate(
            statement_count=published_count(Answer, "speaker", kind__in=SPOKEN_KINDS),
            question_count=published_count(Question, "asker", kind="question"),
        )


class Speaker(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official"
        JOURNALIST = "journalist", "Journalist"
        MODERATOR = "moderator", "Moderator"
        INSTITUTION = "institution", "Institution"
        UNKNOWN = "unknown", "Unknown"

    # The person's name without titles ("Joe Biden", "Wang Yi"); other forms, in any
    # language, are `names`.
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    # The latest or best-known title, for display; the dated offices are `roles`.
    role = models.CharField(max_length=300, blank=True)
    organisation = models.CharField(max_length=300, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="speakers"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNKNOWN)
    # Other spellings of the name: "WANG YI", "王毅"; each also has a SpeakerName row.
    aliases = models.JSONField(default=list, blank=True)
    # Curated (from the officials fixture or by an editor): labels are matched to
    # them first, and a new parse never renames them.
    curated = models.BooleanField(default=False)

    objects = SpeakerQuerySet.as_manager()
    history = HistoricalRecords()

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
        self.sync_names()

    def get_absolute_url(self):
        return reverse("speaker-detail", args=[self.slug])

    def match_keys(self):
        return {" ".join(n.split()).casefold() for n in [self.name, *self.aliases]}

    def sync_names(self):
        """A SpeakerName row for the name and every alias (added, never removed here:
        editors remove forms in the admin)."""
        have = set(self.names.values_list("key", flat=True))
        for form in [self.name, *self.aliases]:
            if form_key(form) and form_key(form) not in have:
                SpeakerName.objects.create(speaker=self, name=form[:200])
                have.add(form_key(form))

    def role_on(self, date):
        """The role held on `date` (the latest known when there is no date)."""
        roles = list(self.roles.all())
        if date:
            held = [r for r in roles if r.covers(date)]
            if held:
                return max(held, key=lambda r: r.start or datetime.date.min)
        return max(roles, key=lambda r: r.start or datetime.date.min, default=None)


class SpeakerName(models.Model):
    """One form of a speaker's name, in one language: "王毅", "Wang Yi", "WANG YI"."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=10, blank=True, help_text="zh, en… (guessed)")
    key = models.CharField(max_length=200, editable=False, db_index=True)
    sound = models.CharField(max_length=200, editable=False, db_index=True)
    surname = models.CharField(max_length=60, editable=False, db_index=True, blank=True)
    # The first word, as a family name may come first ("Lee Hsien Loong").
    family_first = models.CharField(max_length=60, editable=False, db_index=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["speaker", "language", "name"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "key"], name="speakername_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.key = form_key(self.name)
        self.sound = sound_key(self.name)[:200]
        self.surname = surname_key(self.name)[:60]
        self.family_first = family_first_key(self.name)[:60]
        self.language = self.language or language_of(self.name)
        super().save(*args, **kwargs)


class RoleQuerySet(models.QuerySet):
    def on(self, date):
        """Roles held on `date` (every role when there is no date)."""
        if date is None:
            return self
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=date), Q(end__isnull=True) | Q(end__gte=date)
        )


class Role(models.Model):
    """An office or title a speaker held, from `start` to `end` (either unknown):
    Wang Yi, State Councilor and Foreign Minister, 2018-03-19 to 2022-12-30."""

    class Precision(models.TextChoices):
        DAY = "day", "Exact dates"
        YEAR = "year", "Years only"

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="roles")
    title = models.CharField(max_length=300)  # "State Councilor and Foreign Minister"
    title_zh = models.CharField(max_length=300, blank=True)  # "国务委员兼外长"
    organisation = models.CharField(max_length=300, blank=True)  # "White House", "MFA"
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="roles"
    )
    # With precision YEAR, `start` is 1 January and `end` 31 December of their years.
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    precision = models.CharField(max_length=4, choices=Precision.choices,
                                 default=Precision.DAY)
    # Labels that name the holder by the office alone, matched on a transcript dated
    # within the role: "THE PRESIDENT", "THE VICE PRESIDENT".
    addressed_as = models.JSONField(default=list, blank=True)
    # Where it was learned: "officials fixture", "UN General Debate", "parsed", an editor.
    origin = models.CharField(max_length=100, blank=True)

    objects = RoleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["speaker", "start"]
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self):
        span = self.span()
        return f"{self.speaker}: {self.title}" + (f" ({span})" if span else "")

    def covers(self, date):
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)

    def span(self):
        def shown(d):
            return "" if d is None else str(d.year) if self.precision == "year" else d.isoformat()

        if not (self.start or self.end):
            return ""
        return f"{shown(self.start)}–{shown(self.end)}"


class Outlet(models.Model):
    """A news outlet whose reporters ask, by one name in every language: 路透社 is
    Reuters."""

    name = models.CharField(max_length=200)  # canonical, as used in English
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    # Other names, in any language: "路透社", "Thomson Reuters".
    names = models.JSONField(default=list, blank=True)
    country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="outlets"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="outlet_name_unique_ci")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Outlet, self.name)
        super().save(*args, **kwargs)

    def match_keys(self):
        return {form_key(n).removeprefix("the ") for n in [self.name, *self.names]}
