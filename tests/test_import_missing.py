"""A transcript without speaker labels, title or date is never published silently:
`import_transcripts --publish` leaves it a draft and says why; `--speaker`, `--title`
and `--date` supply what is missing, on the same draft when the file comes again."""

import datetime
import io

import pytest
from django.core.management import call_command

from archive.models import Interview, PublishError, Speaker

pytestmark = pytest.mark.django_db

SPEECH = (
    "Mr. President, distinguished delegates,\n\n"
    "Our world is at a crossroads, and multilateralism is the way forward.\n\n"
    "We call for solidarity in the face of the pandemic. Thank you.\n"
)


def run(*args):
    out = io.StringIO()
    call_command("import_transcripts", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_a_speech_without_labels_title_or_date_stays_a_draft_with_the_parsers_warnings(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    out = run(str(path), "--publish")
    interview = Interview.objects.get()
    assert not interview.is_published
    assert "left a draft, not published: it lacks speaker labels (give --speaker NAME)" in out
    assert "a title (give --title TEXT)" in out and "a full date" in out
    assert "warning: No speaker labels found" in out
    assert "1 imported, 0 duplicate(s) skipped, 0 failed" in out


def test_importing_it_again_with_what_was_missing_completes_and_publishes_the_draft(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    run(str(path), "--publish")
    draft = Interview.objects.get()
    out = run(str(path), "--publish", "--speaker", "State Councilor and Foreign Minister Wang Yi",
              "--title", "Statement at the General Debate", "--date", "2020-09-26")
    assert "1 draft(s) updated" in out and "left a draft" not in out
    interview = Interview.objects.get()
    assert interview.pk == draft.pk and interview.is_published
    assert interview.title == "Statement at the General Debate"
    assert interview.date == datetime.date(2020, 9, 26)
    # A speech: one passage per paragraph, all of one turn by the speaker supplied.
    passages = list(interview.answers.order_by("position"))
    assert [a.paragraph for a in passages] == list(range(1, len(passages) + 1))
    assert {a.turn for a in passages} == {1} and len(passages) > 1
    assert {a.speaker.name for a in passages} == {"Wang Yi"} and passages[0].speaker.curated
    assert not Speaker.objects.filter(name="Unknown").exists()
    assert not any(w.startswith("No speaker labels") for w in interview.parse_warnings)
    # Published now: the same file once more is a duplicate, whatever the options.
    again = run(str(path), "--title", "Another title")
    assert "1 duplicate(s) skipped" in again
    assert Interview.objects.get().title == "Statement at the General Debate"


def test_the_editors_publishing_asks_for_a_speaker_and_a_title_too(tmp_path):
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH)
    run(str(path), "--date", "2020-09-26")
    interview = Interview.objects.get()
    with pytest.raises(PublishError, match="Supply the title"):
        interview.publish()
    interview.title = "Statement"
    interview.save()
    with pytest.raises(PublishError, match="Supply the speaker"):
        interview.publish()
