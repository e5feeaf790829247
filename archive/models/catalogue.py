"""What statements are about and where they come from: countries, topics, sources."""

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse

# Reader-visible rows are those of published interviews (Interview.Status.PUBLISHED);
# spelled out here because transcripts.py imports this module, not the other way round.
PUBLISHED = "published"


class SubjectQuerySet(models.QuerySet):
    """Topics and countries: what interviews are about."""

    def with_interview_counts(self):
        """Annotate `n`, the number of published interviews about each."""
        published = Q(interviews__status=PUBLISHED)
        return self.annotate(n=Count("interviews", filter=published))

    def in_use(self):
        """Only those with at least one published interview, counted as `n`, by name."""
        # Aggregating drops Meta.ordering, so order again.
        return self.with_interview_counts().filter(n__gt=0).order_by("name")


class CountryQuerySet(SubjectQuerySet):
    def listed(self):
        """Countries that speak or are mentioned in a published interview, by name,
        each with `n` (interviews that mention it) and `own` (its own statements, such
        as its UN General Debate speeches): a list, from three queries.

        Counted apart and put together here: one query joining both counts grouped
        by every country column, and visiting each interview row (a speech's whole
        raw text lies before its status), took 100 ms on 120 interviews."""
        from archive.models.transcripts import Interview

        published = Interview.objects.published().values("pk")
        mentions = dict(
            Country.interviews.through.objects.filter(interview__in=published)
            .values("country").annotate(c=Count("pk")).values_list("country", "c")
        )
        own = dict(
            Interview.objects.published().exclude(speaking_country=None).order_by()
            .values("speaking_country").annotate(c=Count("pk"))
            .values_list("speaking_country", "c")
        )
        countries = list(self.filter(pk__in=set(mentions) | set(own)).order_by("name"))
        for country in countries:
            country.n, country.own = mentions.get(country.pk, 0), own.get(country.pk, 0)
        return countries


class Country(models.Model):
    code = models.CharField("ISO 3166-1 alpha-2", max_length=2, unique=True)
    name = models.CharField(max_length=100)
    official_name = models.CharField(max_length=200, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    # Other names, abbreviations and foreign-language names ("DPRK", "俄罗斯").
    aliases = models.JSONField(default=list, blank=True)
    # Adjectives and nouns for people ("Russian", "Kyrgyz").
    demonyms = models.JSONField(default=list, blank=True)

    objects = CountryQuerySet.as_manager()

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

    objects = SubjectQuerySet.as_manager()

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
