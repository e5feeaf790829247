"""The admin's history pages (django-simple-history) for an address that names no
record: 404, as Django's own admin pages answer, not the 500 that simple-history
gives for an id that is not a number (django-simple-history issue 1108)."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin that checks the ids in the address before looking them up."""

    def history_view(self, request, object_id, extra_context=None):
        _check(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        _check(self.model._meta.pk, unquote(object_id))
        _check(history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _check(field, value):
    try:
        field.to_python(value)
    except ValidationError:
        raise Http404(f"No record has the id {value[:40]!r}.") from None
