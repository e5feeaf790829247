"""Haystack's Whoosh backend, adjusted for this archive.

What changes, and why (measured with Haystack 3.4.0 and Whoosh 2.7.4):
- Facet fields are stored untokenized (ID / comma KEYWORD), so "United States"
  stays one facet value instead of the stems `unit` and `state`.
- Text is analyzed by `MixedAnalyzer`, which segments Chinese into words.
- The index is opened without mmap: Whoosh otherwise copies whole index files for
  each reader a search opens, which costs more than the search itself.
- Every write waits for Whoosh's single-writer lock for a bounded time and then
  fails loudly; nothing is swallowed (the stock backend logs and loses deletions).
- A full rebuild writes a fresh index with one writer and one commit, then swaps
  it in, so searches keep working while it runs.
- Highlights use the query's real terms (wildcards expanded) and this analyzer.
- Searching, facet counting and writing go through the accelerator
  (archive/search/accel/, which alone touches Whoosh's internals); with
  ARCHIVE_SEARCH_ACCEL=0, Whoosh's own collectors and writer do the same work.
"""

import functools
import os
import pickle
import shutil
import struct
import uuid
import zlib
from contextlib import contextmanager

from django.conf import settings
from django.utils.encoding import force_str
from haystack.backends.whoosh_backend import (
    WhooshEngine,
    WhooshSearchBackend,
    WhooshSearchQuery,
)
from haystack.constants import ID
from haystack.exceptions import SearchBackendError, SkipDocument
from haystack.fields import FacetField
from haystack.utils import get_identifier
from whoosh import index as whoosh_index
from whoosh import sorting
from whoosh.collectors import FacetCollector, FilterCollector, TopCollector
from whoosh.fields import ID as WHOOSH_ID
from whoosh.fields import KEYWORD, STORED, TEXT
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import FileFormatError
from whoosh.qparser import QueryParser
from whoosh.query import And, Not, Phrase, Term
from whoosh.scoring import BM25F

from archive.search import accel
from archive.search.accel.bulk import write_index
from archive.search.accel.collectors import collect
from archive.search.accel.facet_counts import NO_DATE, count_facets, earliest
from archive.search.accel.postings import RecordingSegmentWriter, segments_without_postings
from archive.search.accel.scoring import ArchiveBM25F
from archive.search.analysis import MixedAnalyzer, query_term
from archive.search.backend import SearchBackend, as_values, file_lock, in_chunks, lock_path
from archive.search.errors import IndexLockTimeout, SearchUnavailable
from archive.search.highlight import snippet
from archive.search.integrity import raised_decoding, read_failure

# How long a write waits for another process's writer before failing loudly.
DEFAULT_LOCK_TIMEOUT = 60.0
# Stored beside each multi-valued facet: the whole comma-joined value in a column,
# so that facet counting reads one column entry per hit instead of every posting.
SET_SUFFIX = "__set"
REBUILD_PROCS = max(1, min(4, os.cpu_count() or 1))
# Most similar documents a "more like this" returns (Haystack asks for all of them).
MORE_LIKE_THIS_LIMIT = 100


# What reading a missing, half-deleted or damaged index raises (found by deleting,
# truncating and overwriting index files): EmptyIndexError and other Whoosh
# IndexErrors, FileNotFoundError and other OSErrors, and the decoders' errors.
UNREADABLE = (whoosh_index.IndexError, OSError, EOFError, struct.error,
              pickle.UnpicklingError, zlib.error, FileFormatError, UnicodeDecodeError)


def reports_unavailable(method):
    """Raise SearchUnavailable instead of what an unreadable index raises.

    Any other error is a bug unless it arose decoding an index file or the index,
    read again, fails too: damaged pickles raise almost anything
    (archive.search.integrity)."""

    @functools.wraps(method)
    def wrapped(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (SearchUnavailable, IndexLockTimeout):
            raise
        except UNREADABLE as exc:
            failure = exc
        except Exception as exc:
            failure = exc if raised_decoding(exc) else read_failure(
                self.path, getattr(self, "schema", None))
            if failure is None:
                raise
            if failure is not exc:
                failure.__context__ = exc
        raise self._unreadable(failure) from failure

    return wrapped


class ArchiveWhooshBackend(SearchBackend, WhooshSearchBackend):
    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.lock_timeout = float(options.get("LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
        # Losing a write silently leaves unpublished statements searchable.
        self.silently_fail = False
        self.accelerated = accel.enabled()

    @reports_unavailable
    def setup(self):
        self._close_searcher()
        self._prepare_schema()
        # A missing index is not created empty here: that would serve "no results"
        # as if they were true. Only `rebuild_index` (or `clear`) writes a new one.
        # (Not whoosh.index.exists(): it unpickles the stored schema, which is unused.)
        try:
            self.index = self.storage.open_index(schema=self.schema)
        except whoosh_index.EmptyIndexError as exc:
            raise SearchUnavailable(f"no search index at {self.path}: run rebuild_index") from exc
        self.setup_complete = True

    def _prepare_schema(self):
        from haystack import connections

        self.storage = FileStorage(self.path, supports_mmap=False)
        fields = connections[self.connection_alias].get_unified_index().all_searchfields()
        self.content_field_name, self.schema = self.build_schema(fields)
        self.parser = QueryParser(self.content_field_name, schema=self.schema)

    def build_schema(self, fields):
        content_field_name, schema = super().build_schema(fields)
        for field in fields.values():
            name = field.index_fieldname
            if not field.indexed:
                # Haystack's Whoosh backend indexes these too (as stemmed text or
                # numbers): postings no search reads, a fifth of a rebuild's work.
                schema.remove(name)
                schema.add(name, STORED())
            elif isinstance(field, FacetField):
                schema.remove(name)
                if field.is_multivalued:
                    schema.add(name, KEYWORD(stored=True, commas=True, lowercase=False))
                    schema.add(name + SET_SUFFIX, WHOOSH_ID(sortable=True))
                else:
                    schema.add(name, WHOOSH_ID(stored=True, sortable=True))
            elif isinstance(schema[name], TEXT):
                schema.remove(name)
                schema.add(
                    name,
                    TEXT(
                        stored=field.stored,
                        analyzer=MixedAnalyzer(),
                        spelling=field.document,
                        field_boost=field.boost,
                    ),
                )
        return content_field_name, schema

    # Writing -----------------------------------------------------------------

    def _writer(self, ix=None):
        ix = ix or self.index
        if self.accelerated:
            return RecordingSegmentWriter(ix, timeout=self.lock_timeout, delay=0.05)
        return ix.writer(timeout=self.lock_timeout, delay=0.05)

    def prepare_document(self, index, obj):
        """The Whoosh fields of one object's search document."""
        doc = index.full_prepare(obj)
        doc.pop("boost", None)
        doc = {key: self._from_python(value) for key, value in doc.items()}
        for name in list(doc):
            if name + SET_SUFFIX in self.schema:
                doc[name + SET_SUFFIX] = doc[name]
        return doc

    def documents(self, indexes_and_objects):
        """The Whoosh fields of each object of the (index, objects) pairs that its
        index does not skip."""
        for index, objects in indexes_and_objects:
            for obj in in_chunks(objects):
                try:
                    yield self.prepare_document(index, obj)
                except SkipDocument:
                    continue

    @reports_unavailable
    def apply(self, index, to_update, to_remove):
        """Update `to_update` objects and remove `to_remove` identifiers in one commit."""
        if not self.setup_complete:
            self.setup()
        try:
            writer = self._writer()
        except whoosh_index.LockError as exc:
            # A writer outside the archive's own lock (index_lock) holds Whoosh's.
            raise IndexLockTimeout(f"Whoosh's writer lock held for more than "
                                   f"{self.lock_timeout:.0f} s") from exc
        try:
            for identifier in to_remove:
                writer.delete_by_term(ID, identifier)
            for obj in to_update:
                try:
                    writer.update_document(**self.prepare_document(index, obj))
                except SkipDocument:
                    writer.delete_by_term(ID, get_identifier(obj))
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.index = self.index.refresh()

    def update(self, index, iterable, commit=True):
        self.apply(index, list(iterable), [])

    def remove(self, obj_or_string, commit=True):
        self.apply(None, [], [get_identifier(obj_or_string)])

    def rebuild(self, indexes_and_objects):
        """Write a complete new index from `(index, objects)` pairs, then swap it in.

        A fresh index written at once, not updated batch by batch: batch updates
        slow down as segments pile up. The accelerator (archive.search.accel.bulk)
        splits querysets between processes. Returns the number of documents written.
        """
        if not self.setup_complete:
            self._prepare_schema()  # the old index may be missing or damaged
        staging = f"{self.path.rstrip(os.sep)}.rebuild-{uuid.uuid4().hex[:8]}"
        os.makedirs(staging)
        try:
            if self.accelerated:
                count = write_index(staging, self.schema, self, indexes_and_objects,
                                    procs=REBUILD_PROCS)
            else:
                count = self._write_index(staging, indexes_and_objects)
            self._swap_in(staging)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return count

    def _write_index(self, path, indexes_and_objects):
        """Whoosh's own writer, one commit: the rebuild without the accelerator."""
        ix = FileStorage(path).create_index(self.schema)
        writer = ix.writer(limitmb=settings.ARCHIVE_REBUILD_POOL_MB)
        count = 0
        try:
            for doc in self.documents(indexes_and_objects):
                writer.add_document(**doc)
                count += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        return count

    def _swap_in(self, staging):
        # A rename is atomic: readers see the old index or the new one, never half.
        retired = f"{self.path.rstrip(os.sep)}.old-{uuid.uuid4().hex[:8]}"
        if os.path.exists(self.path):
            os.rename(self.path, retired)
        os.rename(staging, self.path)
        shutil.rmtree(retired, ignore_errors=True)
        self.setup()

    def lock(self, timeout):
        """A file beside the index: it serialises the writers of this machine."""
        return file_lock(lock_path(), timeout)

    def delete_index(self):
        """Everything removed (Haystack's `clear`): an empty index, not a missing one.
        Under the index lock, as `rebuild_index` is: no writer may be midway."""
        with self.lock(self.lock_timeout):
            self.rebuild([])

    @reports_unavailable
    def health(self):
        """Segments without a postings file: searches read their postings the slower
        Whoosh way (archive.search.accel.postings)."""
        if not self.accelerated:
            return []
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        segments, documents = segments_without_postings(self.index, self.path)
        if not segments:
            return []
        return [f"{segments} index segment(s) holding {documents} document(s) have no "
                "postings file, so searches read them more slowly; `rebuild_index` "
                "writes the files."]

    @reports_unavailable
    def check_readable(self, thorough=True):
        """Read the index on disk (with `thorough`, every byte a search may read);
        raises SearchUnavailable if that fails (archive.search.integrity)."""
        if not self.setup_complete:
            self.setup()
        failure = read_failure(self.path, self.schema, thorough)
        if failure is not None:
            raise self._unreadable(failure) from failure

    def _unreadable(self, failure):
        """The SearchUnavailable to raise for `failure`; the index is opened afresh on
        the next call (after `rebuild_index`, it is back)."""
        self.setup_complete = False
        self._searcher = None
        return SearchUnavailable(f"search index {self.path} unreadable: {failure!r}")

    @reports_unavailable
    def document_fingerprints(self):
        """{identifier: fingerprint} of every document in the index."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        with self.index.searcher() as searcher:
            stored = list(searcher.all_stored_fields())
        if not all(ID in fields for fields in stored):  # decoded from damaged bytes
            raise self._unreadable("a stored document has no identifier")
        return {fields[ID]: fields.get("fingerprint") for fields in stored}

    # Reading -----------------------------------------------------------------

    @contextmanager
    def reading(self):
        """A searcher kept open between searches and refreshed when the index changes.

        Opening one reads every segment's term index, a cost that grows with the
        index and would otherwise be paid by every search.

        Nested use (Haystack asks for a spelling suggestion while it reads results)
        gets the same searcher: refreshing it then, after another process's commit
        merged segments, would close segments the outer search is still reading.
        """
        if getattr(self, "_reading", False):
            yield self._searcher
            return
        # A rebuild swaps in a new directory, whose generation may equal the old one's.
        # The inode alone could be reused by a later rebuild's directory.
        found = os.stat(self.path)
        directory = (found.st_ino, found.st_ctime_ns)
        searcher = getattr(self, "_searcher", None)
        if searcher is not None and self._searcher_directory == directory:
            searcher = searcher.refresh()
        else:
            self._close_searcher()
            searcher = self.index.searcher(
                weighting=ArchiveBM25F() if self.accelerated else BM25F())
        self._searcher, self._searcher_directory = searcher, directory
        self._reading = True
        try:
            yield searcher
        finally:
            self._reading = False

    def _close_searcher(self):
        if getattr(self, "_searcher", None) is not None:
            self._searcher.close()
        self._searcher = None

    @reports_unavailable
    def create_spelling_suggestion(self, query_string):
        """Closest indexed word to each word typed, sharing its first letter (which
        makes Whoosh's corrector many times faster; typos rarely hit the first letter)."""
        if not self.setup_complete:
            self.setup()
        words = []
        with self.reading() as searcher:
            corrector = searcher.reader().corrector(self.content_field_name)
            for word in query_string.split():
                suggestions = corrector.suggest(word.lower(), limit=1, maxdist=2, prefix=1)
                words.append(suggestions[0] if suggestions else word)
        return " ".join(words)

    @reports_unavailable
    def document_frequencies(self, words):
        """{word: documents holding it}, from the term index (no postings read)."""
        if not self.setup_complete:
            self.setup()
        with self.reading() as searcher:
            return {word: searcher.doc_frequency(self.content_field_name, term) if term else 0
                    for word, term in ((word, query_term(word)) for word in words)}

    @reports_unavailable
    def first_uses(self, query_string, fields):
        """The matches' date and facet columns, read once each (as arrays, with the
        accelerator): no stored document is read but those of the earliest uses."""
        if not self.setup_complete:
            self.setup()
        query = self._parse(query_string)
        with self.reading() as searcher:
            if self.accelerated:
                _, matched = collect(searcher, query, 1)
                columns = {name: self._facet_column(name) for name in fields}
                sets = {name for name in fields if name + SET_SUFFIX in self.schema}
                first, earliest_of = earliest(searcher, matched, "date", columns, sets)
            else:
                first, earliest_of = self._earliest(searcher, query, fields)
            stored = searcher.stored_fields
            return {"first": stored(first) if first is not None else None,
                    **{name: {value: stored(docnum) for value, docnum in found.items()}
                       for name, found in earliest_of.items()}}

    def _earliest(self, searcher, query, fields):
        """What accel.facet_counts.earliest finds, one match at a time."""
        first, found = None, {name: {} for name in fields}
        # Segment by segment: a multi-segment column reader can lose its place
        # (IndexError in Whoosh's columns) where a segment has no such column values.
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            dates = reader.column_reader("date", translate=False)
            columns = {name: reader.column_reader(self._facet_column(name)) for name in fields}
            for local in leaf.docs_for_query(query):
                if dates[local] == NO_DATE:
                    continue
                key = (dates[local], local + offset)
                first = min(first, key) if first else key
                for name, column in columns.items():
                    for value in as_values(column[local]):
                        if value not in found[name] or key < found[name][value]:
                            found[name][value] = key
        return (first[1] if first else None,
                {name: {v: key[1] for v, key in got.items()} for name, got in found.items()})

    @reports_unavailable
    def search(self, query_string, sort_by=None, start_offset=0, end_offset=None,
               highlight=False, facets=None, narrow_queries=None, spelling_query=None,
               result_class=None, **kwargs):
        """Haystack's Whoosh search in one pass over the matches (collectors), with
        facets counted in memory (facet_counts).

        The stock backend passes over the matches three times (top hits, hit count,
        facets) and counts facets with Whoosh's "overlapping" categorizer, which
        reads every posting of the facet field on every search: at 20k documents
        that was nine tenths of a search's time.
        """
        empty = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
        if kwargs.get("date_facets") or kwargs.get("query_facets"):
            raise NotImplementedError("date and query facets are not used by the archive")
        if not self.setup_complete:
            self.setup()
        if not query_string or (len(query_string) <= 1 and query_string != "*"):
            return empty
        if query_string == "*":  # Haystack's "match everything"; Whoosh spells it *:*
            query_string = "*:*"
        start = start_offset or 0
        sortedby, reverse = self._sorting(sort_by)
        query = self._parse(query_string)
        with self.reading() as searcher:
            if not searcher.doc_count():
                return empty
            allow = None
            for narrow in narrow_queries or []:
                docs = set(searcher.docs_for_query(self._parse(narrow)))
                allow = docs if allow is None else allow & docs
            if allow is not None and not allow:  # Whoosh reads an empty set as "all"
                return empty
            limit = max(end_offset if end_offset is not None else searcher.doc_count_all(), 1)
            search = self._accelerated_search if self.accelerated else self._whoosh_search
            top, total, counts = search(searcher, query, limit, sortedby, reverse, allow,
                                        facets or ())
            page = _TopHits(top[start:limit], total=total)
            results = self._process_results(
                page, highlight=highlight, query_string=query_string,
                result_class=result_class, searcher=searcher,
            )
            fields = {name: sorted(counts[name].items(), key=lambda item: (-item[1], item[0]))
                      for name in facets or ()}
            results["facets"] = {"fields": fields, "dates": {}, "queries": {}}
        if spelling_query:
            results["spelling_suggestion"] = self.create_spelling_suggestion(spelling_query)
        return results

    def _accelerated_search(self, searcher, query, limit, sortedby, reverse, allow, facets):
        """(top hits, number of matches, {facet: {value: count}}): one pass over the
        matches (accel.collectors), facets counted in memory (accel.facet_counts)."""
        top, matched = collect(searcher, query, limit, sortedby, reverse, allow)
        counts = {}
        if facets:
            columns = {name: self._facet_column(name) for name in facets}
            sets = {name for name in facets if name + SET_SUFFIX in self.schema}
            counts = count_facets(searcher, matched, columns, sets)
        return top, len(matched), counts

    def _whoosh_search(self, searcher, query, limit, sortedby, reverse, allow, facets):
        """The same as _accelerated_search, with Whoosh's own collectors only."""
        if sortedby:
            collector = searcher.collector(limit=limit, sortedby=sortedby, reverse=reverse)
        else:
            # Neither skipping blocks nor dropping sub-queries that cannot reach the
            # top: Whoosh's default would leave matches uncounted.
            collector = TopCollector(limit, usequality=False, replace=0)
        groups = {name: sorting.FieldFacet(name, allow_overlap=name + SET_SUFFIX in self.schema,
                                           maptype=sorting.Count)
                  for name in facets}
        if groups:
            collector = FacetCollector(collector, groups)
        if allow is not None:
            collector = FilterCollector(collector, allow=allow)
        searcher.search_with_collector(query, collector)
        results = collector.results()
        counts = {name: {value: count for value, count in results.groups(name).items() if value}
                  for name in groups}
        return results, len(results), counts

    @reports_unavailable
    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, result_class=None, **kwargs):
        """Documents whose key terms resemble this object's text (Whoosh's Bo1 model)."""
        empty = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        if end_offset is None:
            # Haystack's run_mlt passes no slice: without a bound, Whoosh would score
            # and Haystack wrap every similar document: half the archive, for a list of five.
            end_offset = (start_offset or 0) + MORE_LIKE_THIS_LIMIT
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        with self.reading() as searcher:
            docnum = searcher.document_number(**{ID: get_identifier(model_instance)})
            if docnum is None:
                return empty
            narrow = None
            if additional_query_string and additional_query_string != "*":
                narrow = self._parse(additional_query_string)
            hits = searcher.more_like(
                docnum, self.content_field_name, top=page_num * page_length, numterms=12,
                filter=narrow,
            )
            # Only the top hits: Whoosh's ResultsPage counts every similar document
            # first (46,000 at 100k answers: seconds per answer page under load).
            top = _TopHits(list(hits)[start_offset or 0 : (start_offset or 0) + page_length])
            return self._process_results(top, result_class=result_class)

    def _parse(self, text):
        """The Whoosh query for `text`. Quoted words on a field without positions (a
        facet such as `country:"RU,FR"`) mean all of them: Whoosh would refuse to run
        them as a phrase."""
        schema = self.schema

        def words_for_impossible_phrase(node):
            if type(node) is Phrase and node.fieldname in schema:
                field_format = schema[node.fieldname].format
                if not field_format or not field_format.supports("positions"):
                    return And([Term(node.fieldname, word) for word in node.words],
                               boost=node.boost)
            return node

        return self.parser.parse(force_str(text)).accept(words_for_impossible_phrase)

    def _sorting(self, sort_by):
        if not sort_by:
            return None, False
        fields = [name.lstrip("-") for name in sort_by]
        descending = {name.startswith("-") for name in sort_by}
        if len(descending) > 1:
            raise SearchBackendError("Whoosh sorts every field in the same direction")
        return fields, descending.pop()

    def _facet_column(self, name):
        return name + SET_SUFFIX if name + SET_SUFFIX in self.schema else name

    def _process_results(self, raw_page, highlight=False, query_string="", searcher=None,
                         **kwargs):
        results = super()._process_results(raw_page, highlight=False, **kwargs)
        if highlight and results["results"]:
            self._highlight(results["results"], searcher, query_string)
        return results

    def _highlight(self, results, searcher, query_string):
        field = self.content_field_name
        query = self._parse(query_string)
        terms = {
            text.decode("utf-8") if isinstance(text, bytes) else text
            for name, text in query.existing_terms(searcher.reader(), phrases=False, expand=True)
            if name == field
        }
        phrases = list(_phrases(query, field))
        analyzer = self.schema[field].analyzer
        for result in results:
            text = getattr(result, field, "") or ""
            result.highlighted = {field: [snippet(text, terms, phrases, analyzer)]}


def _phrases(query, field):
    """The analysed words of each phrase searched for in `field` (not those excluded)."""
    if isinstance(query, Not):
        return
    if isinstance(query, Phrase) and query.fieldname == field:
        yield tuple(query.words)
    for child in query.children():
        yield from _phrases(child, field)


class _TopHits:
    """One page of a Whoosh search's hits, shaped like the ResultsPage Haystack reads;
    its length is the number of hits of the whole search."""

    def __init__(self, hits, total=None):
        self.hits = hits
        self.total = len(hits) if total is None else total

    def __len__(self):
        return self.total

    def __iter__(self):
        return iter(self.hits)

    def score(self, n):
        return self.hits[n].score


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    def _convert_datetime(self, date):
        """Dates as Whoosh reads them, YYYYMMDDhhmmss. Haystack's strftime("%Y") does not
        pad years before 1000 on Linux: year 1 became "1", which Whoosh refused (a 500),
        and 999 read as 9990 (silently nothing found)."""
        time = (date.hour, date.minute, date.second) if hasattr(date, "hour") else (0, 0, 0)
        return "{:04d}{:02d}{:02d}{:02d}{:02d}{:02d}".format(date.year, date.month, date.day,
                                                              *time)


class ArchiveWhooshEngine(WhooshEngine):
    backend = ArchiveWhooshBackend
    query = ArchiveWhooshSearchQuery

