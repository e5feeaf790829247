"""sitemap.xml: every page a reader can reach, published rows only."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from archive.models import Answer, Country, Interview, Speaker, Topic


class PageSitemap(Sitemap):
    """The fixed pages."""

    priority = 0.6

    def items(self):
        return ["home", "interview-list", "topic-list", "country-list", "speaker-list",
                "date-index", "api-index"]

    def location(self, item):
        return reverse(item)


class TranscriptSitemap(Sitemap):
    """Interviews and answers change when their interview does."""

    def get_latest_lastmod(self):
        # One aggregate, not a pass over every row as Django's default would make.
        latest = Interview.objects.published().aggregate(latest=Max("updated_at"))
        return latest["latest"]


class InterviewSitemap(TranscriptSitemap):
    priority = 0.8

    def items(self):
        return Interview.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class AnswerSitemap(TranscriptSitemap):
    """Answer permalinks: the addresses people cite."""

    priority = 0.5

    def items(self):
        return (
            Answer.objects.published()
            .order_by("pk")
            .select_related("interview")
            .only("position", "interview__slug", "interview__updated_at")
        )

    def lastmod(self, item):
        return item.interview.updated_at


class SubjectSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.in_use().order_by("pk")


class TopicSitemap(SubjectSitemap):
    model = Topic


class CountrySitemap(SubjectSitemap):
    model = Country


class SpeakerSitemap(Sitemap):
    def items(self):
        return Speaker.objects.published().order_by("pk")


SITEMAPS = {
    "pages": PageSitemap,
    "interviews": InterviewSitemap,
    "answers": AnswerSitemap,
    "topics": TopicSitemap,
    "countries": CountrySitemap,
    "speakers": SpeakerSitemap,
}
