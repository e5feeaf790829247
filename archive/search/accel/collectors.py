"""One pass over a search's matches gives the top hits, the hit count and the
document numbers that facets are counted from.

Whoosh's top-N collector skips blocks of postings that cannot reach the top, so it
never sees every match: its ResultsPage counted the hits in a second pass, and the
facet counts needed a third. On this archive's corpus the skipping saves little
(common words match everywhere), so seeing every match once costs about what the
skipping search alone did (measured in docs/search.md).
"""

import numpy as np
from whoosh.collectors import FilterCollector, TopCollector, WrappingCollector
from whoosh.searching import Results

from archive.search.accel.arrays import evaluate, segment_ids
from archive.search.accel.cache import let_go_all_but


class EveryMatchTopCollector(TopCollector):
    """The top `limit` hits by score, from a pass that sees every match.

    The minimum score a new hit needs stays 0: Whoosh would otherwise use it to
    skip blocks and to drop sub-queries that cannot reach it, and those matches
    would go uncounted.
    """

    def __init__(self, limit):
        super().__init__(limit, usequality=False)

    def _collect(self, global_docnum, score):
        key = super()._collect(global_docnum, score)
        self.minscore = 0
        return key


class MatchRecorder(WrappingCollector):
    """Notes the document number of every match its child collects."""

    def prepare(self, top_searcher, q, context):
        super().prepare(top_searcher, q, context)
        self.docnums = []

    def collect(self, sub_docnum):
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def collect(searcher, query, limit, sortedby=None, reverse=False, allow=None):
    """(Whoosh Results holding the top `limit` hits, numpy array of every match).

    `allow`, if given, is the set of document numbers the matches are limited to.
    Word queries ranked by relevance are evaluated on whole posting lists (arrays);
    the rest by Whoosh's matchers.
    """
    if sortedby:
        let_go_all_but(segment_ids(searcher))  # evaluate does it for the others
    found = None if sortedby else evaluate(searcher, query)
    if found is not None:
        return _best(searcher, query, *found, limit, allow)
    if sortedby:
        top = searcher.collector(limit=limit, sortedby=sortedby, reverse=reverse)
    else:
        top = EveryMatchTopCollector(limit)
    recorder = MatchRecorder(top)
    collector = FilterCollector(recorder, allow=allow) if allow is not None else recorder
    searcher.search_with_collector(query, collector)
    return collector.results(), np.array(recorder.docnums, dtype=np.int64)


def _best(searcher, query, docnums, scores, limit, allow):
    if allow is not None:
        keep = np.isin(docnums, np.fromiter(allow, dtype=np.int64))
        docnums, scores = docnums[keep], scores[keep]
    best = _top(docnums, scores, limit)
    results = Results(searcher, query, [(float(scores[i]), int(docnums[i])) for i in best])
    results._total = len(docnums)  # what len() of Whoosh's results means: every match
    return results, docnums


def _top(docnums, scores, limit):
    """Positions of the `limit` best matches: highest score first, and among equal
    scores the lower document number, as Whoosh orders them."""
    candidates = np.arange(len(scores))
    if len(scores) > limit:
        # Sorting only what can make the top: a common word matches 130,000 documents.
        kth = len(scores) - limit
        candidates = np.flatnonzero(scores >= np.partition(scores, kth)[kth])
    order = np.lexsort((docnums[candidates], -scores[candidates]))[:limit]
    return candidates[order]
