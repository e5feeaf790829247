"""Relevance (Whoosh's BM25F) with each segment's field lengths held in memory.

BM25F needs the length of the field in every document it scores. Whoosh reads it
from the segment's length column, one file read per matching document: a tenth of
a search's time for common words. Segments never change once written, so each
segment's lengths are read once per process into a list; the scores are the same.
"""

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F, BM25FScorer
from whoosh.util.numeric import byte_to_length

from archive.search.accel.cache import SegmentCache

# {((segment id,), field): (lengths as a list, as an array)}
LENGTHS = SegmentCache("field lengths", max_entries=64)


def length_table(perdoc, fieldname):
    """[length of `fieldname` in each document] of a segment's per-document reader
    (0 where a document has none); () if no document has it."""
    column = perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    return [byte_to_length(b) for b in column] if column is not None else ()


def segment_lengths(reader, fieldname):
    """A numpy array of `fieldname`'s length in each document of a segment's reader."""
    return _lengths(reader, fieldname)[1]


def _lengths(reader, fieldname):
    """(list, numpy array) of `fieldname`'s length in each document of the segment."""

    def fill():
        # A document without the field never matches its terms; 1 as Whoosh does.
        lengths = [n or 1 for n in length_table(reader._perdoc, fieldname)]
        return lengths, np.array(lengths, dtype=np.float64)

    return LENGTHS.get((reader.segment().segment_id(),), fieldname, fill)


class ArchiveBM25F(BM25F):
    def scorer(self, searcher, fieldname, text, qf=1):
        scorer = super().scorer(searcher, fieldname, text, qf)
        reader = searcher.reader()
        if isinstance(scorer, BM25FScorer) and hasattr(reader, "_perdoc"):
            lengths, _ = _lengths(reader, fieldname)
            if lengths:
                scorer.dfl = lengths.__getitem__
        return scorer
