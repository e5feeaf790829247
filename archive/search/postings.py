"""Each segment's text postings, also written beside it as flat numpy arrays.

Whoosh stores a posting list in zlib-compressed pickles of 128 postings, and each
posting's positions are pickled again on their own. Reading the postings of a
common word in 100,000 answers (130,000 postings in 1,000 blocks) took 60-80 ms,
nearly all of it unpickling, before a single document was scored, and a phrase
check unpickled every position list. Segments never change once written, so
while a segment is written its text fields' postings are also saved as plain
arrays (document numbers, weights, positions) in one file, which searches map
into memory and slice.

The file is `<segment id>.postings` in the index directory: Whoosh's own clean-up
deletes it with its segment. A segment without one (written before this file
existed, or by a writer that does not record) is read the Whoosh way.
"""

import logging
import os
import pickle
import struct
import threading
from array import array
from collections import OrderedDict

import numpy as np
from whoosh.writing import SegmentWriter

logger = logging.getLogger(__name__)

EXTENSION = ".postings"
MAGIC = b"archive-postings-1\n"
_HEADER = struct.Struct("<Q")
# The array types a file may hold (named in its header, with each array's place).
DTYPES = {np.dtype(t).str: np.dtype(t) for t in (np.uint32, np.int64, np.float32)}


class Recorder:
    """Notes, in the sorted order a segment's postings are written in, those of
    the fields that have positions."""

    def __init__(self, schema):
        self.formats = {name: field.format for name, field in schema.items()
                        if field.format is not None and field.format.supports("positions")}
        self.fields = {}

    def tap(self, postings):
        """Pass (field, term, docnum, weight, value) postings through unchanged."""
        formats = self.formats
        name = term = table = None
        for posting in postings:
            if posting[0] in formats:
                if posting[0] != name or posting[1] != term:
                    name, term = posting[0], posting[1]
                    table = self.fields.get(name)
                    if table is None:
                        table = self.fields[name] = _FieldRecord(formats[name])
                    table.start(term)
                table.add(posting[2], posting[3], posting[4])
            yield posting

    def save(self, folder, segment):
        """Write what was recorded as the segment's postings file (atomically)."""
        path = os.path.join(folder, segment.make_filename(EXTENSION))
        arrays, header = [], {}
        offset = 0
        for name, record in self.fields.items():
            terms, columns = record.finish()
            header[name] = {"terms": terms, "arrays": {}}
            for column, values in columns.items():
                header[name]["arrays"][column] = (offset, len(values), values.dtype.str)
                arrays.append(values)
                offset += values.nbytes
        head = pickle.dumps(header, protocol=pickle.HIGHEST_PROTOCOL)
        partial = path + ".partial"
        with open(partial, "wb") as out:
            out.write(MAGIC)
            out.write(_HEADER.pack(len(head)))
            out.write(head)
            # Arrays start on an 8-byte boundary, so each can be viewed in place.
            out.write(b"\0" * (-(len(MAGIC) + _HEADER.size + len(head)) % 8))
            for values in arrays:
                out.write(values.tobytes())
        os.replace(partial, path)


class _FieldRecord:
    def __init__(self, format_):
        self.decode = format_.decode_positions
        self.terms, self.term_starts = [], []
        self.docs, self.weights = array("I"), array("f")
        self.counts, self.positions = array("I"), array("I")
        self.values = []

    def start(self, term):
        self._decode_values()
        self.terms.append(term)
        self.term_starts.append(len(self.docs))

    def add(self, docnum, weight, value):
        self.docs.append(docnum)
        self.weights.append(weight)
        self.values.append(value)

    def _decode_values(self):
        # Once per term, not per posting: one loop over the term's position lists.
        decode, counts, positions = self.decode, self.counts, self.positions
        for value in self.values:
            found = decode(value)
            counts.append(len(found))
            positions.extend(found)
        self.values = []

    def finish(self):
        self._decode_values()
        counts = np.frombuffer(self.counts, dtype=np.uint32)
        pos_starts = np.zeros(len(counts) + 1, dtype=_offsets(len(self.positions)))
        np.cumsum(counts, out=pos_starts[1:])
        term_starts = np.array(self.term_starts + [len(self.docs)],
                               dtype=_offsets(len(self.docs)))
        columns = {"term_starts": term_starts,
                   "docs": np.frombuffer(self.docs, dtype=np.uint32),
                   "weights": np.frombuffer(self.weights, dtype=np.float32),
                   "pos_starts": pos_starts,
                   "positions": np.frombuffer(self.positions, dtype=np.uint32)}
        return self.terms, columns


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


class FieldPostings:
    """One field's postings in one segment, as arrays viewing the mapped file."""

    def __init__(self, terms, arrays):
        self.rows = {term: i for i, term in enumerate(terms)}
        for column, values in arrays.items():
            setattr(self, column, values)

    def span(self, term):
        """(first, end) rows of `term`'s postings, or None if the segment lacks it."""
        i = self.rows.get(term)
        return None if i is None else (int(self.term_starts[i]), int(self.term_starts[i + 1]))

    def positions_at(self, rows):
        """(owner, positions): every position of the postings at `rows`, each with the
        index into `rows` of the posting it belongs to."""
        starts = self.pos_starts[rows].astype(np.int64)
        counts = self.pos_starts[rows + 1] - starts
        owner = np.repeat(np.arange(len(rows)), counts)
        # Position k of the flattened list is at starts[owner] + (k - first k of owner).
        firsts = np.cumsum(counts) - counts
        flat = starts[owner] + (np.arange(int(counts.sum())) - firsts[owner])
        return owner, self.positions[flat].astype(np.int64)


_lock = threading.Lock()
# (folder, segment id) -> {field: FieldPostings} or None (no usable file)
_opened = OrderedDict()
MAX_SEGMENTS = 64
_UNREAD = object()


def forget_all_but(folder, segment_ids):
    """Let go of the files of segments no longer searched: a mapped file keeps its
    disk space after a merge or a rebuild deletes it."""
    with _lock:
        for key in [key for key in _opened if key[0] != folder or key[1] not in segment_ids]:
            del _opened[key]


def has_postings_file(folder, segment):
    return os.path.exists(os.path.join(folder, segment.make_filename(EXTENSION)))


def field_postings(folder, reader, fieldname):
    """FieldPostings of `fieldname` in the segment of `reader`, or None if the
    segment has no postings file or the field has no positions."""
    segment = reader.segment()
    key = (folder, segment.segment_id())
    with _lock:
        fields = _opened.get(key, _UNREAD)
        if fields is not _UNREAD:
            _opened.move_to_end(key)
    if fields is _UNREAD:
        fields = _open(os.path.join(folder, segment.make_filename(EXTENSION)))
        with _lock:
            _opened[key] = fields
            while len(_opened) > MAX_SEGMENTS:
                _opened.popitem(last=False)
    return None if fields is None else fields.get(fieldname)


def _open(path):
    try:
        mapped = np.memmap(path, dtype=np.uint8, mode="r")
    except (FileNotFoundError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    try:
        if bytes(mapped[: len(MAGIC)]) != MAGIC:
            raise ValueError("not a postings file")
        start = len(MAGIC) + _HEADER.size
        (size,) = _HEADER.unpack(bytes(mapped[len(MAGIC) : start]))
        header = pickle.loads(bytes(mapped[start : start + size]))
        base = start + size + (-(start + size) % 8)
        fields = {}
        for name, table in header.items():
            arrays = {}
            for column, (offset, count, dtype) in table["arrays"].items():
                dtype = DTYPES[dtype]
                first, size = base + offset, count * dtype.itemsize
                if first + size > len(mapped):
                    raise ValueError(f"{column} of {name} is cut short")
                arrays[column] = mapped[first : first + size].view(dtype)
            fields[name] = FieldPostings(table["terms"], arrays)
        return fields
    except (ValueError, KeyError, struct.error, pickle.UnpicklingError, EOFError) as exc:
        # Only a speed-up: searches fall back to Whoosh's own postings.
        logger.warning("ignoring unreadable postings file %s: %r", path, exc)
        return None
