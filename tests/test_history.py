"""After publishing: readers see the transcript everywhere at once, every later change
is kept with who and when, and readers are told the transcript was corrected."""

import datetime

import pytest

from archive.history import changes_of
from archive.models import Interview
from tests.factories import make_exchange, make_interview, make_speaker, make_user

pytestmark = pytest.mark.django_db


def published_interview():
    interview = make_interview("Wang Yi meets the press", published=False)
    make_exchange(interview, question="Why Freetown?", answer="Sierra Leone is a partner.",
                  speaker=make_speaker("Wang Yi"))
    interview.publish()
    return interview


def correct(client, answer, **data):
    """Post a correction of `answer` from the review page."""
    client.post(f"/editor/interviews/{answer.interview_id}/turns/a{answer.pk}/", data)


def test_publishing_is_not_a_correction():
    interview = published_interview()
    interview.refresh_from_db()
    assert interview.published_at is not None and interview.corrected_at is None
    interview.save()  # saved again without a change
    interview.refresh_from_db()
    assert interview.corrected_at is None


def test_changes_to_a_draft_are_kept_but_are_not_corrections():
    interview = make_interview(published=False)
    _, answer = make_exchange(interview)
    answer.text = "Reworded before publication."
    answer.save()
    assert answer.history.count() == 2
    interview.refresh_from_db()
    assert interview.corrected_at is None


def test_an_edit_after_publishing_is_kept_with_who_and_when(editor):
    interview = published_interview()
    answer = interview.answers.get()
    correct(editor, answer, action="edit", text="Sierra Leone is an old partner.")
    latest, original = answer.history.all()[:2]
    assert (original.text, latest.text) == (
        "Sierra Leone is a partner.", "Sierra Leone is an old partner."
    )
    assert latest.history_user.username == "editor" and latest.history_type == "~"
    interview.refresh_from_db()
    assert interview.corrected_at == latest.history_date > interview.published_at


def test_readers_are_told_of_a_correction(client):
    interview = published_interview()
    answer = interview.answers.get()
    page = client.get(interview.get_absolute_url()).content.decode()
    assert "Corrected on" not in page
    answer.text = "Sierra Leone is an old partner."
    answer.save()
    interview.refresh_from_db()
    today = interview.corrected_at.strftime("%-d %B %Y")
    for url in (interview.get_absolute_url(), answer.get_absolute_url()):
        page = client.get(url).content.decode()
        assert f"Corrected on <time datetime=\"{interview.corrected_at:%Y-%m-%d}\">{today}" in page
        assert "after first publication on" in page


def retitle(interview):
    interview.title = "Wang Yi meets the press in Beijing"
    interview.save()


@pytest.mark.parametrize(
    "change, corrects",
    [
        (retitle, True),
        (lambda interview: interview.questions.get().delete(), True),
        (lambda interview: make_exchange(interview, question="More?", answer="Later."), True),
        (lambda interview: interview.answers.get().save(), False),
        (lambda interview: interview.save(), False),
    ],
    ids=["details", "question deleted", "turn added", "answer saved unchanged", "saved"],
)
def test_what_counts_as_a_correction(change, corrects):
    interview = published_interview()
    change(interview)
    interview.refresh_from_db()
    assert (interview.corrected_at is not None) == corrects


def test_speaker_reassignment_after_publishing_is_a_correction(editor):
    interview = published_interview()
    correct(editor, interview.answers.get(), action="reassign", speaker="Wang Wenbin")
    interview.refresh_from_db()
    assert interview.answers.get().speaker.name == "Wang Wenbin"
    assert interview.corrected_at is not None


def test_unpublishing_and_publishing_again_keep_the_first_publication_date():
    interview = published_interview()
    first = Interview.objects.get(pk=interview.pk).published_at
    interview.unpublish()
    interview.publish()
    interview.refresh_from_db()
    assert interview.published_at == first and interview.corrected_at is None


def test_the_history_page_lists_every_change_with_its_author(editor):
    interview = published_interview()
    answer = interview.answers.get()
    correct(editor, answer, action="edit", text="Sierra Leone is an old partner.")
    page = editor.get(f"/editor/interviews/{interview.pk}/history/").content.decode()
    assert "Answer 1</strong> changed by editor" in page
    assert "<del>Sierra Leone is a partner.</del>" in page
    assert "<ins>Sierra Leone is an old partner.</ins>" in page
    assert "Details</strong> created by a command or the system" in page
    changes = changes_of(interview)
    assert [c.action for c in changes if c.what == "Answer 1"] == ["changed", "created"]


def test_edits_in_the_admin_are_kept_too(client):
    interview = published_interview()
    answer = interview.answers.get()
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        f"/admin/archive/answer/{answer.pk}/change/",
        {"interview": interview.pk, "position": 1, "speaker": answer.speaker_id,
         "question": answer.question_id, "text": "Corrected in the admin.", "kind": "answer"},
    )
    assert response.status_code == 302
    latest = answer.history.first()
    assert latest.text == "Corrected in the admin." and latest.history_user == admin


def test_the_admin_does_not_publish_by_hand(client):
    interview = make_interview(published=False, date=None)
    admin = make_user("admin")
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        "/admin/archive/interview/",
        {"action": "publish", "_selected_action": [interview.pk]},
        follow=True,
    )
    assert "Supply the date before publishing" in response.content.decode()
    interview.refresh_from_db()
    assert not interview.is_published


# --- visible everywhere at once --------------------------------------------------------


def test_publishing_shows_it_everywhere_and_unpublishing_hides_it(
    publisher, client, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interview = make_interview("Wang Yi meets the press", published=False,
                                   date=datetime.date(2020, 9, 16))
        _, answer = make_exchange(interview, answer="Sierra Leone is a partner.",
                                  speaker=make_speaker("Wang Yi"))
    places = [
        "/", "/interviews/", "/feeds/interviews/", "/api/interviews/",
        "/speakers/wang-yi/", "/dates/2020/",
    ]

    def visible():
        seen = {url: "Wang Yi meets the press" in client.get(url).content.decode()
                for url in places}
        seen["search"] = answer.get_absolute_url() in client.get(
            "/search/", {"q": "Sierra Leone"}
        ).content.decode()
        seen["page"] = client.get(interview.get_absolute_url()).status_code == 200
        return seen

    assert not any(visible().values())
    with django_capture_on_commit_callbacks(execute=True):
        publisher.post(f"/editor/interviews/{interview.pk}/publish/")
    assert all(visible().values()), visible()
    with django_capture_on_commit_callbacks(execute=True):
        publisher.post(f"/editor/interviews/{interview.pk}/unpublish/")
    assert not any(visible().values()), visible()
