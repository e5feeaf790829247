"""Comparing the search index with the database, and repairing the difference."""

from dataclasses import dataclass, field

from haystack import connections

from archive.models import PendingIndexUpdate
from archive.search.backend import current
from archive.search.sync import index_lock, process_queue, queue


@dataclass
class Drift:
    expected: int
    indexed: int
    missing: set = field(default_factory=set)
    extra: set = field(default_factory=set)
    stale: set = field(default_factory=set)  # only looked for with deep=True
    queued: int = 0

    @property
    def clean(self):
        return not (self.missing or self.extra or self.stale or self.queued)


def expected_documents(deep):
    """{identifier: fingerprint or None} of what the index should hold."""
    unified = connections["default"].get_unified_index()
    expected = {}
    for model, index in unified.get_indexes().items():
        label = model._meta.label_lower
        if deep:
            for obj in index.index_queryset().iterator(chunk_size=2000):
                expected[f"{label}.{obj.pk}"] = index.prepare(obj).get("fingerprint")
        else:
            pks = index.index_queryset().values_list("pk", flat=True)
            expected.update((f"{label}.{pk}", None) for pk in pks.iterator(chunk_size=5000))
    return expected


def indexed_documents():
    return current().document_fingerprints()


def compare_index(deep=False):
    """What differs between index and database. `deep` also compares each
    document's content, which means preparing every object (slow on a big archive)."""
    with index_lock(timeout=120.0):
        expected, indexed = expected_documents(deep), indexed_documents()
        queued = PendingIndexUpdate.objects.count()
    stale = set()
    if deep:
        stale = {i for i in expected.keys() & indexed.keys() if expected[i] != indexed[i]}
    return Drift(
        len(expected), len(indexed),
        missing=expected.keys() - indexed.keys(),
        extra=indexed.keys() - expected.keys(),
        stale=stale,
        queued=queued,
    )


def repair_index(drift):
    """Queue every drifted document and apply the queue; returns how many."""
    queue(sorted(drift.missing | drift.extra | drift.stale), process=False)
    return process_queue(timeout=120.0)
