"""Each segment's postings file holds exactly Whoosh's postings, lives and dies with
its segment, and is only ever a speed-up."""

import os
import random

import numpy as np
import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from archive.search.accel import postings
from archive.search.accel.arrays import evaluate
from archive.search.accel.postings import (
    EXTENSION,
    RecordingSegmentWriter,
    field_postings,
    positions_at,
)
from archive.search.analysis import MixedAnalyzer

WORDS = ["climate", "finance", "treaty", "peace", "trade", "外交部", "香港"]


def write(index, rng, count, **commit):
    writer = RecordingSegmentWriter(index)
    for _ in range(count):
        writer.add_document(id=f"{rng.random()}", kind=rng.choice(["a", "b"]),
                            text=" ".join(rng.choices(WORDS, k=rng.randrange(1, 300))))
    writer.commit(**commit)


@pytest.fixture
def index(tmp_path):
    schema = Schema(id=ID(stored=True, unique=True), kind=ID,
                    text=TEXT(analyzer=MixedAnalyzer()))
    return FileStorage(str(tmp_path)).create_index(schema)


def postings_files(index):
    return sorted(name for name in index.storage.list() if name.endswith(EXTENSION))


def whooshs_postings(reader, term):
    docnums, weights, positions = [], [], []
    matcher = reader.postings("text", term)
    while matcher.is_active():
        docnums.append(matcher.id())
        weights.append(matcher.weight())
        positions.append(list(matcher.value_as("positions")))
        matcher.next()
    return docnums, weights, positions


def test_a_segment_s_file_holds_whooshs_documents_weights_and_positions(index):
    write(index, random.Random(1), 300)
    with index.searcher() as searcher:
        reader = searcher.reader()
        table = field_postings(index.storage.folder, reader, "text")
        # A field without positions is not recorded: its terms are read Whoosh's way.
        assert field_postings(index.storage.folder, reader, "kind").span(b"a") is None
        terms = list(reader.lexicon("text"))
        assert len(terms) > len(WORDS)  # Chinese words bring their sub-words
        for term in terms:
            first, end = table.span(term)
            docnums, weights, positions = whooshs_postings(reader, term)
            docs, weights_read = table.postings(first, end)
            assert docs.tolist() == docnums and weights_read.tolist() == weights
            owner, found = positions_at(*table.positions(first, end), np.arange(end - first))
            assert [found[owner == i].tolist() for i in range(end - first)] == positions
        assert table.span(b"missing") is None


def test_the_file_goes_when_its_segment_is_merged_away(index):
    rng = random.Random(2)
    write(index, rng, 20, merge=False)
    write(index, rng, 20, merge=False)
    assert len(postings_files(index)) == 2
    write(index, rng, 20, optimize=True)
    (segment,) = index._segments()
    assert postings_files(index) == [segment.make_filename(EXTENSION)]
    with index.searcher() as searcher:
        table = field_postings(index.storage.folder, searcher.reader(), "text")
        assert table.term_starts[-1] == sum(searcher.doc_frequency("text", t)
                                      for t in searcher.reader().lexicon("text"))


def flip(data, at):
    return data[:at] + bytes([data[at] ^ 1]) + data[at + 1 :]


DAMAGE = {
    "cut in half": lambda data: data[: len(data) // 2],
    "emptied": lambda data: b"",
    "header garbled": lambda data: data[:25] + bytes(range(256)) * 4 + data[1049:],
    "one bit of the header flipped": lambda data: flip(data, 40),
    "one bit of the postings flipped": lambda data: flip(data, len(data) - 5000),
    "a page zeroed, as after a power cut": lambda data: (
        data[:4096] + bytes(4096) + data[8192:]),
    "not a postings file": lambda data: b"PK" + data[2:],
}


@pytest.mark.parametrize("damage", [*DAMAGE, "deleted"])
def test_a_damaged_or_missing_file_only_loses_the_speed_up(index, damage):
    write(index, random.Random(3), 200)
    (name,) = postings_files(index)
    path = os.path.join(index.storage.folder, name)
    query = QueryParser("text", index.schema).parse('"climate finance" OR peace')
    with index.searcher() as searcher:
        expected = sorted(searcher.docs_for_query(query))
    if damage == "deleted":
        os.remove(path)
    else:
        with open(path, "rb") as f:
            data = f.read()
        with open(path, "wb") as f:
            f.write(DAMAGE[damage](data))
    postings.OPENED.clear()
    with index.searcher() as searcher:
        assert field_postings(index.storage.folder, searcher.reader(), "text") is None
        assert evaluate(searcher, query) is None  # a phrase without positions: Whoosh's
        assert sorted(searcher.docs_for_query(query)) == expected


def test_a_file_cut_short_while_in_use_only_loses_the_speed_up(index, caplog):
    write(index, random.Random(5), 200)
    (name,) = postings_files(index)
    query = QueryParser("text", index.schema).parse('"climate finance" OR peace')
    with index.searcher() as searcher:
        found = evaluate(searcher, query)
        assert found is not None
        with open(os.path.join(index.storage.folder, name), "r+b") as f:
            f.truncate(4096)
        assert evaluate(searcher, query) is None
        assert "postings file failed" in caplog.text
        assert sorted(searcher.docs_for_query(query)) == found[0].tolist()


def test_a_segment_without_the_field_has_no_phrase_match_in_it(tmp_path):
    schema = Schema(id=ID(stored=True), text=TEXT(analyzer=MixedAnalyzer()),
                    title=TEXT(analyzer=MixedAnalyzer()))
    index = FileStorage(str(tmp_path)).create_index(schema)
    for titled in (True, False):
        writer = RecordingSegmentWriter(index)
        for n in range(50):
            writer.add_document(id=f"{titled}{n}", text="peace trade",
                                **({"title": "climate finance"} if titled and n % 2 else {}))
        writer.commit(merge=False)
    query = QueryParser("text", index.schema).parse('title:"climate finance"')
    with index.searcher() as searcher:
        docnums, _ = evaluate(searcher, query)
        assert docnums.tolist() == sorted(searcher.docs_for_query(query))
        assert len(docnums) == 25


def test_files_of_segments_no_longer_searched_are_let_go(index):
    rng = random.Random(4)
    write(index, rng, 20, merge=False)
    query = QueryParser("text", index.schema).parse("peace")
    with index.searcher() as searcher:
        evaluate(searcher, query)
        (old,) = postings.OPENED.segment_ids()
    write(index, rng, 20, optimize=True)
    with index.searcher() as searcher:
        evaluate(searcher, query)
        (new,) = postings.OPENED.segment_ids()
    assert new != old


def test_a_file_that_cannot_be_written_does_not_fail_the_commit(index, monkeypatch, caplog):
    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(postings.os, "replace", disk_full)
    write(index, random.Random(6), 30)
    assert postings_files(index) == []
    assert not [name for name in index.storage.list() if name.endswith(".partial")]
    assert "could not write the postings file" in caplog.text
    with index.searcher() as searcher:
        assert searcher.doc_count() == 30
