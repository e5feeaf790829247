"""Atom feeds: the latest interviews, those about a topic or a country, and the
latest answers of a speaker. Published rows only, like every reader's page."""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks, truncatewords
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from archive.citations import ARCHIVE_NAME
from archive.models import Answer, Country, Interview, Speaker, Topic
from archive.templatetags.archive_tags import display_date

FEED_LENGTH = 30


def said_on(interview):
    """When it was said, as a feed dates an entry: the interview's date (midnight UTC;
    the first of January when only the year is known), not when it was imported, so
    that a 2022 speech imported today reads as 2022's. Without a date, when it was
    published."""
    if interview.date:
        return datetime.datetime.combine(interview.date, datetime.time(), datetime.UTC)
    return interview.published_at or interview.created_at


class InterviewFeed(Feed):
    """The latest interviews, newest first as on the site."""

    feed_type = Atom1Feed
    title = f"Latest interviews · {ARCHIVE_NAME}"
    subtitle = "Interviews, press conferences, briefings and speeches, newest first."
    link = reverse_lazy("interview-list")

    def interviews(self, obj):
        return Interview.objects.published()

    def items(self, obj=None):
        speakers = Answer.objects.select_related("speaker").only(
            "interview_id", "position", "speaker", "speaker__name").order_by("position")
        return self.interviews(obj).for_listing().prefetch_related(
            Prefetch("answers", queryset=speakers, to_attr="answers_with_speakers"))[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        facts = [item.get_kind_display(), display_date(item), item.location,
                 item.source.name if item.source else ""]
        summary = " · ".join(f for f in facts if f)
        about = ", ".join(c.name for c in item.countries.all())
        return f"{summary}. Mentions {about}." if about else f"{summary}."

    def item_author_name(self, item):
        """Who speaks in it, in order of first answer."""
        names = (a.speaker.name for a in item.answers_with_speakers if a.speaker)
        return ", ".join(dict.fromkeys(names)) or None

    def item_pubdate(self, item):
        return said_on(item)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [t.name for t in item.topics.all()]


class SubjectFeed(InterviewFeed):
    """Interviews about one topic or country."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def interviews(self, obj):
        return Interview.objects.published().filter_by(**{self.model._meta.model_name: obj})

    def title(self, obj):
        return f"{obj.name} · {ARCHIVE_NAME}"

    def subtitle(self, obj):
        return f"The latest interviews about {obj.name}."

    def link(self, obj):
        return obj.get_absolute_url()


class TopicFeed(SubjectFeed):
    model = Topic


class CountryFeed(SubjectFeed):
    model = Country


class SpeakerFeed(Feed):
    """A speaker's latest answers."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Speaker.objects.published(), slug=slug)

    def title(self, obj):
        return f"{obj.name} · {ARCHIVE_NAME}"

    def subtitle(self, obj):
        return f"The latest answers of {obj.name}{f', {obj.role}' if obj.role else ''}."

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return Answer.objects.published().for_listing().spoken().filter(speaker=obj).newest_first()[
            :FEED_LENGTH
        ]

    def item_title(self, item):
        return f"{item.interview.title}: “{truncatewords(item.text, 12)}”"

    def item_description(self, item):
        question = item.question and format_html(
            "<p><strong>Question:</strong> {}</p>", item.question.text
        )
        return (question or "") + linebreaks(item.text, autoescape=True)

    def item_author_name(self, item):
        return item.speaker.name

    def item_pubdate(self, item):
        return said_on(item.interview)

    def item_updateddate(self, item):
        return item.interview.updated_at
