"""Pages for readers: the home page, interviews and their answers."""

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.generic import DetailView, ListView, TemplateView

from archive.citations import citations
from archive.forms import InterviewFilterForm
from archive.models import Answer, Country, Interview, Speaker, Topic
from archive.search.related import related_answers
from archive.views.paging import ForgivingPagination

# Press conferences with at least this many questions get a table of questions.
TABLE_OF_QUESTIONS_FROM = 6


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        published = Interview.objects.published()
        return super().get_context_data(
            latest=published.for_listing()[:10],
            topics=Topic.objects.in_use(),
            countries=Country.objects.in_use().order_by("-n", "name")[:24],
            speakers=Speaker.objects.published()
            .with_statement_counts()
            .filter(statement_count__gt=0)
            .order_by("-statement_count", "name")[:12],
            years=[row for row in published.counts_by("year") if row["period"]][::-1],
            **kwargs,
        )


class InterviewListView(ForgivingPagination, ListView):
    template_name = "archive/interview_list.html"
    paginate_by = 25

    def get_queryset(self):
        self.form = InterviewFilterForm(self.request.GET)
        return Interview.objects.published().for_listing().filter_by(**self.form.filters())

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class InterviewDetailView(DetailView):
    template_name = "archive/interview_detail.html"

    def get_queryset(self):
        return Interview.objects.published().for_listing().with_conversation()

    def get_context_data(self, **kwargs):
        conversation = self.object.conversation()
        questions = [q for q, _ in conversation if q]
        # Those who answered or spoke: askers, and turns that only hand over or
        # thank, make nobody a participant.
        people = {a.speaker for _, answers in conversation for a in answers
                  if a.speaker and not a.is_muted}
        return super().get_context_data(
            conversation=conversation,
            has_questions=bool(questions),
            table_of_questions=questions if len(questions) >= TABLE_OF_QUESTIONS_FROM else [],
            participants=sorted(people, key=lambda s: s.name),
            **kwargs,
        )


class AnswerDetailView(DetailView):
    template_name = "archive/answer_detail.html"
    context_object_name = "answer"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Answer.objects.published().for_listing().select_related("question__asker"),
            interview__slug=self.kwargs["slug"],
            position=self.kwargs["position"],
        )

    def get_context_data(self, **kwargs):
        answer = self.object
        previous, following = answer.neighbours()
        permalink = self.request.build_absolute_uri(answer.get_absolute_url())
        return super().get_context_data(
            interview=answer.interview,
            previous=previous,
            next=following,
            permalink=permalink,
            citations=citations(answer, permalink, timezone.localdate()),
            related=related_answers(answer),
            **kwargs,
        )
