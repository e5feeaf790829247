"""Facet counts for Whoosh from per-segment columns held in memory as numpy arrays.

Whoosh's own facets read one column entry from disk per hit per facet: a search
for a common word over 20k documents spent 90% of its time there. Whoosh segments
never change once written (deletions only hide documents), so each facet column
of each segment is read once into an array of small integer codes; counting the
hits of a search is then one numpy bincount per facet.
"""

import threading

import numpy as np

from archive.search.accel.cache import SegmentCache

# {((segment id,), column): array of codes, one per document of that segment}
SEGMENT_CODES = SegmentCache("facet codes of a segment", max_entries=512)
# {(segment ids of the index, column): codes of the whole index in docnum order}
INDEX_CODES = SegmentCache("facet codes of an index", max_entries=64)

# Not a cache: the code of each label, which the arrays above are made of. It only
# grows (by the distinct values of a facet: speakers, countries, years...), and a
# code never changes while an array holding it is kept.
_labels_lock = threading.Lock()
# column -> list of labels (code -> label) and dict (label -> code); code 0 is "no value"
_labels = {}
_codes = {}
# set column -> (labels covered, combination codes, value codes, value labels)
_member_tables = {}


def _code(field, label):
    codes = _codes.setdefault(field, {"": 0})
    labels = _labels.setdefault(field, [""])
    if label not in codes:
        codes[label] = len(labels)
        labels.append(label)
    return codes[label]


def _leaves(searcher):
    if searcher.subsearchers:
        return [(sub.reader(), offset) for sub, offset in searcher.subsearchers]
    return [(searcher.reader(), 0)]


def _segment_array(reader, field):
    def fill():
        # Walk each value's postings rather than look up each document's column
        # entry: a few block reads per value instead of a file read per document.
        codes = np.zeros(reader.doc_count_all(), dtype=np.int32)
        decode = reader.schema[field].from_bytes
        with _labels_lock:
            for btext in reader.lexicon(field):
                ids = np.fromiter(reader.postings(field, btext).all_ids(), dtype=np.int64)
                codes[ids] = _code(field, decode(btext))
        return codes

    return SEGMENT_CODES.get((reader.segment().segment_id(),), field, fill)


def _index_array(searcher, field):
    leaves = _leaves(searcher)
    segments = tuple(reader.segment().segment_id() for reader, _ in leaves)
    return INDEX_CODES.get(segments, field, lambda: np.concatenate(
        [_segment_array(reader, field) for reader, _ in leaves]))


def _members(column, labels):
    """(combination codes, value codes, value labels) of a comma-joined set column:
    one entry per value in each combination ("FR,RU" holds FR and RU)."""
    cached = _member_tables.get(column)
    if cached is None or cached[0] != len(labels):
        values, combos, members = {}, [], []
        for code, label in enumerate(labels):
            for value in filter(None, label.split(",")):
                combos.append(code)
                members.append(values.setdefault(value, len(values)))
        cached = (len(labels), np.array(combos, dtype=np.int64),
                  np.array(members, dtype=np.int64), list(values))
        _member_tables[column] = cached
    return cached[1:]


def count_facets(searcher, matched, fields, sets=()):
    """{field: {label: count}} over the documents numbered in `matched` (a numpy array).

    `fields` maps the facet name to the column it is counted from; the columns of
    the names in `sets` hold comma-joined sets, counted per value (an interview
    about Russia and France counts once for each).
    """
    counts = {}
    arrays = {name: _index_array(searcher, column) for name, column in fields.items()}
    with _labels_lock:
        labels = {name: list(_labels.get(column, [""])) for name, column in fields.items()}
        members = {name: _members(fields[name], labels[name]) for name in sets}
    for name, codes in arrays.items():
        tally = np.bincount(codes[matched], minlength=len(labels[name]))
        if name in members:
            combos, values, names = members[name]
            tally = np.bincount(values, weights=tally[combos], minlength=len(names))
        else:
            names = labels[name]
        counts[name] = {names[code]: int(tally[code]) for code in np.flatnonzero(tally)
                        if names[code]}
    return counts


# A sortable DATETIME column's value for a document without a date (the column's
# default: the largest unsigned 64-bit number, which no date reaches).
NO_DATE = np.uint64(2**64 - 1)
# {((segment id,), column): array of raw date values, one per document of that segment}
SEGMENT_DATES = SegmentCache("dates of a segment", max_entries=64)


def _index_dates(searcher, column):
    def segment(reader):
        def fill():
            values = reader.column_reader(column, translate=False)
            return np.fromiter(values, dtype=np.uint64, count=reader.doc_count_all())

        return SEGMENT_DATES.get((reader.segment().segment_id(),), column, fill)

    leaves = _leaves(searcher)
    segments = tuple(reader.segment().segment_id() for reader, _ in leaves)
    return INDEX_CODES.get(segments, ("dates", column), lambda: np.concatenate(
        [segment(reader) for reader, _ in leaves]))


def earliest(searcher, matched, date_column, fields, sets=()):
    """(the earliest dated document of `matched`, {field: {label: its earliest
    document}}), documents by number; ties on a date go to the lower number.

    `fields` and `sets` as for count_facets. The matches are sorted by date once;
    a value's earliest document is where its code first occurs in that order.
    """
    dates = _index_dates(searcher, date_column)[matched]
    dated = dates != NO_DATE
    ordered = matched[dated][np.lexsort((matched[dated], dates[dated]))]
    if not len(ordered):
        return None, {name: {} for name in fields}
    found = {}
    for name, column in fields.items():
        codes, first = np.unique(_index_array(searcher, column)[ordered], return_index=True)
        with _labels_lock:
            labels = list(_labels.get(column, [""]))
            members = _members(column, labels) if name in sets else None
        if members is None:
            found[name] = {labels[c]: int(ordered[p]) for c, p in zip(codes, first, strict=True)
                           if labels[c]}
            continue
        at = dict(zip(codes.tolist(), first.tolist(), strict=True))  # combination -> first position
        combos, values, names = members
        best = {}
        for combo, value in zip(combos.tolist(), values.tolist(), strict=True):
            if combo in at and at[combo] < best.get(value, len(ordered)):
                best[value] = at[combo]
        found[name] = {names[v]: int(ordered[p]) for v, p in best.items() if names[v]}
    return int(ordered[0]), found
