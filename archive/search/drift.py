"""Comparing the search index with the database, and repairing the difference."""

from dataclasses import dataclass, field

from haystack import connections
from haystack.query import SearchQuerySet

from archive.models import PendingIndexUpdate
from archive.search.sync import index_lock, process_queue, queue


@dataclass
class Drift:
    expected: int
    indexed: int
    missing: set = field(default_factory=set)
    extra: set = field(default_factory=set)
    queued: int = 0

    @property
    def clean(self):
        return not (self.missing or self.extra or self.queued)


def expected_ids():
    unified = connections["default"].get_unified_index()
    ids = set()
    for model, index in unified.get_indexes().items():
        label = model._meta.label_lower
        pks = index.index_queryset().values_list("pk", flat=True)
        ids.update(f"{label}.{pk}" for pk in pks.iterator(chunk_size=5000))
    return ids


def indexed_ids():
    backend = connections["default"].get_backend()
    if hasattr(backend, "document_ids"):
        return backend.document_ids()
    return set(SearchQuerySet().all().values_list("id", flat=True))


def compare_index():
    with index_lock(timeout=120.0):
        expected, indexed = expected_ids(), indexed_ids()
        queued = PendingIndexUpdate.objects.count()
    return Drift(len(expected), len(indexed), expected - indexed, indexed - expected, queued)


def repair_index(drift):
    """Queue every drifted document and apply the queue; returns how many."""
    queue(sorted(drift.missing | drift.extra), process=False)
    return process_queue(timeout=120.0)
