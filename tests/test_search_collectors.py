"""One pass over a Whoosh search's matches: top hits, and every match counted."""

import pytest
from whoosh.fields import ID, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from archive.search.accel.collectors import collect


@pytest.fixture
def searcher(tmp_path):
    """55 short answers about climate, then 5 long ones mentioning glaciers once:
    once the top 20 are full of climate answers, no glacier answer can reach them."""
    index = FileStorage(str(tmp_path)).create_index(Schema(text=TEXT, type=ID))
    writer = index.writer()
    for n in range(55):
        writer.add_document(text="Climate climate finance." if n % 2 else "Climate.",
                            type="answer")
        writer.add_document(text=f"Question {n}?", type="question")
    for _ in range(5):
        writer.add_document(text="Glacier. " + " ".join(f"word{w}" for w in range(80)),
                            type="answer")
    writer.commit()
    with index.searcher() as searcher:
        yield searcher


def parse(searcher, text):
    return QueryParser("text", searcher.schema).parse(text)


@pytest.mark.parametrize("text", ["climate OR glacier", "(climate OR glacier) type:answer"])
def test_every_match_is_counted_though_only_the_top_hits_are_kept(searcher, text):
    query = parse(searcher, text)
    top, matched = collect(searcher, query, limit=20)
    assert len(list(top)) == 20
    assert sorted(matched) == sorted(searcher.docs_for_query(query))
    assert len(matched) == 60


def test_the_top_hits_are_the_best_scored(searcher):
    query = parse(searcher, "climate OR glacier")
    top, _ = collect(searcher, query, limit=20)
    expected = searcher.search(query, limit=20)
    assert [hit.docnum for hit in top] == [hit.docnum for hit in expected]


def test_sorted_searches_and_allowed_documents(searcher):
    query = parse(searcher, "climate OR glacier")
    allow = set(range(0, 200, 2))
    top, matched = collect(searcher, query, limit=5, sortedby="type", allow=allow)
    assert set(matched) <= allow
    assert len(matched) == len([d for d in searcher.docs_for_query(query) if d in allow])
    assert len(list(top)) == 5
