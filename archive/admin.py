from django.contrib import admin

from archive.models import Answer, Country, Interview, Question, Source, Speaker, Topic


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    autocomplete_fields = ["asker"]
    fields = ["position", "asker", "asker_label", "text"]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    autocomplete_fields = ["speaker", "question"]
    fields = ["position", "speaker", "question", "text"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "date_precision", "source", "language", "status"]
    list_filter = ["status", "kind", "language", "source", "date_precision"]
    list_select_related = ["source"]
    search_fields = ["title", "location", "slug"]
    date_hierarchy = "date"
    autocomplete_fields = ["topics", "countries", "source"]
    readonly_fields = ["checksum", "created_at", "updated_at", "uploaded_by"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [QuestionInline, AnswerInline]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "organisation", "country", "kind"]
    list_filter = ["kind", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "role", "organisation"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "interview", "position", "asker"]
    list_select_related = ["interview", "asker"]
    search_fields = ["text", "asker_label"]
    autocomplete_fields = ["interview", "asker"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["__str__", "interview", "position", "speaker"]
    list_filter = ["speaker__kind"]
    list_select_related = ["interview", "speaker"]
    search_fields = ["text", "speaker__name"]
    autocomplete_fields = ["interview", "speaker", "question"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "official_name"]
    search_fields = ["name", "code", "official_name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
