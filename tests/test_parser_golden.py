"""Golden files: one small transcript per label style and per turn kind, written for
these tests, each parsed and compared whole with the JSON beside it.

    tests/data/parse/label-*.txt   numbered "1." and "V.", "Q:"/"A:", "问："/"答：",
                                   Chinese named labels, outlet labels, White House
                                   ("MS. REYES:", "Q" without a colon), multi-paragraph,
                                   officials resolved by the curated table ("THE
                                   PRESIDENT" on a dated transcript, 王毅)
    tests/data/parse/kind-*.txt    procedural, courtesy, stage directions, interpreted,
                                   interrupted and resumed, follow-up, opening statement,
                                   speech with and without a title

`ARCHIVE_REWRITE_GOLDEN=1 .venv/bin/python -m pytest tests/test_parser_golden.py` writes
the current parse into the .json files instead of comparing (see tests/golden.py);
review `git diff tests/data` before committing, as the JSON is a public contract.
"""

import re
from collections import Counter
from pathlib import Path

import pytest

from archive.ingest.parser import parse
from tests.golden import assert_matches_golden

DATA = Path(__file__).resolve().parent / "data" / "parse"
INPUTS = sorted(DATA.glob("*.txt"))


def golden_id(path):
    return path.stem


@pytest.mark.parametrize("source", INPUTS, ids=golden_id)
def test_the_parse_matches_its_golden_file(source):
    doc = parse(source.read_text(encoding="utf-8"))
    assert_matches_golden(doc.as_json(), source.with_suffix(".json"))


def test_there_is_a_golden_file_for_each_label_style_and_turn_kind():
    names = {path.stem for path in INPUTS}
    assert {
        "label-numbered", "label-q-a", "label-chinese-q-a", "label-chinese-names",
        "label-outlets", "label-white-house", "label-multi-paragraph",
        "kind-procedural", "kind-courtesy", "kind-stage-directions", "kind-interpreted",
        "kind-interrupted", "kind-follow-up", "kind-opening-statement", "kind-speech",
        "kind-speech-untitled",
    } <= names  # fmt: skip


# A Chinese character is a word, also next to digits or Latin letters.
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u9fff\uf900-\ufaff]+")


def words(text):
    return Counter(w.casefold() for w in _WORD.findall(text))


@pytest.mark.parametrize("source", INPUTS, ids=golden_id)
def test_turn_labels_and_texts_hold_every_word_of_the_body(source):
    """Nothing is lost: title, preamble, labels and turn texts are the whole source,
    but the numbering in front of labels ("1.", "V.")."""
    text = source.read_text(encoding="utf-8")
    data = parse(text).as_json()
    turns = data["turns"]
    folded = [d["label"] for t in turns for d in t["stage_directions"] if d["label"]]
    kept = words(" ".join([data["title"], *data["preamble"], *folded,
                           *(f"{t['label']} {t['text']}" for t in turns)]))  # fmt: skip
    missing = words(text) - kept
    assert all(re.fullmatch(r"\d{1,3}|[ivx]{1,5}", w) for w in missing), missing
    assert not kept - words(text)


@pytest.mark.parametrize("source", INPUTS, ids=golden_id)
def test_stage_directions_point_at_their_text(source):
    for turn in parse(source.read_text(encoding="utf-8")).turns:
        for direction in turn.stage_directions:
            assert turn.text[direction.start : direction.end] == direction.text
