"""What interviews are about and who speaks in them: topics, countries, speakers."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from archive.models import Answer, Country, Interview, Speaker, Topic
from archive.views.initials import group_by_letter, letter_index, read_letter, under_letter
from archive.views.paging import ForgivingPagination, paginate

# A country page names at most this many of its speakers (a UN member has hundreds).
OFFICIALS_SHOWN = 40


def year_rows(*counts):
    """Rows of (year or None, [n in each of `counts`]), newest first, undated last;
    each of `counts` is rows of {"period": date or None, "n": count}."""
    counted = {}
    for i, rows in enumerate(counts):
        for row in rows:
            counted.setdefault(row["period"], [0] * len(counts))[i] = row["n"]
    years = sorted((p for p in counted if p), reverse=True)
    return [(p and p.year, counted[p]) for p in years + ([None] if None in counted else [])]


class TopicListView(ListView):
    template_name = "archive/topic_list.html"
    queryset = Topic.objects.in_use()


class CountryListView(ListView):
    """Every country that speaks or is spoken of (a few hundred): all on one page,
    under their initials, with an A–Z index."""

    template_name = "archive/country_list.html"

    def get_queryset(self):
        return Country.objects.listed()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["groups"] = group_by_letter(context["object_list"])
        return context


class SpeakerListView(ForgivingPagination, ListView):
    """Speakers (thousands, with the UN General Debate) a page at a time, with an
    index of initials; `?letter=K` lists one initial."""

    template_name = "archive/speaker_list.html"
    paginate_by = 100

    def get_queryset(self):
        speakers = Speaker.objects.published()
        self.index = letter_index(speakers)
        self.letter = read_letter(self.request.GET.get("letter"))
        if self.letter:
            speakers = under_letter(speakers, self.index, self.letter)
        return speakers.with_statement_counts().select_related("country").order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(index=self.index, letter=self.letter, **kwargs)
        context["groups"] = group_by_letter(context["object_list"])
        return context


class SubjectView(ForgivingPagination, ListView):
    """Published interviews about one topic or country, newest first, optionally in
    one year (`?year=2020`), with the interviews and statements of every year."""

    subject_model = None  # Topic or Country; its `interviews` are listed
    paginate_by = 25

    def get_queryset(self):
        self.subject = get_object_or_404(self.subject_model, slug=self.kwargs["slug"])
        self.about = {self.subject_model._meta.model_name: self.subject}
        self.year = self.request.GET.get("year", "")
        if self.year and not (self.year.isdigit() and len(self.year) == 4):
            raise Http404("A year is four digits, like 2020.")
        return Interview.objects.published().for_listing().filter_by(**self.about, year=self.year)

    def year_counts(self):
        """(column titles, rows) of the table of years."""
        about = Interview.objects.published().filter_by(**self.about)
        statements = Answer.objects.published().filter(interview__in=about)
        return (["Interviews", "Statements"],
                year_rows(about.counts_by("year"), statements.counts_by_year()))

    def get_context_data(self, **kwargs):
        columns, years = self.year_counts()
        return super().get_context_data(
            subject=self.subject,
            year=int(self.year) if self.year else None,
            year_columns=columns,
            years=years,
            **{self.subject_model._meta.model_name: self.subject},
            **kwargs,
        )


class TopicDetailView(SubjectView):
    subject_model = Topic
    template_name = "archive/topic_detail.html"


class CountryDetailView(SubjectView):
    """What a country said (`own_page`), apart from what mentions it (`page`)."""

    subject_model = Country
    template_name = "archive/country_detail.html"
    own_per_page = 25

    def year_counts(self):
        mentions = Interview.objects.published().filter_by(country=self.subject)
        own = Interview.objects.published().spoken_by(self.subject)
        return (["Its own statements", "Interviews mentioning it"],
                year_rows(own.counts_by("year"), mentions.counts_by("year")))

    def get_context_data(self, **kwargs):
        own = (Interview.objects.published().spoken_by(self.subject)
               .filter_by(year=self.year).for_listing().order_by("-date", "-pk"))
        officials = list(Speaker.objects.published().filter(country=self.subject)
                         [:OFFICIALS_SHOWN + 1])
        return super().get_context_data(
            own_page=paginate(self.request, own, self.own_per_page, param="own_page"),
            officials=officials[:OFFICIALS_SHOWN],
            more_officials=len(officials) > OFFICIALS_SHOWN,
            **kwargs,
        )


class SpeakerDetailView(ForgivingPagination, ListView):
    """A speaker's answers and statements, latest first (askers have no page)."""

    template_name = "archive/speaker_detail.html"
    paginate_by = 20

    def get_queryset(self):
        self.speaker = get_object_or_404(
            Speaker.objects.published().with_statement_counts().select_related("country"),
            slug=self.kwargs["slug"],
        )
        return (Answer.objects.published().for_listing().spoken()
                .filter(speaker=self.speaker).newest_first())

    def get_context_data(self, **kwargs):
        return super().get_context_data(speaker=self.speaker, **kwargs)
