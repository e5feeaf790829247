"""Word queries evaluated on whole posting lists at once, with numpy.

Whoosh walks a query's matches one document at a time in Python, so a search's
cost grows with every match of its commonest word, before anything else is done.
Words, AND, OR and NOT (what most searches and every facet filter are) need no positions: their
posting lists are read block by block into arrays, intersected, merged and
scored with the same BM25F formula, and the top hits picked with one sort.
Exact phrases are checked on the positions in the segments' postings files
(postings.py). Anything else (prefixes, date ranges, loose phrases, a phrase in a
segment without a postings file, ...) returns None, and Whoosh's own matchers run it.
"""

import functools
import logging

import numpy as np
from whoosh import query as q
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25FScorer, WeightScorer

from archive.search.accel.cache import let_go_all_but
from archive.search.accel.postings import (
    Damaged,
    field_postings,
    positions_at,
    set_aside,
)
from archive.search.accel.scoring import segment_lengths

logger = logging.getLogger(__name__)

EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))


class Unsupported(Exception):
    """The query has a part only Whoosh's matchers can run."""


def evaluate(searcher, query):
    """(docnums, scores): every document `query` matches, in document order, with its
    score as Whoosh would give it; None if the query is not made of words, phrases,
    AND, OR and NOT only."""
    let_go_all_but(segment_ids(searcher))
    try:
        return _evaluate(searcher, query)
    except Unsupported:
        return None
    except Damaged as exc:
        logger.error("a postings file failed (%s); its segment is searched the Whoosh way", exc)
        set_aside(exc.key)
        return None


def _evaluate(searcher, query, within=None):
    """(docnums, scores) of the matches; only those in `within` (sorted docnums), if
    given, are certain to be included: the caller intersects with it anyway."""
    if query is q.NullQuery:
        return EMPTY
    if type(query) is q.Term:
        return _term(searcher, query, within)
    if type(query) is q.Phrase and query.boost == 1.0 and query.slop == 1:
        return _phrase(searcher, query, within)
    if type(query) is q.And and query.boost == 1.0:
        return _intersect(searcher, query.subqueries, within)
    if type(query) is q.Or and query.boost == 1.0 and not query.scale and not query.minmatch:
        return _union([_evaluate(searcher, sub, within) for sub in query.subqueries])
    if type(query) is q.AndNot and query.boost == 1.0:
        return _without(searcher, *_evaluate(searcher, query.a, within), query.b)
    raise Unsupported(query)


def _without(searcher, docnums, scores, excluded):
    """The matches (docnums, scores) less those of the query `excluded`."""
    gone, _ = _evaluate(searcher, excluded, docnums)
    keep = ~np.isin(docnums, gone)
    return docnums[keep], scores[keep]


def _intersect(searcher, subqueries, within):
    # The rarest part first: the others then only read the blocks of their posting
    # lists that can hold its documents (a common word filtered by a year skips
    # most of its postings, as Whoosh's own intersection does).
    reader = searcher.reader()
    excluded = [sub for sub in subqueries if type(sub) is q.Not]
    wanted = [sub for sub in subqueries if type(sub) is not q.Not]
    if not wanted:
        raise Unsupported("only exclusions")
    docnums, scores = None, None
    for sub in sorted(wanted, key=lambda sub: sub.estimate_size(reader)):
        other, other_scores = _evaluate(searcher, sub, within if docnums is None else docnums)
        if docnums is None:
            docnums, scores = other, other_scores
            continue
        docnums, mine, theirs = np.intersect1d(docnums, other, assume_unique=True,
                                               return_indices=True)
        scores = scores[mine] + other_scores[theirs]
    for sub in excluded:  # "-word": Whoosh parses it as AND NOT
        docnums, scores = _without(searcher, docnums, scores, sub.query)
        # Whoosh's matcher for NOT scores each document it lets through at its boost.
        scores = scores + sub.boost
    return docnums, scores


def _union(parts):
    if not parts:
        return EMPTY
    everything = np.concatenate([docnums for docnums, _ in parts])
    docnums, where = np.unique(everything, return_inverse=True)
    scores = np.bincount(where, weights=np.concatenate([s for _, s in parts]),
                         minlength=len(docnums))
    return docnums, scores


def _term(searcher, term, within):
    texts = _as_bytes(searcher, term.fieldname, [term.text])
    if texts is None:
        return EMPTY
    (text,) = texts
    found = []
    for leaf, offset, reader, table in _segments(searcher, term.fieldname):
        if (term.fieldname, text) not in reader:
            continue
        scorer = searcher.weighting.scorer(leaf, term.fieldname, text)
        span = table.span(text) if table is not None else None
        if span is not None:
            docnums, weights = table.postings(*span)
        else:
            wanted = None
            if within is not None:
                wanted = within[(within >= offset) & (within < offset + reader.doc_count_all())]
                if not len(wanted):
                    continue
                wanted = wanted - offset
            docnums, weights = _postings(reader.postings(term.fieldname, text), wanted)
        keep = _live(reader, docnums)
        if keep is not None:
            docnums, weights = docnums[keep], weights[keep]
        found.append((docnums + offset, _scores(scorer, reader, term.fieldname, docnums,
                                                weights) * term.boost))
    return _joined(found)


def _phrase(searcher, phrase, within):
    """The documents holding the words one after another, each scored as Whoosh
    scores a phrase: the sum of its words' scores. Positions come from the
    segments' postings files; without one, Whoosh's matchers run the query."""
    field = searcher.schema[phrase.fieldname] if phrase.fieldname in searcher.schema else None
    if field is not None and not (field.format and field.format.supports("positions")):
        raise Unsupported("phrase on a field without positions")  # Whoosh says why
    texts = _as_bytes(searcher, phrase.fieldname, phrase.words)
    if texts is None:
        return EMPTY
    found = []
    for leaf, offset, reader, table in _segments(searcher, phrase.fieldname):
        if table is None:
            raise Unsupported("phrase in a segment without a postings file")
        spans = [table.span(text) for text in texts]
        if None in spans:
            continue
        words = [table.postings(*span) for span in spans]
        candidates = functools.reduce(
            lambda a, b: np.intersect1d(a, b, assume_unique=True), [d for d, _ in words])
        if within is not None:
            candidates = candidates[np.isin(candidates + offset, within)]
        keep = _live(reader, candidates)
        if keep is not None:
            candidates = candidates[keep]
        matched = _in_sequence(table, spans, [d for d, _ in words], candidates)
        if not len(matched):
            continue
        scores = []
        for text, (docs, weights) in zip(texts, words, strict=True):
            scorer = searcher.weighting.scorer(leaf, phrase.fieldname, text)
            scores.append(_scores(scorer, reader, phrase.fieldname, matched,
                                  weights[np.searchsorted(docs, matched)]))
        found.append((matched + offset, _tree_sum(scores)))
    return _joined(found)


def _in_sequence(table, spans, docs, candidates):
    """Those of `candidates` where word i + 1 stands right after word i somewhere."""
    keys = None
    for i, (span, word_docs) in enumerate(zip(spans, docs, strict=True)):
        starts, positions = table.positions(*span)
        owner, positions = positions_at(starts, positions,
                                        np.searchsorted(word_docs, candidates))
        # (document, where the phrase would start): equal for every word of a match.
        mine = (candidates[owner] << 32) | (positions - i)
        mine = mine[positions >= i]
        mine = np.unique(mine)  # a word may repeat at one position (Chinese sub-words)
        keys = mine if keys is None else np.intersect1d(keys, mine, assume_unique=True)
    return np.unique(keys >> 32)


def _tree_sum(parts):
    # In the order Whoosh's binary tree of intersection matchers adds them up.
    if len(parts) == 1:
        return parts[0]
    half = len(parts) // 2
    return _tree_sum(parts[:half]) + _tree_sum(parts[half:])


def _leaves(searcher):
    return searcher.subsearchers or [(searcher, 0)]


def segment_ids(searcher):
    """The ids of the segments `searcher` reads."""
    return {leaf.reader().segment().segment_id() for leaf, _ in _leaves(searcher)}


def _as_bytes(searcher, fieldname, words):
    """The indexed form of `words` in the field; None if none can be in the index."""
    if fieldname not in searcher.schema:
        return None
    try:
        return [searcher.schema[fieldname].to_bytes(word) for word in words]
    except ValueError:
        return None


def _segments(searcher, fieldname):
    """(leaf searcher, its first document number, its reader, its FieldPostings of
    `fieldname` or None) for each segment."""
    folder = _folder(searcher)
    for leaf, offset in _leaves(searcher):
        reader = leaf.reader()
        yield leaf, offset, reader, field_postings(folder, reader, fieldname) if folder else None


def _folder(searcher):
    """The index directory, where segments' postings files are; None off disk."""
    return getattr(getattr(getattr(searcher, "_ix", None), "storage", None), "folder", None)


def _live(reader, docnums):
    """A mask of the `docnums` (of one segment) not deleted; None if none are."""
    if not reader.has_deletions():
        return None
    deleted = np.fromiter(reader.segment().deleted_docs(), dtype=np.int64)
    return ~np.isin(docnums, deleted)


def _joined(found):
    if not found:
        return EMPTY
    return np.concatenate([d for d, _ in found]), np.concatenate([s for _, s in found])


def _postings(matcher, wanted=None):
    """(docnums, weights) of a term's postings in one segment, deleted ones included;
    if `wanted` (sorted docnums) is given, blocks holding none of them are not read."""
    if isinstance(matcher, FilterMatcher):  # how a reader hides deleted documents
        matcher = matcher.child
        matcher.reset()  # the filter has already moved it past deleted documents
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        ids, weights = [], []
        first = 0
        while matcher.is_active():
            last = matcher._maxid  # from the block's header: its data is not read yet
            if wanted is not None and (np.searchsorted(wanted, first) ==
                                       np.searchsorted(wanted, last, side="right")):
                first = last + 1
                matcher._next_block()
                continue
            first = last + 1
            matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            ids.append(np.cumsum(np.asarray(deltas, dtype=np.int64)))
            if block_weights is None or isinstance(block_weights, float):
                block_weights = np.full(len(deltas), 1.0 if block_weights is None
                                        else block_weights)
            weights.append(np.asarray(block_weights, dtype=np.float64))
            matcher._next_block()
        if not ids:
            return EMPTY
        return np.concatenate(ids), np.concatenate(weights)
    ids, weights = [], []  # a posting list short enough to be kept in the term index
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64)


def _scores(scorer, reader, fieldname, docnums, weights):
    if isinstance(scorer, BM25FScorer):
        lengths = segment_lengths(reader, fieldname)
        if not len(lengths):
            raise Unsupported(fieldname)
        length = lengths[docnums]
        k1, b = scorer.K1, scorer.B
        return scorer.idf * ((weights * (k1 + 1))
                             / (weights + k1 * ((1 - b) + b * length / scorer.avgfl)))
    if isinstance(scorer, WeightScorer):
        return weights * 1.0
    raise Unsupported(scorer)
