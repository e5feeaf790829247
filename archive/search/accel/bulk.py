"""Writing a whole Whoosh index at once, in parallel processes.

Whoosh's own multi-process writer reads and prepares every document in the parent
and pickles it over to its workers, so the parent is the bottleneck: on two cores a
rebuild ran at 360 answers/s. Here each worker process reads its own range of rows,
prepares them and writes its own segment; the parent only lists the primary keys
and, at the end, commits the table of contents naming every worker's segment.

Per document, each worker also saves two costs of Whoosh's writer:
- the spelling words ("did you mean") are not re-analysed and posted once per
  document, but recorded while the text is analysed and posted once per word;
- the field lengths that the postings' block statistics need are read from the
  new segment once per field, not once per posting.
"""

import copy
import multiprocessing
from concurrent.futures import ProcessPoolExecutor

from django.conf import settings
from django.db import connection, connections
from django.db.models import QuerySet
from whoosh.analysis import CompositeAnalyzer, Filter
from whoosh.filedb.filestore import FileStorage
from whoosh.system import pack_uint

from archive.search.accel.postings import RecordingSegmentWriter
from archive.search.accel.scoring import length_table

# Below this many documents, starting processes costs more than it saves.
PARALLEL_FROM = 4000
# (path, backend, shares) for forked workers: inherited, not pickled (querysets and
# search indexes cannot be pickled).
_forked_work = None
# Connections a forked process inherited, set aside (_leave_inherited_connections).
_inherited = []


def write_index(path, schema, backend, indexes_and_objects, procs):
    """Create an index at `path` holding every object; returns how many were written.

    `backend.documents(pairs)` gives the Whoosh fields of the objects of the pairs.
    Querysets are split by primary key between up to `procs` processes; other
    iterables, and anything read inside a transaction (which other processes
    cannot see), are written by this process.
    """
    ix = FileStorage(path, supports_mmap=False).create_index(schema)
    pairs = list(indexes_and_objects)
    shares = _shares(pairs, procs)
    writer = ix.writer()
    try:
        if shares is None:
            results = [_write_segment(path, backend, pairs)]
        else:
            results = _write_in_processes(path, backend, shares)
        writer._close_segment()
        writer._commit_toc([segment for segment, count in results if count])
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    return sum(count for _, count in results)


def _shares(pairs, procs):
    """[[(index, queryset), ...] per process], or None to write in this process."""
    if procs < 2 or connection.in_atomic_block:
        return None
    if not all(isinstance(objects, QuerySet) for _, objects in pairs):
        return None
    keys = [list(objects.order_by("pk").values_list("pk", flat=True)) for _, objects in pairs]
    if sum(map(len, keys)) < PARALLEL_FROM:
        return None
    shares = [[] for _ in range(procs)]
    for (index, objects), pks in zip(pairs, keys, strict=True):
        if not pks:
            continue
        size = -(-len(pks) // procs)
        for share, start in zip(shares, range(0, len(pks), size), strict=False):
            first, last = pks[start], pks[min(start + size, len(pks)) - 1]
            share.append((index, objects.filter(pk__gte=first, pk__lte=last)))
    return [share for share in shares if share]


def _write_in_processes(path, backend, shares):
    global _forked_work
    connections.close_all()  # each process opens its own
    _forked_work = (path, backend, shares)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(shares), mp_context=context) as pool:
            return list(pool.map(_write_share, range(len(shares))))
    finally:
        _forked_work = None


def _write_share(number):
    path, backend, shares = _forked_work
    _leave_inherited_connections()
    try:
        return _write_segment(path, backend, shares[number])
    finally:
        connections.close_all()


def _leave_inherited_connections():
    """Open database connections a forked process inherits belong to its parent (seen
    here: a test server thread's): using one breaks both, and closing or even
    collecting one ends the parent's session. They are kept, unused, until the
    process exits, and this process opens its own."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _inherited.append(conn.connection)
            conn.connection = None


def _write_segment(path, backend, pairs):
    """Write `pairs` as one new segment of the index at `path`: (segment, count)."""
    # Mapped, not read into memory: writing a segment reads back its own files.
    ix = FileStorage(path).open_index()
    writer = _BulkSegmentWriter(ix, _lk=False, limitmb=settings.ARCHIVE_REBUILD_POOL_MB,
                                compound=False)
    spelled = writer.record_spelling_words()
    count = 0
    try:
        for doc in backend.documents(pairs):
            writer.add_document(**doc)
            count += 1
        for field, words in spelled.items():
            value = pack_uint(1)
            for word in sorted(words):
                writer.pool.add((field, word.encode("utf-8"), 0, 1.0, value))
        segment = writer._finalize_segment()
    except BaseException:
        writer._close_segment()
        raise
    return segment, count


class _RecordWords(Filter):
    """Passes tokens through, noting each word's text as the tokenizer gave it; not
    the shorter dictionary words found inside a Chinese word (at its position),
    which the everyday writer's spelling pass does not see either."""

    def __init__(self, words):
        self.words = words

    def __call__(self, tokens):
        add, last = self.words.add, None
        for token in tokens:
            if not token.positions or token.pos != last:
                add(token.text)
                last = token.pos if token.positions else None
            yield token


class _BulkSegmentWriter(RecordingSegmentWriter):
    def record_spelling_words(self):
        """Index spelled fields without their per-document spelling postings, noting
        their words instead: {spelling field name: set of words}."""
        self.schema = copy.deepcopy(self.schema)
        spelled = {}
        for name, field in self.schema.items():
            if field.separate_spelling():
                words = spelled.setdefault(field.spelling_fieldname(name), set())
                tokenizer, *filters = field.analyzer.items
                field.analyzer = CompositeAnalyzer(tokenizer, _RecordWords(words), *filters)
                field.spelling = False
        return spelled

    def per_document_reader(self):
        return _LengthTables(super().per_document_reader())


class _LengthTables:
    """The new segment's field lengths, each field's column read once."""

    def __init__(self, reader):
        self.reader = reader
        self.tables = {}

    def doc_field_length(self, docnum, fieldname, default=0):
        table = self.tables.get(fieldname)
        if table is None:
            table = self.tables[fieldname] = length_table(self.reader, fieldname)
        return table[docnum] if table else default

    def close(self):
        self.reader.close()
