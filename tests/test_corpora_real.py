"""A few hundred real files of each shipped collection read through the corpus
readers (skipped, saying so, when ../shared/corpora is absent). One pass over each
archive with a small budget gives the first files in path order and stops."""

import itertools
import re

from archive.ingest.corpora.entries import Skipped, Statement
from archive.ingest.corpora.ungdc import read_ungdc
from archive.ingest.corpora.whitehouse import read_whitehouse
from archive.ingest.document import Kind
from tests.corpora import real_collection

BUDGET = 3 * 1024 * 1024  # one pass: the speakers table and sessions 1 and 2


def first_pass(entries, count):
    return list(itertools.islice(entries, count))


def test_the_first_real_un_speeches_have_dates_countries_speakers_and_every_word():
    path = real_collection("ungdc-1946-2024.tar.xz")
    entries = first_pass(read_ungdc(path, budget=BUDGET), 200)
    table, readme = entries[0], entries[1]
    assert isinstance(table, Skipped) and "speakers table (10944 rows)" in table.reason
    assert isinstance(readme, Skipped) and readme.path == "ungdc/README.txt"
    speeches = [e for e in entries if isinstance(e, Statement)]
    assert len(speeches) >= 150
    assert [s.path for s in speeches] == sorted(s.path for s in speeches)
    for speech in speeches:
        m = re.search(r"Session (\d\d) - (\d{4})/([A-Z]+)_\d\d_\d{4}\.txt$", speech.path)
        assert (speech.date.year, speech.session) == (int(m[2]), int(m[1]))
        assert speech.speaking_country and speech.document.kind == Kind.SPEECH
        assert speech.document.title.endswith(f"session of the General Assembly, {m[2]}")
        assert " ".join(speech.paragraphs).split() == speech.raw_text.replace("\ufeff", "").split()
    named = [s for s in speeches if not s.document.speakers[0].name.startswith("Representative")]
    assert len(named) >= 0.9 * len(speeches)
    paragraphs = sum(len(s.paragraphs) for s in speeches) / len(speeches)
    assert paragraphs > 10


def test_the_first_real_briefings_have_front_matter_dates_and_parsed_turns():
    path = real_collection("wh-briefing-room-2021-2025.tar.xz")
    entries = first_pass(read_whitehouse(path, budget=BUDGET), 100)
    briefings = [e for e in entries if isinstance(e, Statement)]
    assert len(briefings) >= 80
    for briefing in briefings:
        name = briefing.path.rsplit("/", 1)[-1]
        assert name.startswith(briefing.date.isoformat())
        assert briefing.source_url.startswith("https://")
        assert briefing.document.title and "\u00a0" not in briefing.document.title
        assert briefing.document.kind in (Kind.BRIEFING, Kind.PRESS_CONFERENCE)
    with_questions = [b for b in briefings if any(e.question for e in b.document.exchanges)]
    assert len(with_questions) >= 0.8 * len(briefings)
