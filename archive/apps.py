from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Diplomatic statements archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # `check --deploy` warns when rate limits would not be shared by workers;
        # history stamps `Interview.corrected_at` when a published transcript changes.
        from archive import checks, history  # noqa: F401
