"""Transcripts: statement events (interviews, briefings, speeches) and the questions
and answers said in them, in order.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Trunc
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from archive.ingest.dates import date_doubt
from archive.models.catalogue import Country, Source, Topic
from archive.models.people import Outlet, Speaker
from archive.models.slugs import unique_slug

# Statements in reading order across interviews: latest interview first, then as spoken.
NEWEST_FIRST = ["-interview__date", "-interview__created_at", "interview", "position"]


def _counts_by(queryset, date_field, period):
    """Rows of {"period": date or None, "n": count} per `period` ("year", "month")."""
    return (
        queryset.order_by()
        .prefetch_related(None)
        .annotate(period=Trunc(date_field, period))
        .values("period")
        .annotate(n=Count("pk"))
        .order_by("period")
    )


def published_count(model, field, **conditions):
    """A subquery counting rows of `model` in published interviews whose `field` is
    the outer row (and that meet `conditions`); a subquery, not a join, so that several
    counts never multiply."""
    published = Q(interview__status=Interview.Status.PUBLISHED)
    rows = (
        model.objects.filter(published, **conditions, **{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


class InterviewQuerySet(models.QuerySet):
    def published(self):
        """Interviews readers may see."""
        return self.filter(status=Interview.Status.PUBLISHED)

    def for_listing(self):
        """Rows needed to show interviews in a list, without a query per row, and
        without the text as uploaded: a list never shows it, and 25 speeches' raw text
        was most of a country page's time (60 ms of reading rows)."""
        return (self.select_related("source", "speaking_country")
                .prefetch_related("topics", "countries").defer("raw_text"))

    def with_conversation(self):
        """Prefetch questions with askers and answers with speakers for `conversation()`."""
        return self.prefetch_related(
            models.Prefetch("questions",
                            queryset=Question.objects.select_related("asker", "outlet")),
            models.Prefetch("answers", queryset=Answer.objects.select_related("speaker")),
        )

    def filter_by(self, *, kind="", source=None, language="", topic=None, country=None,
                  year=None, **ignored):
        """Interviews matching every filter given; an empty filter matches all."""
        conditions = {
            "kind": kind, "source": source, "language": language,
            "topics": topic, "countries": country, "date__year": year,
        }
        return self.filter(**{k: v for k, v in conditions.items() if v not in ("", None)})

    def spoken_by(self, country):
        """What a country itself said (its delegate's speeches), not what mentions it."""
        return self.filter(speaking_country=country)

    def by_speaking_country(self):
        """Statements with a speaking country, by its name, with the country."""
        return (self.exclude(speaking_country=None).select_related("speaking_country", "source")
                .order_by("speaking_country__name", "date", "pk"))

    def without_speaking_country(self):
        """Statements no country made as such: briefings, interviews, remarks."""
        return self.filter(speaking_country=None)

    def counts_by(self, period):
        """Interviews per "year" or "month" of their date, oldest first; undated: None."""
        return _counts_by(self, "date", period)


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
    # The parser's doubts ("the year is missing"), shown to editors under review.
    parse_warnings = models.JSONField(default=list, blank=True)
    # The country whose delegate speaks (a UN General Debate speech by Japan), as
    # opposed to the countries the statement mentions.
    speaking_country = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.PROTECT, related_name="own_statements"
    )
    # What a collection says of a statement that has no column of its own: the UN
    # session, the file it came from, the briefing room's tags and publication times.
    details = models.JSONField(default=dict, blank=True)
    # When the text, speakers or details last changed after first publication:
    # kept up to date from the history (archive.history), shown to readers.
    corrected_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InterviewQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "corrected_at"])

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-date"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["language"]),
            # Counts by speaking country and year read these alone: the row itself
            # (with a speech's raw text before these columns) is never visited.
            models.Index(fields=["speaking_country", "status", "date"],
                         name="interview_speaker_country_idx"),
            models.Index(fields=["status", "date", "speaking_country"],
                         name="interview_date_country_idx"),
        ]
        permissions = [("publish_interview", "Can publish and unpublish interviews")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The one gate every path goes through (forms, the admin's history revert,
        # actions, the editor area): whoever changes what readers see must be allowed to.
        fields = kwargs.get("update_fields")
        if fields is not None and not {"status", "published_at"} & set(fields):
            pass  # the publication is not being written
        elif self._publication() != self._stored_publication():
            self.check_may_publish()
        self.checksum = self.checksum_of(self.raw_text)
        if not self.slug:
            self.slug = unique_slug(Interview, self.title)
        super().save(*args, **kwargs)
        self._remember_publication()

    def get_absolute_url(self):
        return reverse("interview-detail", args=[self.slug])

    @classmethod
    def from_db(cls, db, field_names, values):
        interview = super().from_db(db, field_names, values)
        interview._remember_publication()
        return interview

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._remember_publication()

    def _publication(self):
        return self.status, self.published_at

    def _remember_publication(self):
        if {"status", "published_at"} <= self.__dict__.keys():  # not deferred
            self._stored = self._publication()

    def _stored_publication(self):
        """Status and first publication as the database has them; a new row is a draft.
        Rows made another way than by loading them (a version the admin's history
        revert rebuilds) are looked up."""
        if self.pk is None:
            return self.Status.DRAFT, None
        if not hasattr(self, "_stored"):
            row = Interview.objects.filter(pk=self.pk).values_list("status", "published_at")
            self._stored = row.first() or (self.Status.DRAFT, None)
        return self._stored

    def check_may_publish(self, user=None):
        """Raise PublishPermissionDenied unless the person acting may publish: `user`,
        else the one the history records (the request's), else nobody, which is an
        operator at the command line."""
        user = user or Interview.history.model.get_default_history_user(self)
        if user is not None and not user.has_perm(PUBLISH_PERMISSION):
            raise PublishPermissionDenied(
                "Only editors with the permission “Can publish and unpublish interviews” "
                "may publish or unpublish a transcript; nothing was changed."
            )

    @staticmethod
    def checksum_of(raw_text):
        return hashlib.sha256(raw_text.encode("utf-8")).hexdigest()

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def was_published(self):
        """Readers may have seen and cited it, even if it is a draft again now."""
        return self.is_published or self.published_at is not None

    def publish(self, user=None):
        """Show the interview to readers (and search) from now on; needs the publish
        permission, a plausible full date and at least one statement."""
        self.check_may_publish(user)
        self.check_publishable()
        self.status = self.Status.PUBLISHED
        # The first publication stays the reference for "corrected on".
        self.published_at = self.published_at or timezone.now()
        self._save_as(user)

    def check_publishable(self):
        """Raise PublishError saying what is missing before readers may see it."""
        if self.date is None:
            missing = "the year is missing" if self.partial_month else "there is no date"
            raise PublishError(f"Supply the date before publishing: {missing}.")
        if doubt := date_doubt(self.date):
            raise PublishError(f"Correct the date before publishing: {doubt}.")
        if not self.title.strip() or self.title == UNTITLED:
            raise PublishError("Supply the title before publishing: the transcript has none.")
        if self.pk is not None and self.answers.filter(speaker__name__iexact="unknown").exists():
            raise PublishError(
                "Supply the speaker before publishing: some statements are by “Unknown” "
                "(the transcript has no speaker labels)."
            )
        if self.pk is None or not self.answers.exists():
            raise PublishError(
                "A transcript without statements cannot be published: it has no answers. "
                "Mark a turn as an answer, or parse the text again."
            )

    def unpublish(self, user=None):
        """Hide the interview from readers and search again."""
        self.check_may_publish(user)
        self.status = self.Status.DRAFT
        self._save_as(user)

    def _save_as(self, user):
        if user is not None:
            self._history_user = user
        self.save()

    def conversation(self):
        """The transcript in reading order: (question, answers) pairs, where remarks
        made without a question are (None, answers) at the place they were made.
        Uses prefetched `questions` and `answers` when there are any."""
        answers_to, remarks = {}, []
        for answer in self.answers.all():
            if answer.question_id:
                answers_to.setdefault(answer.question_id, []).append(answer)
            else:
                remarks.append(answer)
        parts = []
        questions = list(self.questions.all())
        # A question stands before the first answer given to it or, if it has none,
        # to a later question: remarks spoken before that come before the question.
        anchors, anchor = [], None
        for question in reversed(questions):
            if question.pk in answers_to:
                anchor = answers_to[question.pk][0].position
            anchors.append(anchor)
        for question, anchor in zip(questions, reversed(anchors), strict=True):
            answers = answers_to.get(question.pk, [])
            before = [a for a in remarks if anchor is not None and a.position < anchor]
            if before:
                parts.append((None, before))
                remarks = remarks[len(before):]
            parts.append((question, answers))
        if remarks:
            parts.append((None, remarks))
        return parts

    @property
    def source_link(self):
        """Where readers find the original: its own address, else its source's site;
        only web addresses, whatever was stored."""
        candidates = [self.source_url, self.source.url if self.source else ""]
        return next((u for u in candidates if u.startswith(("https://", "http://"))), "")


PUBLISH_PERMISSION = "archive.publish_interview"
# The title of a transcript whose text gave none, until an editor supplies one.
UNTITLED = "Untitled transcript"


class PublishError(ValueError):
    """The interview cannot be published yet; the message says why."""


class PublishPermissionDenied(PublishError, PermissionDenied):
    """The person acting may not publish or unpublish: shown as a message where
    publishing errors are caught, a 403 where nothing catches it."""


class QuestionQuerySet(models.QuerySet):
    def published(self):
        """Questions in published interviews."""
        return self.filter(interview__status=Interview.Status.PUBLISHED)

    def newest_first(self):
        """Latest interviews first; within one interview, in the order asked."""
        return self.order_by(*NEWEST_FIRST)


class TurnKind(models.TextChoices):
    """What a turn does in the conversation (the parser's `TurnKind`, with courtesies
    apart): only questions are counted and listed as questions, only answers and
    statements as what someone said; procedural turns and courtesies are shown muted
    in place."""

    QUESTION = "question", "Question"
    ANSWER = "answer", "Answer"
    STATEMENT = "statement", "Statement"  # opening remarks, a speech: not asked for
    PROCEDURAL = "procedural", "Procedural"  # hand-offs, bids for the floor
    COURTESY = "courtesy", "Courtesy"  # thanks, greetings, "Can you hear me?"


# Turns shown muted, never counted as questions or answers.
MUTED_KINDS = (TurnKind.PROCEDURAL, TurnKind.COURTESY)


class Statement(models.Model):
    """What one person said at one place in a transcript, in its own words: the
    common part of a question and an answer."""

    Kind = TurnKind

    # Each kind declares its `interview`, with its own related name.
    # Order within the transcript, counted separately for questions and answers;
    # part of every cited address, so it never changes once published.
    position = models.PositiveIntegerField()
    # Paragraphs separated by a blank line, exactly as parsed.
    text = models.TextField()
    # What its own words mention (archive.ingest.tagging), so that search counts and
    # selects statements, not whole transcripts; the interview keeps the union.
    # Derived from the text, so the history (which skips many-to-many) need not keep it.
    countries = models.ManyToManyField(Country, blank=True, related_name="%(class)ss")
    topics = models.ManyToManyField(Topic, blank=True, related_name="%(class)ss")
    kind = models.CharField(max_length=12, choices=TurnKind.choices, default=TurnKind.ANSWER)
    # The speaker label exactly as the transcript wrote it ("MR. KIRBY", "王毅"),
    # whoever it was resolved to.
    label = models.CharField(max_length=200, blank=True)
    interpreted = models.BooleanField(default=False)  # "(As interpreted.)"
    # "(Laughter.)" where it stands in `text`: [{"text", "start", "end"}], offsets in text.
    stage_directions = models.JSONField(default=list, blank=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="%(class)s_position_unique"
            ),
        ]

    @property
    def paragraphs(self):
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def is_muted(self):
        return self.kind in MUTED_KINDS


class Question(Statement):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    asker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    # The label as printed ("Reporter", "AFP"), kept when no Speaker is linked.
    asker_label = models.CharField(max_length=200, blank=True)
    # The news outlet asking ("asked by Reuters"), with or without a named reporter.
    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    kind = models.CharField(
        max_length=12, choices=TurnKind.choices, default=TurnKind.QUESTION
    )

    objects = QuestionQuerySet.as_manager()

    def __str__(self):
        return f"Q{self.position}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{self.interview.get_absolute_url()}#q{self.position}"

    @property
    def asker_name(self):
        if self.asker_id:
            return self.asker.name
        return self.outlet.name if self.outlet_id else (self.asker_label or "Question")

    @property
    def asked_by(self):
        """Who asked, for "asked by …": the reporter and their outlet as known."""
        names = [n for n in (self.asker.name if self.asker else "",
                             self.outlet.name if self.outlet else "") if n]
        return ", ".join(names) or self.asker_label


class AnswerQuerySet(models.QuerySet):
    def published(self):
        """Answers in published interviews."""
        return self.filter(interview__status=Interview.Status.PUBLISHED)

    def spoken(self):
        """Answers and statements: not hand-offs or courtesies."""
        return self.exclude(kind__in=MUTED_KINDS)

    def for_listing(self):
        """Rows needed to show answers with speaker, question and interview."""
        return self.select_related("speaker", "question", "interview__source")

    def newest_first(self):
        """Latest interviews first; within one interview, in the order spoken."""
        return self.order_by(*NEWEST_FIRST)

    def counts_by_year(self):
        """Answers per year of their interview's date, oldest first; undated: None."""
        return _counts_by(self, "interview__date", "year")


class Answer(Statement):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="answers")
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )

    # A long turn (a speech) is stored as one passage per paragraph, each its own
    # Answer with its own permanent link; passages of one turn share `turn` and are
    # numbered by `paragraph` from 1 ("¶ 14"). Both are null for a one-paragraph turn.
    turn = models.PositiveIntegerField(null=True, blank=True)
    paragraph = models.PositiveIntegerField(null=True, blank=True)

    objects = AnswerQuerySet.as_manager()

    def __str__(self):
        return f"{self.speaker or 'Unknown'}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("answer-detail", args=[self.interview.slug, self.position])

    def neighbours(self):
        """The answers just before and after this one in its transcript (or None)."""
        siblings = Answer.objects.filter(interview_id=self.interview_id).select_related("speaker")
        previous = siblings.filter(position__lt=self.position).order_by("-position").first()
        following = siblings.filter(position__gt=self.position).order_by("position").first()
        for sibling in (previous, following):
            if sibling:
                sibling.interview = self.interview  # already loaded: no query for its URL
        return previous, following
