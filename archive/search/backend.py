"""What the archive needs of a search backend, beyond Haystack's own interface.

Both of the archive's backends implement `SearchBackend`: Whoosh
(whoosh_backend.py) and PostgreSQL (postgres_backend.py). Another Haystack backend
(Solr, Elasticsearch: docs/search-backends.md) is used through `HaystackBackend`,
which does what it can with Haystack's own calls. Code that writes to or inspects
the index asks `current()` for the backend, and never probes what it has.
"""

import abc
import fcntl
import os
import time
from contextlib import contextmanager

from django.conf import settings
from django.db.models import QuerySet
from haystack import connections
from haystack.inputs import Exact, Raw
from haystack.query import SearchQuerySet

from archive.search.errors import IndexLockTimeout

CHUNK_SIZE = 2000
# Counting a word's documents may stop here: past it, a word is common anyway.
COUNT_CAP = 2000


class SearchBackend(abc.ABC):
    """The archive's part of a search backend (Haystack's part: search, update...)."""

    @abc.abstractmethod
    def rebuild(self, indexes_and_objects):
        """Replace every document with those of the (SearchIndex, objects) pairs;
        searches see the old documents until it is done. Returns how many were written."""

    @abc.abstractmethod
    def apply(self, index, to_update, to_remove):
        """Update the `to_update` objects and remove the `to_remove` identifiers of
        `index`'s documents, all at once."""

    @abc.abstractmethod
    def document_fingerprints(self):
        """{identifier: fingerprint} of every document in the index (the fingerprint
        field of search_indexes.py: None where the backend cannot return it)."""

    def document_ids(self):
        """Every document identifier in the index (for comparing with the database)."""
        return set(self.document_fingerprints())

    @abc.abstractmethod
    def lock(self, timeout):
        """A context manager holding the index writers' lock, seen by every process
        that writes; IndexLockTimeout after `timeout` seconds."""

    @abc.abstractmethod
    def create_spelling_suggestion(self, query_string):
        """The words of `query_string`, each replaced by the closest indexed word
        (or kept); None if the backend cannot suggest."""

    def document_frequencies(self, words):
        """{word: how many documents a search for it finds} for words as a searcher
        types them; a count past `COUNT_CAP` may stop there. The quote check reads
        it to pick a quote's rarest words."""
        sqs = SearchQuerySet()
        return {word: sqs.filter(content=Exact(word)).count() for word in words}

    @abc.abstractmethod
    def first_uses(self, query_string, fields):
        """The earliest dated document matching `query_string`, and the earliest for
        each value of each facet field in `fields`, by their stored fields:
        {"first": fields or None, field: {value: fields}}. Ties on a date go to
        either document."""

    def health(self):
        """Warnings about an index that still serves correctly (check_index prints them)."""
        return []

    @abc.abstractmethod
    def check_readable(self, thorough=True):
        """Raise SearchUnavailable if the index cannot be read (with `thorough`, any
        byte of it)."""


class HaystackBackend(SearchBackend):
    """A Haystack backend without the archive's interface, through Haystack's calls:
    a rebuild clears the index and refills it (searches are incomplete meanwhile),
    documents are listed by a match-all search, the writers' lock is a file."""

    def __init__(self, backend):
        self.backend = backend

    def rebuild(self, indexes_and_objects):
        self.backend.clear(commit=True)
        count = 0
        for index, objects in indexes_and_objects:
            objects = list(in_chunks(objects))
            self.backend.update(index, objects)
            count += len(objects)
        return count

    def apply(self, index, to_update, to_remove):
        self.backend.update(index, to_update)
        for identifier in to_remove:
            self.backend.remove(identifier)

    def document_fingerprints(self):
        return dict.fromkeys(SearchQuerySet().all().values_list("id", flat=True))

    def lock(self, timeout):
        return file_lock(lock_path(), timeout)

    def create_spelling_suggestion(self, query_string):
        return None

    def first_uses(self, query_string, fields):
        """One search sorted by date, read to the end: slow, but what Haystack offers."""
        found = {"first": None, **{name: {} for name in fields}}
        sqs = SearchQuerySet().filter(content=Raw(query_string)).exclude(date=None)
        for result in sqs.order_by("date"):
            stored = result.get_stored_fields()
            found["first"] = found["first"] or stored
            for name in fields:
                for value in as_values(stored.get(name)):
                    found[name].setdefault(value, stored)
        return found

    def check_readable(self, thorough=True):
        """The server's business: its failures surface as errors of the searches."""


def as_values(value):
    """A stored facet's values as a list: multi-valued facets come back as a list or
    as comma-joined text, depending on the backend."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [v for v in value.split(",") if v]
    return list(value)


def current():
    """The default connection's backend, as a SearchBackend."""
    backend = connections["default"].get_backend()
    return backend if isinstance(backend, SearchBackend) else HaystackBackend(backend)


def in_chunks(objects):
    """Iterate a queryset in chunks (not all held in memory), or any iterable as is."""
    return objects.iterator(chunk_size=CHUNK_SIZE) if isinstance(objects, QuerySet) else objects


def lock_path():
    return getattr(
        settings,
        "ARCHIVE_SEARCH_LOCK_PATH",
        connections["default"].options.get("PATH", str(settings.VAR_DIR)) + ".lock",
    )


@contextmanager
def file_lock(path, timeout):
    """An exclusive lock on the file at `path`: it serialises the processes of one
    machine."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "a") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as busy:
                if time.monotonic() >= deadline:
                    raise IndexLockTimeout(
                        f"search index busy for more than {timeout:.0f} s"
                    ) from busy
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
