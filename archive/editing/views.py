"""The editors' area: upload a transcript, review the parse, publish it.

Staff only. Anonymous visitors are sent to log in; signed-in users without the
permission get 403. Logic lives in archive.ingest (importer, edits); these views
turn requests into calls and results into messages.
"""

import io
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from archive.editing import edits
from archive.editing.forms import DetailsForm, UploadForm
from archive.ingest.formats import LABELS
from archive.ingest.importer import (
    ImportOutcome,
    import_upload,
    same_title_and_date,
    store_upload,
)
from archive.models import PUBLISH_PERMISSION as PUBLISH
from archive.models import Interview, PublishError, Topic, Upload
from archive.views.paging import paginate

EDIT = "archive.change_interview"


def editor_required(permission=EDIT):
    """Staff with `permission`; log in first if anonymous, 403 otherwise."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff and user.has_perm(permission)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


@editor_required()
def home(request):
    status = request.GET.get("status", "")
    interviews = (
        Interview.objects.select_related("source", "uploaded_by")
        .annotate(answer_count=Count("answers"))
        .order_by("-updated_at", "-pk")
    )
    if status in Interview.Status.values:
        interviews = interviews.filter(status=status)
    page = paginate(request, interviews, 50)
    unread = (
        Upload.objects.filter(interview=None).defer("data").select_related("uploaded_by")[:20]
    )
    return render(
        request,
        "archive/editor/home.html",
        {"page_obj": page, "status": status, "statuses": Interview.Status.choices,
         "unread": unread},
    )


@editor_required("archive.add_interview")
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, filename = form.payload()
        kept = store_upload(data, filename, request.user)
        outcome = import_upload(
            kept,
            source_name=form.source_name(),
            date=form.cleaned_data["date"],
            kind=form.cleaned_data["kind"],
            language=form.cleaned_data["language"],
            topics=list(Topic.objects.all()),
            user=request.user,
        )
        if outcome.status != ImportOutcome.FAILED:
            return _after_upload(request, outcome)
        form.add_error(
            None,
            f"“{filename}” could not be read: {outcome.message} "
            "The file is kept among the uploads that could not be read.",
        )
    return render(request, "archive/editor/upload.html", {"form": form}, status=_status(form))


def _after_upload(request, outcome):
    interview = outcome.interview
    if outcome.status == ImportOutcome.DUPLICATE:
        messages.warning(
            request, f"This transcript is already in the archive as “{interview.title}”."
        )
    else:
        counts = f"{interview.questions.count()} question(s), {interview.answers.count()} answer(s)"
        messages.success(request, f"Parsed: {counts}. Review it before publishing.")
    return redirect("editor-review", pk=interview.pk)


def _status(form):
    return 400 if form.is_bound and form.errors else 200


@editor_required()
def upload_download(request, pk):
    kept = get_object_or_404(Upload, pk=pk)
    # Always a download: an uploaded web page must never run as part of this site.
    return FileResponse(
        io.BytesIO(kept.data),
        as_attachment=True,
        filename=kept.filename if "." in kept.filename else f"{kept.filename}.txt",
        content_type="application/octet-stream",
    )


@require_POST
@editor_required("archive.add_interview")
def upload_retry(request, pk):
    kept = get_object_or_404(Upload.objects.filter(interview=None), pk=pk)
    outcome = import_upload(kept, topics=list(Topic.objects.all()), user=request.user)
    if outcome.status == ImportOutcome.FAILED:
        messages.error(request, f"“{kept.filename}” still cannot be read: {outcome.message}")
        return redirect("editor-home")
    return _after_upload(request, outcome)


@editor_required()
def review(request, pk):
    interview = get_object_or_404(_for_review(), pk=pk)
    # The form works on its own copy: an invalid form must not change the page's.
    form = DetailsForm(request.POST or None, instance=Interview.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        edits.update_details(interview, **form.changes())
        if request.POST.get("action") != "publish":
            messages.success(request, "Saved.")
            return redirect("editor-review", pk=pk)
        return _publish(request, interview)
    return render(
        request, "archive/editor/review.html", _review_context(interview, form),
        status=_status(form),
    )


def _for_review():
    return (
        Interview.objects.select_related("source", "uploaded_by")
        .with_conversation()
        .prefetch_related("topics", "countries")
    )


def _review_context(interview, form):
    return {
        "interview": interview,
        "form": form,
        "rows": _rows(interview),
        "people": edits.people_in(interview).order_by("name"),
        "duplicates": same_title_and_date(interview).select_related("source")[:5],
        "uploads": _labelled(interview.uploads.defer("data")),
    }


def _labelled(uploads):
    uploads = list(uploads)
    for kept in uploads:
        kept.format_label = LABELS.get(kept.content_type, kept.content_type)
    return uploads


def _rows(interview):
    """Each turn in reading order with what the editing controls need."""
    rows = []
    for question, answers in interview.conversation():
        turns = ([question] if question else []) + list(answers)
        for turn in turns:
            rows.append(
                {
                    "turn": turn,
                    "key": edits.turn_key(turn),
                    "is_question": turn is question,
                    "starts": turn is turns[0],
                    "name": _name(turn, turn is question),
                    "paragraphs": turn.text.split("\n\n"),
                }
            )
    for row, following in zip(rows, rows[1:], strict=False):
        row["joinable"] = following["is_question"] == row["is_question"]
    return rows


def _name(turn, is_question):
    if is_question:
        return turn.asker_name
    return turn.speaker.name if turn.speaker else "Unknown speaker"


@require_POST
@editor_required(PUBLISH)
def publish(request, pk):
    return _publish(request, get_object_or_404(Interview, pk=pk))


def _publish(request, interview):
    if not request.user.has_perm(PUBLISH):
        messages.error(request, "Saved as a draft: you may not publish.")
        return redirect("editor-review", pk=interview.pk)
    try:
        interview.publish(request.user)
    except PublishError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Published: readers can now see it and find it in search.")
    return redirect("editor-review", pk=interview.pk)


@require_POST
@editor_required(PUBLISH)
def unpublish(request, pk):
    interview = get_object_or_404(Interview, pk=pk)
    interview.unpublish(request.user)
    messages.success(request, "Unpublished: readers no longer see it, nor find it in search.")
    return redirect("editor-review", pk=pk)


@require_POST
@editor_required("archive.delete_interview")
def discard(request, pk):
    interview = get_object_or_404(Interview, pk=pk)
    if interview.was_published:
        messages.error(request, "A published transcript cannot be discarded: unpublish it.")
        return redirect("editor-review", pk=pk)
    with transaction.atomic():
        speakers = edits.speaker_ids(interview)
        interview.delete()
        edits.drop_orphans(speakers)
    messages.success(request, f"Discarded “{interview.title}”; its upload is kept.")
    return redirect("editor-home")
