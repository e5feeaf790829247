"""Editors' corrections to a parse: turns, speakers, re-parsing; and the change log.

Each form posts one change; the change is made by archive.editing.edits, which says
in an EditError why it cannot be made. The editor always lands back on the review
page, at the turn or speaker concerned.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from archive import history
from archive.editing import edits
from archive.editing.forms import (
    MergeForm,
    ReassignForm,
    RenameForm,
    ReparseForm,
    SplitForm,
    TurnTextForm,
)
from archive.editing.views import editor_required
from archive.models import Interview, Speaker, Topic

TURN_ACTIONS = {
    "edit": "Text saved.",
    "reassign": "Speaker changed.",
    "split": "Split in two.",
    "join": "Joined with the next turn.",
    "question": "Marked as a question.",
    "answer": "Marked as an answer.",
}


@require_POST
@editor_required()
def turn(request, pk, key):
    action = request.POST.get("action", "")
    if action not in TURN_ACTIONS:
        messages.error(request, "Unknown change.")
        return redirect("editor-review", pk=pk)
    try:
        with transaction.atomic():
            anchor = _change_turn(_lock(pk), key, action, request.POST)
    except edits.EditError as exc:
        messages.error(request, str(exc))
        anchor = key
    else:
        messages.success(request, TURN_ACTIONS[action])
    return _back(pk, anchor)


def _change_turn(interview, key, action, data):
    """Make the change; return where the page should scroll to."""
    if action in ("join", "question", "answer"):
        if action == "join":
            edits.join_next(interview, key)
        else:
            edits.set_question(interview, key, action == "question")
        return "turns"
    if action == "split":
        form = _valid(SplitForm(data))
        edits.split(interview, key, form.cleaned_data["paragraph"])
        return "turns"
    turn = edits.get_turn(interview, key)
    if action == "edit":
        edits.edit_text(turn, _valid(TurnTextForm(data)).cleaned_data["text"])
    else:
        edits.reassign(turn, _valid(ReassignForm(data)).cleaned_data["speaker"])
    return key


@require_POST
@editor_required()
def speaker(request, pk, speaker_pk):
    try:
        with transaction.atomic():
            interview = _lock(pk)
            person = get_object_or_404(edits.people_in(interview), pk=speaker_pk)
            done = _change_speaker(interview, person, request.POST)
    except edits.EditError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return _back(pk, "people")


def _change_speaker(interview, person, data):
    action = data.get("action", "")
    if action == "rename":
        old = person.name
        edits.rename(person, _valid(RenameForm(data)).cleaned_data["name"])
        return f"“{old}” renamed to “{person.name}”."
    if action == "merge":
        into = _valid(MergeForm(data)).cleaned_data["into"]
        target = Speaker.objects.resolve(into)
        if target is None:
            raise edits.EditError(f"Nobody called “{into}” is known: rename instead.")
        edits.merge(interview, person, target)
        return f"“{person.name}” merged into “{target.name}”."
    raise edits.EditError("Unknown change.")


@editor_required()
def reparse(request, pk):
    interview = get_object_or_404(Interview, pk=pk)
    form = ReparseForm(request.POST or None, initial={"raw_text": interview.raw_text})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                interview = _lock(pk)
                doc = edits.reparse(
                    interview, form.cleaned_data["raw_text"], topics=list(Topic.objects.all())
                )
        except edits.EditError as exc:
            form.add_error("raw_text", str(exc))
        else:
            messages.success(
                request,
                f"Parsed again: {len(doc.exchanges)} exchange(s). The original upload is kept.",
            )
            return redirect("editor-review", pk=pk)
    status = 400 if form.errors else 200
    return render(
        request, "archive/editor/reparse.html", {"interview": interview, "form": form},
        status=status,
    )


@editor_required()
def changes(request, pk):
    interview = get_object_or_404(Interview, pk=pk)
    return render(
        request,
        "archive/editor/history.html",
        {"interview": interview, "changes": history.changes_of(interview)},
    )


def _lock(pk):
    """The interview, locked until the change commits: two editors' changes to one
    transcript take turns instead of rebuilding it from the same stale state."""
    return get_object_or_404(Interview.objects.select_for_update(), pk=pk)


def _valid(form):
    if not form.is_valid():
        problems = "; ".join(e for errors in form.errors.values() for e in errors)
        raise edits.EditError(problems)
    return form


def _back(pk, anchor):
    return redirect(f"{reverse('editor-review', args=[pk])}#{anchor}")
