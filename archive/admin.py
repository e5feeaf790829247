from django.contrib import admin, messages
from django.db import models

from archive.admin_history import HistoryAdmin
from archive.models import (
    PUBLISH_PERMISSION,
    Answer,
    Country,
    Interview,
    Outlet,
    PendingIndexUpdate,
    PublishError,
    Question,
    Role,
    Source,
    Speaker,
    SpeakerName,
    Topic,
    Upload,
)


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    autocomplete_fields = ["asker"]
    fields = ["position", "kind", "label", "asker", "asker_label", "outlet", "text"]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    autocomplete_fields = ["speaker", "question"]
    fields = ["position", "kind", "label", "speaker", "question", "interpreted", "text"]


@admin.register(Interview)
class InterviewAdmin(HistoryAdmin):
    list_display = ["title", "kind", "date", "date_precision", "source", "language", "status"]
    list_filter = ["status", "kind", "language", "source", "date_precision"]
    list_select_related = ["source"]
    search_fields = ["title", "location", "slug"]
    date_hierarchy = "date"
    autocomplete_fields = ["topics", "countries", "source"]
    # Publishing goes through Interview.publish() (the actions below), which checks
    # the date and needs the publish permission; the status is not edited by hand.
    readonly_fields = [
        "checksum", "created_at", "updated_at", "uploaded_by", "status", "published_at",
        "corrected_at",
    ]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # as Django 6 will
    inlines = [QuestionInline, AnswerInline]
    actions = ["publish", "unpublish"]

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        # Readers may have cited a published transcript: taking it away is more
        # than unpublishing it. Checked per row, in the bulk action too.
        if obj is not None and obj.was_published and not self.has_publish_permission(request):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        """No form changes the status, whoever sends it: the history's revert brings
        back a version's text and details, not whether it was published."""
        if change:
            stored = Interview.objects.filter(pk=obj.pk).values("status", "published_at").first()
            stored = stored or {"status": Interview.Status.DRAFT, "published_at": None}
            if stored["status"] != obj.status:
                self.message_user(
                    request,
                    f"The status stays “{Interview.Status(stored['status']).label}”: "
                    "publish or unpublish with the actions of the list of interviews.",
                    messages.WARNING,
                )
            obj.status, obj.published_at = stored["status"], stored["published_at"]
        super().save_model(request, obj, form, change)

    @admin.action(description="Publish the selected interviews", permissions=["publish"])
    def publish(self, request, queryset):
        for interview in queryset:
            try:
                interview.publish(request.user)
            except PublishError as exc:
                self.message_user(request, f"{interview}: {exc}", messages.ERROR)

    @admin.action(description="Unpublish the selected interviews", permissions=["publish"])
    def unpublish(self, request, queryset):
        for interview in queryset:
            interview.unpublish(request.user)


class SpeakerNameInline(admin.TabularInline):
    model = SpeakerName
    extra = 1
    fields = ["name", "language"]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["country"]
    fields = ["title", "title_zh", "organisation", "country", "start", "end", "precision",
              "addressed_as", "origin"]


@admin.register(Speaker)
class SpeakerAdmin(HistoryAdmin):
    """Editors extend the curated officials here: name forms in every language and
    offices over time. Merging and splitting speakers: `archive.people`."""

    list_display = ["name", "role", "organisation", "country", "kind", "curated"]
    list_filter = ["kind", "curated", "country"]
    list_select_related = ["country"]
    search_fields = ["name", "role", "organisation", "names__name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerNameInline, RoleInline]
    actions = ["merge"]

    @admin.action(description="Merge the selected speakers into one person")
    def merge(self, request, queryset):
        from archive.people import merge_speakers

        # Into the curated one, else the one who says most: the name editors expect.
        chosen = sorted(
            queryset.annotate(n=models.Count("answers")),
            key=lambda s: (not s.curated, -s.n, s.pk),
        )
        if len(chosen) < 2:
            self.message_user(request, "Select two or more speakers to merge.", messages.ERROR)
            return
        into = chosen[0]
        for speaker in chosen[1:]:
            merge_speakers(speaker, into)
        self.message_user(request, f"Merged {len(chosen) - 1} speaker(s) into {into}. "
                                   "To undo: manage.py split_speaker.")


@admin.register(Outlet)
class OutletAdmin(HistoryAdmin):
    list_display = ["name", "country"]
    search_fields = ["name", "names"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Question)
class QuestionAdmin(HistoryAdmin):
    list_display = ["__str__", "interview", "position", "kind", "asker", "outlet"]
    list_filter = ["kind"]
    list_select_related = ["interview", "asker", "outlet"]
    search_fields = ["text", "asker_label", "label"]
    autocomplete_fields = ["interview", "asker", "outlet"]
    readonly_fields = ["stage_directions"]


@admin.register(Answer)
class AnswerAdmin(HistoryAdmin):
    list_display = ["__str__", "interview", "position", "kind", "speaker"]
    list_filter = ["kind", "speaker__kind"]
    list_select_related = ["interview", "speaker"]
    search_fields = ["text", "speaker__name", "label"]
    autocomplete_fields = ["interview", "speaker", "question"]
    readonly_fields = ["stage_directions"]


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


@admin.register(Upload)
class UploadAdmin(admin.ModelAdmin):
    """Uploads are kept as they came: viewed here, made through the editor's upload."""

    list_display = ["filename", "content_type", "size", "interview", "uploaded_by", "created_at"]
    list_filter = ["content_type"]
    list_select_related = ["interview", "uploaded_by"]
    search_fields = ["filename", "sha256"]
    fields = ["filename", "content_type", "size", "sha256", "error", "interview", "uploaded_by",
              "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing an editor uploaded is ever lost


@admin.register(PendingIndexUpdate)
class PendingIndexUpdateAdmin(admin.ModelAdmin):
    """Search updates not yet applied: normally empty; rows that stay here mean the
    index writer is failing (see `manage.py sync_index` and `check_index`)."""

    list_display = ["identifier", "queued_at"]
    search_fields = ["identifier"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
