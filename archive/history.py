"""What changed in a transcript, by whom and when; and when readers last saw it corrected.

django-simple-history writes a historical row for every save and delete of an
interview, question or answer. Here those rows are read back as a change log, and
every change that reaches a transcript after its first publication stamps the
interview's `corrected_at`, which the reader pages show without a query of their own.
"""

from dataclasses import dataclass, field
from itertools import groupby

from archive.models import Answer, Interview, Question, Speaker

# Changing these is publishing or bookkeeping, not correcting the transcript.
NOT_CORRECTIONS = {"status", "published_at", "checksum", "parse_warnings", "uploaded_by"}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}


def note_correction(sender, instance, history_instance, **kwargs):
    if isinstance(instance, Interview):
        if instance.published_at is None or history_instance.history_type == "+":
            return
        interview_id = instance.pk
    elif isinstance(instance, Answer | Question):
        cached = instance._state.fields_cache.get("interview")
        if cached is not None and cached.published_at is None:
            return  # a draft being written: no need to ask the database
        interview_id = instance.interview_id
    else:
        return
    if history_instance.history_type == "~" and not changed_fields(history_instance):
        return
    when = history_instance.history_date
    Interview.objects.filter(pk=interview_id, published_at__lt=when).update(corrected_at=when)


def changed_fields(record, previous=None):
    """Names of the fields that `record` changed, against the record before it."""
    previous = previous or record.prev_record
    if previous is None:
        return []
    return record.diff_against(previous, excluded_fields=NOT_CORRECTIONS).changed_fields


@dataclass
class Change:
    """One historical row, readable: "Answer 3 changed by anna: text"."""

    when: object
    who: object
    what: str
    action: str
    reason: str = ""
    fields: list = field(default_factory=list)  # (name, old, new)


def changes_of(interview):
    """Every recorded change to the interview and its turns, newest first."""
    histories = [
        (interview.history.all(), lambda r: "Details"),
        (Question.history.filter(interview_id=interview.pk), lambda r: f"Question {r.position}"),
        (Answer.history.filter(interview_id=interview.pk), lambda r: f"Answer {r.position}"),
    ]
    changes = []
    for records, describe in histories:
        records = records.select_related("history_user").order_by("id", "history_date", "pk")
        for _, rows in groupby(records, key=lambda r: r.id):
            previous = None
            for record in rows:
                changes.append(_change(record, previous, describe(record)))
                previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    _name_people(changes)
    return changes


def _name_people(changes):
    """Show who a turn was attributed to by name, not by id."""
    ids = {v for c in changes for f, *values in c.fields if f in ("speaker", "asker")
           for v in values if v}
    names = dict(Speaker.objects.filter(pk__in=ids).values_list("pk", "name"))
    for change in changes:
        change.fields = [
            (f, names.get(old, old), names.get(new, new)) if f in ("speaker", "asker")
            else (f, old, new)
            for f, old, new in change.fields
        ]


def _change(record, previous, what):
    fields = []
    if previous is not None and record.history_type == "~":
        delta = record.diff_against(previous, excluded_fields={"checksum"})
        fields = [(c.field, c.old, c.new) for c in delta.changes]
    return Change(
        when=record.history_date,
        who=record.history_user,
        what=what,
        action=ACTIONS.get(record.history_type, record.history_type),
        reason=record.history_change_reason or "",
        fields=fields,
    )
