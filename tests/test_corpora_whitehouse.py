"""The White House briefing room read into statements: front matter for the title,
date and source, the folder and title for the kind, the body through the parser."""

import datetime

import pytest

from archive.ingest.corpora.entries import Refused, Skipped, Statement
from archive.ingest.corpora.whitehouse import kind_of, read_whitehouse
from archive.ingest.document import Kind
from tests.corpora import write_folder, write_tar_xz

BRIEFING = """---
date: '2022-03-04'
modified_time: 2022-03-05 10:00:00-05:00
published_time: 2022-03-04 16:30:00-05:00
source_url: https://example.org/briefing-room/press-briefings/2022/03/04/press-briefing/
tags: press-briefings
title: "Press Briefing by Press Secretary Jen\\u00a0Psaki, March\\_4, 2022"
---
\u00a0
James S. Brady Press Briefing Room

1:05 P.M. EST

MS. PSAKI:  Good afternoon, everyone.  I have two items for you at the
top, and then we will take your questions about the week ahead and the
plans for the trip.

Q    Thanks, Jen.  On the trip: when does the President leave, and who is
travelling with him?

MS. PSAKI:  He leaves on Monday.  The full list of the delegation will
come out over the weekend.

1:40 P.M. EST
"""
REMARKS = """---
date: '2023-06-22'
published_time: 2023-06-22 20:00:00-04:00
source_url: https://example.org/briefing-room/speeches-remarks/2023/06/22/remarks/
tags: speeches-remarks
title: Remarks by President Biden and Prime Minister Modi in Joint Press Conference
---
East Room

THE PRESIDENT:  Good afternoon.  Please, sit down.

PRIME MINISTER MODI:  (As interpreted.)  Thank you, Mr. President.
"""
FILES = {
    "wh/press-briefings/2022-03/2022-03-04-press-briefing.md": BRIEFING,
    "wh/speeches-remarks/2023-06/2023-06-22-remarks.md": REMARKS,
    "wh/speeches-remarks/2023-06/2023-06-23-no-front-matter.md": "Remarks\n\nTHE PRESIDENT:  Hi.\n",
    "wh/speeches-remarks/2023-06/2023-06-24-bad-yaml.md": "---\ntitle: [open\n---\nText.\n",
    "wh/speeches-remarks/2023-06/2023-06-25-no-date.md": "---\ntitle: Remarks\n---\nText.\n",
    "wh/speeches-remarks/2023-06/2023-06-26-empty.md": "",
    "wh/speeches-remarks/2024-08/2024-08-23-what-they-are-saying.md": (
        "---\ndate: '2024-08-23'\ntitle: 'WHAT THEY ARE SAYING: President Biden Designates a "
        "Monument'\n---\nLeaders from across the country praised the designation.\n"
    ),
    "wh/README.md": "# the scraper\n",
    "wh/notes.txt": "list of files\n",
}


@pytest.fixture(params=["tar", "folder"])
def entries(request, tmp_path):
    if request.param == "tar":
        path = write_tar_xz(tmp_path / "wh.tar.xz", FILES)
    else:
        path = write_folder(tmp_path / "unpacked", FILES)
    return {e.path: e for e in read_whitehouse(path)}


def test_a_briefing_has_its_title_date_source_and_kind_from_the_front_matter(entries):
    briefing = entries["wh/press-briefings/2022-03/2022-03-04-press-briefing.md"]
    assert isinstance(briefing, Statement)
    doc = briefing.document
    assert doc.title == "Press Briefing by Press Secretary Jen Psaki, March 4, 2022"
    assert (doc.date, briefing.date_precision) == (datetime.date(2022, 3, 4), "day")
    assert briefing.published.isoformat() == "2022-03-04T16:30:00-05:00"
    assert briefing.source_url.endswith("/press-briefings/2022/03/04/press-briefing/")
    assert briefing.source == "White House briefing room"
    assert briefing.tags == ["press-briefings"]
    assert doc.kind == Kind.BRIEFING
    assert briefing.raw_text == BRIEFING
    assert not [w for w in doc.warnings if "date" in w.lower()]


def test_the_hard_wrapped_body_is_parsed_into_unwrapped_turns(entries):
    doc = entries["wh/press-briefings/2022-03/2022-03-04-press-briefing.md"].document
    opening, exchange = doc.exchanges
    assert opening.question is None
    assert opening.answers[0].text == (
        "Good afternoon, everyone. I have two items for you at the top, and then we will "
        "take your questions about the week ahead and the plans for the trip.")
    assert exchange.question.text == (
        "Thanks, Jen. On the trip: when does the President leave, and who is travelling "
        "with him?")
    assert exchange.answers[0].text.startswith("He leaves on Monday. The full list")
    assert "James S. Brady Press Briefing Room" in doc.preamble


def test_remarks_at_a_joint_press_conference_are_one(entries):
    remarks = entries["wh/speeches-remarks/2023-06/2023-06-22-remarks.md"]
    assert remarks.document.kind == Kind.JOINT_PRESS_CONFERENCE
    assert remarks.document.date == datetime.date(2023, 6, 22)


def test_a_title_the_parser_would_take_for_body_text_is_not_put_into_the_body(entries):
    doc = entries["wh/speeches-remarks/2024-08/2024-08-23-what-they-are-saying.md"].document
    assert doc.title == "WHAT THEY ARE SAYING: President Biden Designates a Monument"
    (exchange,) = doc.exchanges
    assert exchange.answers[0].text == "Leaders from across the country praised the designation."
    assert not [w for w in doc.warnings if w.startswith("No title line")]


def test_files_without_usable_front_matter_are_refused_and_strays_skipped(entries):
    def reason(name, kind):
        entry = entries[name]
        assert isinstance(entry, kind), entry
        return entry.reason

    folder = "wh/speeches-remarks/2023-06"
    assert "no front matter" in reason(f"{folder}/2023-06-23-no-front-matter.md", Refused)
    assert "not valid YAML" in reason(f"{folder}/2023-06-24-bad-yaml.md", Refused)
    assert "no date" in reason(f"{folder}/2023-06-25-no-date.md", Refused)
    assert reason(f"{folder}/2023-06-26-empty.md", Skipped) == "an empty file"
    assert "notes" in reason("wh/README.md", Skipped)
    assert "not a transcript" in reason("wh/notes.txt", Skipped)
    assert len(entries) == len(FILES)


@pytest.mark.parametrize("folder, title, kind", [
    ("press-briefings", "Press Briefing by Press Secretary Karine Jean-Pierre", Kind.BRIEFING),
    ("press-briefings", "Press Gaggle by Principal Deputy Press Secretary Olivia Dalton "
                        "En Route West Hartford, CT", Kind.BRIEFING),
    ("press-briefings", "On-the-Record Press Call on the President's Trip", Kind.BRIEFING),
    ("press-briefings", "Background Press Call Previewing the Summit", Kind.BRIEFING),
    ("speeches-remarks", "Remarks by President Biden and Prime Minister Kishida in Joint "
                         "Press Conference", Kind.JOINT_PRESS_CONFERENCE),
    ("speeches-remarks", "Remarks by President Biden in Press Conference",
     Kind.PRESS_CONFERENCE),
    ("speeches-remarks", "Remarks as Prepared for Delivery by First Lady Jill Biden",
     Kind.SPEECH),
    ("speeches-remarks", "Inaugural Address by President Joseph R. Biden, Jr.", Kind.SPEECH),
    ("speeches-remarks", "Readout of the Vice President's Call", Kind.STATEMENT),
    ("speeches-remarks", "President Biden Announces a Thirteenth Operation", Kind.SPEECH),
    ("press-briefings", "Vice President Harris Departs for Detroit", Kind.BRIEFING),
])  # fmt: skip
def test_the_kind_comes_from_the_title_else_the_folder(folder, title, kind):
    assert kind_of(folder, title) == kind
