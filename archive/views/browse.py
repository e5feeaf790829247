"""Pages for readers: interviews, their answers, and who and what they concern."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from archive.models import Answer, Country, Interview, Question, Speaker, Topic

PUBLISHED = Q(interviews__status=Interview.Status.PUBLISHED)


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            latest=Interview.objects.published().for_listing()[:10],
            topics=Topic.objects.annotate(n=Count("interviews", filter=PUBLISHED)).filter(n__gt=0),
            countries=Country.objects.annotate(n=Count("interviews", filter=PUBLISHED))
            .filter(n__gt=0)
            .order_by("-n", "name")[:30],
            **kwargs,
        )


class InterviewListView(ListView):
    template_name = "archive/interview_list.html"
    paginate_by = 25

    def get_queryset(self):
        return Interview.objects.published().for_listing()


class InterviewDetailView(DetailView):
    template_name = "archive/interview_detail.html"

    def get_queryset(self):
        return (
            Interview.objects.published()
            .for_listing()
            .prefetch_related(
                Prefetch("questions", queryset=Question.objects.select_related("asker")),
                Prefetch("answers", queryset=Answer.objects.select_related("speaker")),
            )
        )

    def get_context_data(self, **kwargs):
        interview = self.object
        answers_by_question = {}
        openings = []
        for answer in interview.answers.all():
            if answer.question_id:
                answers_by_question.setdefault(answer.question_id, []).append(answer)
            else:
                openings.append(answer)
        exchanges = [(q, answers_by_question.get(q.pk, [])) for q in interview.questions.all()]
        speakers = {a.speaker for a in interview.answers.all() if a.speaker}
        return super().get_context_data(
            openings=openings,
            exchanges=exchanges,
            participants=sorted(speakers, key=lambda s: s.name),
            **kwargs,
        )


class AnswerDetailView(DetailView):
    template_name = "archive/answer_detail.html"
    context_object_name = "answer"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Answer.objects.published().for_listing(),
            interview__slug=self.kwargs["slug"],
            position=self.kwargs["position"],
        )


class SpeakerDetailView(DetailView):
    model = Speaker
    template_name = "archive/speaker_detail.html"

    def get_context_data(self, **kwargs):
        answers = Answer.objects.published().for_listing().filter(speaker=self.object)
        return super().get_context_data(
            answers=answers.order_by("-interview__date", "position")[:20],
            answer_count=answers.count(),
            **kwargs,
        )


class TopicDetailView(DetailView):
    model = Topic
    template_name = "archive/topic_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            interviews=Interview.objects.published().for_listing().filter(topics=self.object),
            **kwargs,
        )


class CountryDetailView(DetailView):
    model = Country
    template_name = "archive/country_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            interviews=Interview.objects.published().for_listing().filter(countries=self.object),
            **kwargs,
        )
