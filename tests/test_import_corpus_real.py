"""A few hundred real files of each shipped collection imported into the database
(skipped, saying so, when ../shared/corpora is absent): counts, metadata, one passage
per paragraph, and every word of every file kept."""

import re

import pytest
from django.core.management import call_command

from archive.ingest.collection import import_collection
from archive.models import Interview
from tests.corpora import real_collection

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
BUDGET = 3 * 1024 * 1024  # one pass over the start of each archive


@pytest.fixture(autouse=True)
def reference_data():
    call_command("loaddata", "countries", "topics", verbosity=0)


def passages_of(interview):
    return list(interview.answers.order_by("position"))


def test_real_un_speeches_are_imported_with_their_metadata_and_every_paragraph():
    summary = import_collection("ungdc", real_collection("ungdc-1946-2024.tar.xz"),
                                limit=250, budget=BUDGET)
    assert (summary.imported, summary.refused) == (250, [])
    speeches = list(Interview.objects.select_related("speaking_country", "source"))
    assert len(speeches) == 250
    named = 0
    for speech in speeches:
        m = re.search(r"Session (\d\d) - (\d{4})/([A-Z]+)_\d\d_\d{4}\.txt$", speech.details["file"])
        assert (speech.date.year, speech.details["session"]) == (int(m[2]), int(m[1]))
        assert (speech.kind, speech.date_precision) == ("speech", "year")
        assert speech.speaking_country is not None
        assert speech.source.name == "UN General Debate Corpus"
        assert speech.title.endswith(f"session of the General Assembly, {m[2]}")
        passages = passages_of(speech)
        if len(passages) > 1:
            assert [a.paragraph for a in passages] == list(range(1, len(passages) + 1))
            assert {a.turn for a in passages} == {1}
        assert len({a.speaker_id for a in passages}) == 1
        words = " ".join(a.text for a in passages).split()
        assert words == speech.raw_text.replace("\ufeff", "").split()  # every word kept
        named += not passages[0].speaker.name.startswith("Representative of")
    assert named >= 0.9 * len(speeches)


def test_real_briefing_room_files_are_imported_with_title_date_source_and_kind():
    summary = import_collection("whitehouse",
                                real_collection("wh-briefing-room-2021-2025.tar.xz"),
                                limit=120, budget=BUDGET)
    assert summary.imported + len(summary.refused) == 120
    assert len(summary.refused) <= 2
    for interview in Interview.objects.all():
        assert interview.date_precision == "day"
        assert interview.date.strftime("%Y-%m") in interview.details["file"]
        assert re.match(r"https://(www\.whitehouse\.gov|bidenwhitehouse\.archives\.gov)/",
                        interview.source_url)
        assert interview.kind in {"briefing", "speech", "joint_press_conference",
                                  "press_conference", "statement", "interview"}
        assert interview.title and interview.title != "Untitled transcript"
        assert interview.answers.exists()
        for answer in interview.answers.exclude(paragraph=None):
            assert "\n\n" not in answer.text
