"""Each segment's postings file holds exactly Whoosh's postings, lives and dies with
its segment, and is only ever a speed-up."""

import os
import random

import numpy as np
import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from archive.search import postings
from archive.search.analysis import MixedAnalyzer
from archive.search.arrays import evaluate
from archive.search.postings import EXTENSION, RecordingSegmentWriter, field_postings

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
        assert field_postings(index.storage.folder, reader, "kind") is None  # no positions
        terms = list(reader.lexicon("text"))
        assert len(terms) > len(WORDS)  # Chinese words bring their sub-words
        for term in terms:
            first, end = table.span(term)
            docnums, weights, positions = whooshs_postings(reader, term)
            assert table.docs[first:end].tolist() == docnums
            assert table.weights[first:end].tolist() == weights
            owner, found = table.positions_at(np.arange(first, end))
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
        assert len(table.docs) == sum(searcher.doc_frequency("text", t)
                                      for t in searcher.reader().lexicon("text"))


def test_a_damaged_or_missing_file_only_loses_the_speed_up(index, caplog):
    write(index, random.Random(3), 200)
    (name,) = postings_files(index)
    path = f"{index.storage.folder}/{name}"
    query = QueryParser("text", index.schema).parse('"climate finance" OR peace')
    with index.searcher() as searcher:
        expected = sorted(searcher.docs_for_query(query))
    for damage in (lambda data: data[: len(data) // 2], lambda data: b"", lambda data: None):
        with open(path, "rb") as f:
            data = f.read()
        postings._opened.clear()
        broken = damage(data)
        if broken is None:
            os.remove(path)
        else:
            with open(path, "wb") as f:
                f.write(broken)
        with index.searcher() as searcher:
            assert field_postings(index.storage.folder, searcher.reader(), "text") is None
            found = evaluate(searcher, query)
            assert found is None  # a phrase without positions at hand goes to Whoosh
            assert sorted(searcher.docs_for_query(query)) == expected
        if broken is not None:
            with open(path, "wb") as f:
                f.write(data)
    assert "cut short" in caplog.text


def test_files_of_segments_no_longer_searched_are_let_go(index):
    rng = random.Random(4)
    write(index, rng, 20, merge=False)
    query = QueryParser("text", index.schema).parse("peace")
    with index.searcher() as searcher:
        evaluate(searcher, query)
        (old,) = [key[1] for key in postings._opened]
    write(index, rng, 20, optimize=True)
    with index.searcher() as searcher:
        evaluate(searcher, query)
        (new,) = [key[1] for key in postings._opened]
    assert new != old
