from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Diplomatic statements archive"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Stamps `Interview.corrected_at` when a published transcript changes.
        from archive import history  # noqa: F401
