from django.apps import AppConfig
from django.core import checks as system_checks
from django.db.models.signals import post_delete, post_save


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Diplomatic statements archive"
    default_auto_field = "django.db.models.BigAutoField"
    signal_processor = None

    def ready(self):
        """Every receiver, check and patch of the archive is connected here, none by
        importing a module."""
        from haystack import connection_router, connections
        from simple_history.signals import post_create_historical_record

        from archive import checks, history
        from archive.search import accel, results
        from archive.search.signals import QueuedSignalProcessor

        # `check --deploy` warns when rate limits would not be shared by workers, and
        # when clients could reach gunicorn behind the proxies' backs.
        for check in (checks.check_shared_cache, checks.check_proxy_bind):
            system_checks.register(check, system_checks.Tags.security, deploy=True)
        # A published transcript that changes is stamped `Interview.corrected_at`.
        post_create_historical_record.connect(history.note_correction,
                                              dispatch_uid="archive.note_correction")
        # Every change to what a search document shows is queued for the index. Kept
        # here, and made once: signals hold its receivers (bound methods) weakly.
        if self.signal_processor is None:
            self.signal_processor = QueuedSignalProcessor(connections, connection_router)
        # A facet's names are cached; a row that changes drops them.
        for model, _ in results.NAMED.values():
            for signal in (post_save, post_delete):
                signal.connect(results.forget_names, sender=model,
                               dispatch_uid=f"archive.forget_names.{signal is post_save}"
                                            f".{model._meta.label_lower}")
        # On another Whoosh than the accelerator reads, this refuses to start.
        accel.start()
