"""Word queries on whole posting lists give exactly what Whoosh's matchers give."""

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from archive.search.accel.arrays import evaluate
from archive.search.accel.collectors import collect
from archive.search.accel.postings import RecordingSegmentWriter
from archive.search.accel.scoring import ArchiveBM25F
from archive.search.analysis import MixedAnalyzer

WORDS = ["climate", "finance", "treaty", "peace", "trade", "security", "water", "china"]


@pytest.fixture(scope="module", params=["with postings files", "Whoosh's postings only"])
def index(request, tmp_path_factory):
    """Three segments of varied documents, some deleted; long posting lists span blocks.
    Written once with each segment's postings file, once without (an index written
    before those files existed): the answers must be the same."""
    recording = request.param == "with postings files"
    rng = random.Random(7)
    schema = Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=MixedAnalyzer()),
                    title=TEXT(analyzer=MixedAnalyzer()), kind=ID)
    index = FileStorage(str(tmp_path_factory.mktemp("arrays"))).create_index(schema)
    for segment in range(3):
        writer = RecordingSegmentWriter(index) if recording else index.writer()
        for n in range(400):
            words = rng.choices(WORDS, k=rng.randrange(1, 30))
            if n % 97 == 3:  # a rare word: most blocks of the common ones hold none of it
                words.append("glacier")
            writer.add_document(id=f"{segment}-{n}", text=" ".join(words),
                                title=rng.choice(WORDS), kind=rng.choice(["answer", "question"]))
        writer.commit(merge=False)
    writer = index.writer()
    for n in range(0, 400, 7):
        writer.delete_by_term("id", f"1-{n}")
    writer.commit(merge=False)
    return index


def both(index, text):
    query = QueryParser("text", index.schema).parse(text)
    searcher = index.searcher(weighting=ArchiveBM25F())
    return searcher, query


word = st.sampled_from(WORDS + ["title:peace", "kind:answer", "glacier", "missing"])
phrase = st.lists(st.sampled_from(WORDS + ["glacier"]), min_size=2, max_size=3).map(
    lambda words: '"' + " ".join(words) + '"')
clause = st.one_of(word, phrase, st.builds(lambda a, b: f"({a} OR {b})", word, phrase),
                   st.builds(lambda a: f"NOT {a}", word))  # what "-word" is turned into
queries = st.lists(clause, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(text=queries)
def test_every_match_and_its_score_are_whooshs(index, text):
    searcher, query = both(index, text)
    with searcher:
        found = evaluate(searcher, query)
        if found is None:  # only exclusions, or phrases without postings files
            assert all(part.startswith("NOT ") for part in text.split(") ")) or (
                '"' in text and not _has_postings_files(index)), text
            return
        docnums, scores = found
        expected = {hit.docnum: hit.score for hit in searcher.search(query, limit=None)}
        assert list(docnums) == sorted(expected)
        assert list(scores) == pytest.approx([expected[d] for d in docnums])


def _has_postings_files(index):
    return any(name.endswith(".postings") for name in index.storage.list())


@pytest.mark.parametrize("text", ["climate", "climate OR water NOT trade",
                                  "peace kind:answer", "glacier climate NOT water",
                                  '"climate finance"', '"peace trade" OR glacier'])
def test_the_top_hits_and_their_order_are_whooshs(index, text):
    searcher, query = both(index, text)
    with searcher:
        top, matched = collect(searcher, query, limit=25)
        expected = searcher.search(query, limit=25)
        assert [hit.docnum for hit in top] == [hit.docnum for hit in expected]
        assert len(matched) == len(expected) > (25 if "glacier" not in text else 1)
        assert set(matched) == set(searcher.docs_for_query(query))  # deleted ones left out


@pytest.mark.parametrize("text", ["clim*", "title:[a TO c]", '"climate finance"~3'])
def test_prefixes_ranges_and_loose_phrases_are_left_to_whoosh(index, text):
    searcher, query = both(index, text)
    with searcher:
        assert evaluate(searcher, query) is None
        top, matched = collect(searcher, query, limit=10)
        assert np.array_equal(np.sort(matched), sorted(searcher.docs_for_query(query)))
