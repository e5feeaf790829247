"""What interviews are about and who speaks in them: topics, countries, speakers."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from archive.models import Answer, Country, Interview, Speaker, Topic


def year_rows(interviews, answers):
    """Rows of (year or None, interviews, statements), newest first, undated last."""
    counted = {row["period"]: [row["n"], 0] for row in interviews.counts_by("year")}
    for row in answers.counts_by_year():
        counted.setdefault(row["period"], [0, 0])[1] = row["n"]
    years = sorted((p for p in counted if p), reverse=True)
    return [(p and p.year, *counted[p]) for p in years + ([None] if None in counted else [])]


class TopicListView(ListView):
    template_name = "archive/topic_list.html"
    queryset = Topic.objects.in_use()


class CountryListView(ListView):
    template_name = "archive/country_list.html"
    queryset = Country.objects.in_use()


class SpeakerListView(ListView):
    template_name = "archive/speaker_list.html"
    paginate_by = 100
    queryset = Speaker.objects.published().with_statement_counts().select_related("country")


class SubjectView(ListView):
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

    def get_context_data(self, **kwargs):
        about = Interview.objects.published().filter_by(**self.about)
        return super().get_context_data(
            subject=self.subject,
            year=int(self.year) if self.year else None,
            years=year_rows(about, Answer.objects.published().filter(interview__in=about)),
            **{self.subject_model._meta.model_name: self.subject},
            **kwargs,
        )


class TopicDetailView(SubjectView):
    subject_model = Topic
    template_name = "archive/topic_detail.html"


class CountryDetailView(SubjectView):
    subject_model = Country
    template_name = "archive/country_detail.html"

    def get_context_data(self, **kwargs):
        officials = Speaker.objects.published().filter(country=self.subject)
        return super().get_context_data(officials=officials, **kwargs)


class SpeakerDetailView(ListView):
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
