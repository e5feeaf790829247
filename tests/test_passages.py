"""Long statements as passages: a speech reads as one continuous speech, and each of
its paragraphs has its own permanent link, citation ("¶ 2") and search hit, shown in
context. Long answers in uploads are split by the same rule."""

import io
import re

import pytest
from django.core.management import call_command

from archive.ingest.document import Kind, StageDirection
from archive.ingest.importer import import_upload, store_upload
from archive.ingest.passages import LONG_TURN, is_long, split_passages
from archive.models import Interview
from tests.corpora import speakers_xlsx, write_folder

SPEECH = ("Peace is our first duty in this hall.\n"
          "The harvest of lentils in Patagonia was good this year.\n"
          "We thank the President of the Assembly.\n")


@pytest.fixture
def speech(tmp_path, search_index):
    call_command("loaddata", "countries", "topics", verbosity=0)
    folder = write_folder(tmp_path / "ungdc", {
        "ungdc/TXT/Session 77 - 2022/NOR_77_2022.txt": SPEECH,
        "ungdc/Speakers_by_session.xlsx": speakers_xlsx(
            [(2022, 77, "NOR", "Norway", "Ms. Anniken HUITFELDT", "Minister for Foreign Affairs")]),
    })
    call_command("import_corpus", "ungdc", str(folder), "--publish", "--no-progress",
                 stdout=io.StringIO(), stderr=io.StringIO())
    return Interview.objects.get()


def test_a_turn_becomes_passages_by_the_documented_rule():
    short = "One.\n\nTwo."
    assert is_long(short, Kind.SPEECH) and not is_long(short, Kind.BRIEFING)
    assert is_long("x" * LONG_TURN + "\n\nmore", Kind.BRIEFING)
    assert not is_long("x" * 5000, Kind.SPEECH)  # one paragraph stays one answer


def test_passages_keep_every_character_and_their_stage_directions():
    text = "We are glad. (Applause.)\n\nSecond part.\n\n(Laughter.) Third."
    directions = [StageDirection("(Applause.)", 13, 24), StageDirection("(Laughter.)", 40, 51)]
    passages = split_passages(text, directions)
    assert "\n\n".join(p.text for p in passages) == text
    assert [p.text[d.start:d.end] for p in passages for d in p.stage_directions] == [
        "(Applause.)", "(Laughter.)"]
    assert [len(p.stage_directions) for p in passages] == [1, 0, 1]


@pytest.mark.django_db
def test_the_transcript_of_a_speech_reads_as_one_speech_with_a_mark_per_paragraph(
        client, speech):
    page = client.get(speech.get_absolute_url()).content.decode()
    assert page.count('class="speaker"') == 1
    assert "Anniken Huitfeldt" in page
    for n in (1, 2, 3):
        assert f'id="a{n}"' in page
        assert f'href="/interviews/{speech.slug}/answers/{n}/"' in page
    assert re.search(r">¶ 2<span", page)


@pytest.mark.django_db
def test_a_paragraphs_page_shows_it_in_context_and_cites_it_by_paragraph(client, speech):
    page = client.get(f"/interviews/{speech.slug}/answers/2/").content.decode()
    assert "lentils in Patagonia" in page
    assert "The paragraph before:" in page and "Peace is our first duty" in page
    assert "The paragraph after:" in page and "We thank the President" in page
    assert "Speech, ¶ 2." in page  # Chicago
    assert "Next paragraph" in page and "Previous paragraph" in page


@pytest.mark.django_db
def test_a_search_hit_in_a_speech_links_to_its_paragraph(client, speech):
    page = client.get("/search/?q=lentils").content.decode()
    assert f'href="/interviews/{speech.slug}/answers/2/"' in page
    assert f'href="/interviews/{speech.slug}/#a2"' in page
    assert "first duty" not in page  # the hit is the paragraph, not the speech


LONG = "Sentence about the weather and the grain harvest in the north. " * 60


@pytest.mark.django_db
def test_a_long_answer_in_an_upload_becomes_passages_a_short_one_stays_whole():
    text = (f"Press conference on peace\n\nMay 11, 2018\n\nQ: What of trade?\n\nA: {LONG}\n\n"
            f"{LONG}\n\nQ: And the rest?\n\nA: Short first.\n\nShort second.\n")
    upload = store_upload(text.encode(), "conference.txt")
    interview = import_upload(upload).interview
    rows = list(interview.answers.order_by("position").values_list(
        "position", "turn", "paragraph", "question__position"))
    assert rows == [(1, 1, 1, 1), (2, 1, 2, 1), (3, None, None, 2)]
