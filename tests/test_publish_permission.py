"""Only those with the publish permission change what readers see, whichever door they
use: the admin's forms, its history revert, its actions, its delete, the editor area.
Editors (the Editors group: change, not publish) keep everything else."""

import pytest
from django.contrib.admin import site
from django.contrib.auth.models import User
from django.test import RequestFactory

from archive.models import Interview, PublishError, PublishPermissionDenied
from tests.factories import make_exchange, make_interview, make_user

pytestmark = pytest.mark.django_db

STAYS = "The status stays"


@pytest.fixture
def chief(client):
    """A client signed in as an editor who may publish."""
    client.force_login(make_user("chief", groups=["Editors"], perms=["publish_interview"]))
    return client


def interview_with_a_statement(published):
    interview = make_interview("Wang Yi meets the press", published=published)
    make_exchange(interview)
    return Interview.objects.get(pk=interview.pk)


def admin_form_data(interview, **changes):
    """What the admin's form for `interview` posts back unchanged, plus `changes`."""
    admin = site._registry[Interview]
    request = RequestFactory().get("/")
    request.user = User(is_superuser=True)  # sees every field the form has
    form = admin.get_form(request, interview)(instance=interview)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return {**data, **changes}


def version(interview, status):
    """The history's record of `interview` when it had `status`."""
    return interview.history.filter(status=status).order_by("history_date").first()


def revert(client, interview, record):
    """Post the history's "Revert" form of `record`, as the admin shows it."""
    url = f"/admin/archive/interview/{interview.pk}/history/{record.history_id}/"
    return client.post(url, admin_form_data(record.instance), follow=True)


def status_of(interview):
    return Interview.objects.values_list("status", "published_at").get(pk=interview.pk)


# --- the admin's history revert ---------------------------------------------------------


def test_an_editor_reverting_to_a_draft_version_does_not_unpublish(editor):
    interview = interview_with_a_statement(published=False)
    interview.publish()
    before = status_of(interview)
    response = revert(editor, interview, version(interview, "draft"))
    assert response.status_code == 200
    assert f"{STAYS} “Published”" in response.content.decode()
    assert status_of(interview) == before


def test_an_editor_reverting_to_a_published_version_does_not_publish(editor):
    interview = interview_with_a_statement(published=False)
    interview.publish()
    interview.unpublish()
    revert(editor, interview, version(interview, "published"))
    assert status_of(interview)[0] == Interview.Status.DRAFT


def test_a_revert_still_brings_back_the_text_and_details(editor):
    interview = interview_with_a_statement(published=True)
    interview.title = "A later title"
    interview.save()
    old = interview.history.order_by("history_date").first()
    revert(editor, interview, old)
    interview.refresh_from_db()
    assert interview.title == "Wang Yi meets the press" and interview.is_published


def test_not_even_a_publisher_publishes_by_reverting(chief):
    """Publishing checks the date and the statements; a revert would skip them."""
    interview = interview_with_a_statement(published=False)
    interview.publish()
    interview.unpublish()
    response = revert(chief, interview, version(interview, "published"))
    assert f"{STAYS} “Draft”" in response.content.decode()
    assert status_of(interview)[0] == Interview.Status.DRAFT


def test_a_deleted_published_interview_comes_back_as_a_draft(chief):
    interview = interview_with_a_statement(published=True)
    record = interview.history.first()
    pk = interview.pk
    Interview.objects.filter(pk=pk).delete()
    revert(chief, interview, record)
    assert Interview.objects.get(pk=pk).status == Interview.Status.DRAFT


# --- the admin's change form, actions and delete ---------------------------------------


def test_a_crafted_change_form_cannot_set_the_status(editor):
    interview = interview_with_a_statement(published=False)
    data = admin_form_data(
        interview, status="published",
        published_at="2020-01-01 00:00:00",
        **{f"{prefix}-{key}": "0" for prefix in ("questions", "answers")
           for key in ("TOTAL_FORMS", "INITIAL_FORMS")},
    )
    response = editor.post(f"/admin/archive/interview/{interview.pk}/change/", data)
    assert response.status_code == 302  # saved: the rest of the form was fine
    assert status_of(interview) == (Interview.Status.DRAFT, None)


def test_the_publish_actions_are_offered_only_to_publishers(editor):
    listing = editor.get("/admin/archive/interview/").content.decode()
    assert 'value="publish"' not in listing and 'value="unpublish"' not in listing
    interview = interview_with_a_statement(published=True)
    editor.post("/admin/archive/interview/",
                {"action": "unpublish", "_selected_action": [interview.pk]})
    assert status_of(interview)[0] == Interview.Status.PUBLISHED


def test_an_editor_cannot_delete_a_published_interview_in_the_admin(editor):
    interview = interview_with_a_statement(published=True)
    assert editor.get(f"/admin/archive/interview/{interview.pk}/delete/").status_code == 403
    response = editor.post("/admin/archive/interview/", {
        "action": "delete_selected", "_selected_action": [interview.pk], "post": "yes",
    })
    assert response.status_code == 403
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_an_editor_may_still_delete_a_draft_in_the_admin(editor):
    interview = interview_with_a_statement(published=False)
    editor.post(f"/admin/archive/interview/{interview.pk}/delete/", {"post": "yes"})
    assert not Interview.objects.filter(pk=interview.pk).exists()


# --- the model: one gate for every path ---------------------------------------------------


def test_publishing_as_an_editor_is_refused_by_the_model_itself():
    editor = make_user("editor", groups=["Editors"])
    interview = interview_with_a_statement(published=False)
    with pytest.raises(PublishPermissionDenied, match="Can publish and unpublish"):
        interview.publish(editor)
    published = interview_with_a_statement(published=True)
    with pytest.raises(PublishPermissionDenied):
        published.unpublish(editor)
    assert status_of(interview)[0] == "draft" and status_of(published)[0] == "published"


def test_saving_a_new_status_as_an_editor_is_refused_however_it_was_set():
    editor = make_user("editor", groups=["Editors"])
    interview = interview_with_a_statement(published=False)
    rebuilt = interview.history.first().instance  # as the history revert builds it
    rebuilt.status = Interview.Status.PUBLISHED
    rebuilt._history_user = editor
    with pytest.raises(PublishPermissionDenied):
        rebuilt.save()
    assert status_of(interview)[0] == Interview.Status.DRAFT


def test_the_refusal_is_a_publish_error_and_a_403():
    from django.core.exceptions import PermissionDenied

    assert issubclass(PublishPermissionDenied, PublishError)
    assert issubclass(PublishPermissionDenied, PermissionDenied)


def test_other_changes_by_an_editor_save_as_before(django_assert_num_queries):
    editor = make_user("editor", groups=["Editors"])
    interview = interview_with_a_statement(published=True)
    interview._history_user = editor
    interview.title = "Reworded"
    # The update, its history row, the search queue (two look-ups, one insert), the
    # content versions of the pages showing it (answer pages listing its answers, then
    # insert-if-missing and bump): the stored status is known from loading the row.
    with django_assert_num_queries(8):
        interview.save()
    assert Interview.objects.get(pk=interview.pk).title == "Reworded"


def test_an_operator_at_the_command_line_may_publish():
    """No user is acting: `import_transcripts --publish` and the shell are trusted."""
    interview = interview_with_a_statement(published=False)
    interview.publish()
    assert status_of(interview)[0] == Interview.Status.PUBLISHED


def test_publishers_publish_through_the_model(chief):
    user = make_user("boss", perms=["publish_interview"])
    interview = interview_with_a_statement(published=False)
    interview.publish(user)
    assert interview.history.first().history_user == user
    assert status_of(interview)[0] == Interview.Status.PUBLISHED
