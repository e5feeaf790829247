"""Relevance: Whoosh's BM25F scores, with field lengths read once per segment."""

import pytest
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser
from whoosh.scoring import BM25F

from archive.search.accel.scoring import ArchiveBM25F


@pytest.fixture
def index(tmp_path):
    """Two segments of documents of many lengths, some without a title."""
    index = FileStorage(str(tmp_path)).create_index(Schema(text=TEXT, title=TEXT))
    for start in (0, 40):
        writer = index.writer()
        for n in range(start, start + 40):
            words = " ".join(["climate"] * (n % 4 + 1) + ["word"] * (n % 13))
            writer.add_document(text=f"{words} finance", **({"title": "climate"} if n % 3 else {}))
        writer.commit(merge=False)
    return index


@pytest.mark.parametrize("query", ["climate", "climate finance", '"climate finance"',
                                   "climate OR title:climate", "word -title:climate"])
def test_scores_are_whooshs_own(index, query):
    parsed = QueryParser("text", index.schema).parse(query)
    with index.searcher(weighting=BM25F()) as whoosh, \
            index.searcher(weighting=ArchiveBM25F()) as archive:
        assert len(archive.reader().leaf_readers()) == 2
        expected = whoosh.search(parsed, limit=None)
        found = archive.search(parsed, limit=None)
        assert len(expected) > 5
        assert [hit.docnum for hit in found] == [hit.docnum for hit in expected]
        assert [hit.score for hit in found] == pytest.approx([hit.score for hit in expected])


def test_scores_stay_whooshs_after_the_index_changes(index):
    parsed = QueryParser("text", index.schema).parse("climate")
    archive = index.searcher(weighting=ArchiveBM25F())
    archive.search(parsed, limit=None)  # length tables of the first two segments kept
    writer = index.writer()
    writer.add_document(text="climate " + "word " * 50)
    writer.commit(merge=False)
    archive = archive.refresh()
    with index.searcher(weighting=BM25F()) as whoosh, archive:
        expected = whoosh.search(parsed, limit=None)
        found = archive.search(parsed, limit=None)
        assert [hit.docnum for hit in found] == [hit.docnum for hit in expected]
        assert [hit.score for hit in found] == pytest.approx([hit.score for hit in expected])
