"""What statements are about and where they come from: countries, topics, sources."""

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
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
    def with_own_counts(self):
        """Annotate `own`, the published statements the country itself made (its UN
        General Debate speeches), besides `n`, those that mention it."""
        from archive.models.transcripts import Interview

        own = (Interview.objects.published().filter(speaking_country=OuterRef("pk"))
               .order_by().values("speaking_country").annotate(c=Count("pk")).values("c"))
        return self.with_interview_counts().annotate(own=Coalesce(Subquery(own), 0))

    def listed(self):
        """Countries that speak or are mentioned in a published interview, by name."""
        return self.with_own_counts().filter(Q(n__gt=0) | Q(own__gt=0)).order_by("name")


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
