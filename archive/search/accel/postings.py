"""Each segment's text postings, also written beside it as flat numpy arrays.

Whoosh stores a posting list in zlib-compressed pickles of 128 postings, and each
posting's positions are pickled again on their own. Reading the postings of a
common word means unpickling every one of its blocks before a single document is
scored, and a phrase check unpickles every position list. Segments never change once written, so
while a segment is written its text fields' postings are also saved as plain
arrays (document numbers, weights, positions) in one file, from which a search
reads each word's postings in a few contiguous reads.

The file is `<segment id>.postings` in the index directory: Whoosh's own clean-up
deletes it with its segment. It is only a speed-up: a segment without one (written
before this file existed), or with one that cannot be read (damaged, cut short,
or not written because the disk was full), is read the Whoosh way.
"""

import contextlib
import json
import logging
import os
import struct
import zlib
from array import array
from itertools import chain, groupby
from operator import itemgetter

import numpy as np
from whoosh.writing import SegmentWriter

from archive.search.accel.cache import SegmentCache

logger = logging.getLogger(__name__)

EXTENSION = ".postings"
MAGIC = b"archive-postings-2\n"
_HEADER = struct.Struct("<QI")  # the header's length, the checksum
# The types each column may have (named in the file's header, with its place).
DTYPES = {np.dtype(t).str: np.dtype(t) for t in (np.uint8, np.uint32, np.int64, np.float32)}
COLUMN_TYPES = {
    "terms": {"|u1"}, "term_ends": {"<i8"}, "term_starts": {"<u4", "<i8"},
    "docs": {"<u4"}, "weights": {"<f4"}, "pos_starts": {"<u4", "<i8"}, "positions": {"<u4"},
}
# Decoded position lists remembered while a segment is recorded.
MAX_DECODED = 200_000
_FIELD_AND_TERM, _DOCNUM, _WEIGHT, _VALUE = (
    itemgetter(0, 1), itemgetter(2), itemgetter(3), itemgetter(4))


class Recorder:
    """Notes, in the sorted order a segment's postings are written in, those of
    the fields that have positions."""

    def __init__(self, schema):
        self.formats = {name: field.format for name, field in schema.items()
                        if field.format is not None and field.format.supports("positions")}
        self.fields = {}

    def tap(self, postings):
        """Pass (field, term, docnum, weight, value) postings through unchanged."""
        # A rebuild sends millions of postings through here: they are taken a term
        # at a time, and what is noted is pulled out of them by C loops (map).
        formats, fields = self.formats, self.fields
        for (name, term), group in groupby(postings, key=_FIELD_AND_TERM):
            if name not in formats:
                yield from group
                continue
            record = fields.get(name)
            if record is None:
                record = fields[name] = _FieldRecord(formats[name])
            group = list(group)
            record.add(term, group)
            yield from group

    def save(self, folder, segment):
        """Write what was recorded as the segment's postings file, atomically; on
        failure (a full disk) log it and go on: the segment is searched without."""
        path = os.path.join(folder, segment.make_filename(EXTENSION))
        arrays, header = [], {}
        offset = 0
        for name, record in self.fields.items():
            header[name] = {}
            for column, values in record.finish().items():
                header[name][column] = (offset, len(values), values.dtype.str)
                arrays.append(values)
                offset += values.nbytes
        head = json.dumps({"fields": header, "data_bytes": offset}).encode()
        # A checksum of all that follows it, not fsync: a file damaged or half-written
        # when the machine stopped is recognised and ignored, and commits stay quick.
        crc = zlib.crc32(head)
        for values in arrays:
            crc = zlib.crc32(memoryview(values), crc)
        partial = path + ".partial"
        try:
            with open(partial, "wb") as out:
                out.write(MAGIC)
                out.write(_HEADER.pack(len(head), crc))
                out.write(head)
                for values in arrays:
                    out.write(memoryview(values))
            os.replace(partial, path)
        except OSError:
            logger.exception("could not write the postings file %s", path)
            with contextlib.suppress(OSError):
                os.remove(partial)


class _Decoded(dict):
    """{encoded positions: decoded positions}, decoding what it lacks."""

    def __init__(self, decode):
        super().__init__()
        self.decode = decode

    def __missing__(self, value):
        found = self[value] = self.decode(value)
        return found


class _FieldRecord:
    def __init__(self, format_):
        self.terms, self.term_starts = [], []
        self.docs, self.weights = array("I"), array("f")
        self.counts, self.positions = array("I"), array("I")
        self.decoded = _Decoded(format_.decode_positions)

    def add(self, term, postings):
        """Note `term`'s postings, (field, term, docnum, weight, value) in docnum order."""
        self.terms.append(term)
        self.term_starts.append(len(self.docs))
        self.docs.extend(map(_DOCNUM, postings))
        self.weights.extend(map(_WEIGHT, postings))
        # Unpickling each posting's positions was most of the recording's cost, and
        # few lists differ (35,000 among 4 million postings): each is decoded once.
        found = list(map(self.decoded.__getitem__, map(_VALUE, postings)))
        self.counts.extend(map(len, found))
        self.positions.extend(chain.from_iterable(found))
        if len(self.decoded) > MAX_DECODED:
            self.decoded.clear()

    def finish(self):
        counts = np.frombuffer(self.counts, dtype=np.uint32)
        pos_starts = np.zeros(len(counts) + 1, dtype=_offsets(len(self.positions)))
        np.cumsum(counts, out=pos_starts[1:])
        term_starts = np.array(self.term_starts + [len(self.docs)],
                               dtype=_offsets(len(self.docs)))
        term_ends = np.cumsum([len(term) for term in self.terms], dtype=np.int64)
        columns = {"terms": np.frombuffer(b"".join(self.terms), dtype=np.uint8),
                   "term_ends": term_ends,
                   "term_starts": term_starts,
                   "docs": np.frombuffer(self.docs, dtype=np.uint32),
                   "weights": np.frombuffer(self.weights, dtype=np.float32),
                   "pos_starts": pos_starts,
                   "positions": np.frombuffer(self.positions, dtype=np.uint32)}
        return columns


def _offsets(largest):
    # Half the size of int64 offsets for every segment but a giant one.
    return np.uint32 if largest < 2**32 else np.int64


class RecordingSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, also saving each new segment's postings file (new
    documents and merged segments alike)."""

    def _flush_segment(self):
        # SegmentWriter._flush_segment, with the postings passing through a Recorder.
        self._recorder = Recorder(self.schema)
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        postings = self._recorder.tap(self.pool.iter_postings())
        self.fieldwriter.add_postings(self.schema, lengths, postings)
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    def _finalize_segment(self):
        segment = super()._finalize_segment()
        folder = getattr(self.storage, "folder", None)
        if folder is not None:  # written after the compound file is assembled: kept apart
            self._recorder.save(folder, segment)
        return segment


class Damaged(Exception):
    """A postings file could not be read after all (cut short, changed, closed...)."""

    def __init__(self, key, message):
        super().__init__(message)
        self.key = key


class FieldPostings:
    """One field's postings in one segment's postings file. The term list is read
    when the file is opened; each term's postings when a search asks for them."""

    def __init__(self, key, file, base, columns, doc_limit):
        self.key, self.file, self.base, self.columns = key, file, base, columns
        self.doc_limit = doc_limit
        count = {column: columns[column][1] for column in COLUMN_TYPES}
        if (count["weights"] != count["docs"] or count["pos_starts"] != count["docs"] + 1
                or count["term_starts"] != count["term_ends"] + 1):
            raise ValueError("columns of different lengths")
        blob = self._read("terms", 0, count["terms"]).tobytes()
        ends = self._read("term_ends", 0, count["term_ends"]).tolist()
        self.term_starts = self._read("term_starts", 0, count["term_starts"])
        starts = [0, *ends[:-1]]
        if any(end < start for start, end in zip(starts, ends, strict=True)) or (
                ends and ends[-1] != len(blob)):
            raise ValueError("terms out of order")
        self.rows = {blob[start:end]: i for i, (start, end) in enumerate(zip(starts, ends,
                                                                               strict=True))}
        if len(self.rows) != len(ends) or self.term_starts[-1] != count["docs"] or (
                self._read("pos_starts", count["docs"], count["docs"] + 1)[0]
                != count["positions"]):
            raise ValueError("terms and postings disagree")

    def span(self, term):
        """(first, end) rows of `term`'s postings, or None if the segment lacks it."""
        i = self.rows.get(term)
        return None if i is None else (int(self.term_starts[i]), int(self.term_starts[i + 1]))

    def postings(self, first, end):
        """(document numbers, weights) of the postings in rows first..end."""
        docs = self._read("docs", first, end).astype(np.int64)
        if len(docs) and (docs[-1] >= self.doc_limit or np.any(docs[1:] <= docs[:-1])):
            raise Damaged(self.key, f"{self.file.name}: document numbers out of order")
        return docs, self._read("weights", first, end).astype(np.float64)

    def positions(self, first, end):
        """Positions of rows first..end: (starts, positions) where row first + i has
        positions[starts[i]:starts[i + 1]]."""
        starts = self._read("pos_starts", first, end + 1).astype(np.int64)
        found = self._read("positions", int(starts[0]), int(starts[-1])).astype(np.int64)
        return starts - starts[0], found

    def _read(self, column, first, end):
        offset, count, dtype = self.columns[column]
        if not 0 <= first <= end <= count:
            raise Damaged(self.key, f"{self.file.name}: rows {first}..{end} outside {column}")
        size = DTYPES[dtype].itemsize
        try:
            data = os.pread(self.file.fileno(), (end - first) * size,
                            self.base + offset + first * size)
        except (OSError, ValueError) as exc:  # ValueError: the file was closed
            raise Damaged(self.key, f"{self.file.name}: {exc!r}") from exc
        if len(data) != (end - first) * size:
            raise Damaged(self.key, f"{self.file.name}: {column} is cut short")
        return np.frombuffer(data, dtype=DTYPES[dtype])


def positions_at(starts, positions, rows):
    """(owner, positions): every position of the postings numbered `rows` (as
    returned by FieldPostings.positions), each with the index into `rows` of the
    posting it belongs to."""
    first, counts = starts[rows], starts[rows + 1] - starts[rows]
    owner = np.repeat(np.arange(len(rows)), counts)
    # Position k of the result is at first[owner] + (k - where owner's run begins).
    runs = np.cumsum(counts) - counts
    return owner, positions[first[owner] + (np.arange(int(counts.sum())) - runs[owner])]


# {((segment id,), folder): {field: FieldPostings}, or None when it has no usable file}
OPENED = SegmentCache("postings files", max_entries=64)


def set_aside(key):
    """Search the segment of a file found damaged the Whoosh way from now on."""
    folder, segment_id = key
    OPENED.put((segment_id,), folder, None)


def has_postings_file(folder, segment):
    return os.path.exists(os.path.join(folder, segment.make_filename(EXTENSION)))


def segments_without_postings(index, folder):
    """(segments, documents) of `index` that have no postings file."""
    lacking = [segment for segment in index._segments()
               if not has_postings_file(folder, segment)]
    return len(lacking), sum(segment.doc_count() for segment in lacking)


def field_postings(folder, reader, fieldname):
    """FieldPostings of `fieldname` in the segment of `reader`; None if the segment
    has no usable postings file. A field no document of the segment has is an
    empty FieldPostings (every `span` is None)."""
    segment = reader.segment()
    segment_id = segment.segment_id()
    fields = OPENED.get((segment_id,), folder, lambda: _open(
        os.path.join(folder, segment.make_filename(EXTENSION)), (folder, segment_id),
        reader.doc_count_all()))
    if fields is None:
        return None
    return fields.get(fieldname, _NO_POSTINGS)


class _NoPostings:
    def span(self, term):
        return None


_NO_POSTINGS = _NoPostings()


def _open(path, key, doc_limit):
    try:
        file = open(path, "rb")  # noqa: SIM115 - kept open while the segment is searched
    except FileNotFoundError:
        return None
    except OSError as exc:
        logger.warning("ignoring unreadable postings file %s: %r", path, exc)
        return None
    try:
        if file.read(len(MAGIC)) != MAGIC:
            raise ValueError("not a postings file")
        size, crc = _HEADER.unpack(file.read(_HEADER.size))
        base = len(MAGIC) + _HEADER.size + size
        _check_sum(file, base - size, crc)
        file.seek(base - size)
        header = json.loads(file.read(size))
        if os.fstat(file.fileno()).st_size != base + header["data_bytes"]:
            raise ValueError("not the size its header gives")
        fields, place = {}, 0
        for name, columns in header["fields"].items():
            for column, types in COLUMN_TYPES.items():  # written back to back, in this order
                offset, count, dtype = columns[column]
                if offset != place or dtype not in types or count < 0:
                    raise ValueError(f"{column} of {name} misplaced")
                place += count * DTYPES[dtype].itemsize
            fields[name] = FieldPostings(key, file, base, columns, doc_limit)
        if place != header["data_bytes"]:
            raise ValueError("columns do not fill the file")
        return fields
    except Exception as exc:  # noqa: BLE001 - any damage only costs the speed-up
        file.close()
        logger.warning("ignoring unreadable postings file %s: %r", path, exc)
        return None


def _check_sum(file, start, expected):
    # Read once per process and segment (70 MB at 100k answers: a few tens of ms).
    file.seek(start)
    crc = 0
    while chunk := file.read(1 << 23):
        crc = zlib.crc32(chunk, crc)
    if crc != expected:
        raise ValueError("checksum does not match")
