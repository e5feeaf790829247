"""The one policy of the accelerator's per-process caches.

What they hold is worked out from Whoosh segments, which never change once
written: a value is filled once, kept, and let go of when
- the searcher no longer holds a segment it was worked out from (a commit merged
  it away, a rebuild swapped in a new index): `let_go_all_but` at every search;
- more than `max_entries` are held: the least recently used goes first.

A value is filled outside the lock (reading a segment can take a while, and two
threads filling the same key at once only do the work twice), and stored under it.
"""

import threading
from collections import OrderedDict

_caches = []


class SegmentCache:
    """{key: value}, each key naming the segment ids its value was worked out from."""

    def __init__(self, name, max_entries):
        self.name, self.max_entries = name, max_entries
        self._lock = threading.Lock()
        self._entries = OrderedDict()  # (segment ids, detail) -> value
        _caches.append(self)

    def get(self, segments, detail, fill):
        """The value for (`segments`, `detail`), from `fill()` the first time.
        `segments` is a tuple of segment ids."""
        key = (segments, detail)
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = fill()
        self.put(segments, detail, value)
        return value

    def put(self, segments, detail, value):
        with self._lock:
            self._entries[(segments, detail)] = value
            self._entries.move_to_end((segments, detail))
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def let_go_all_but(self, segment_ids):
        """Drop every value worked out from a segment not in `segment_ids`."""
        with self._lock:
            for key in [key for key in self._entries
                        if not segment_ids.issuperset(key[0])]:
                del self._entries[key]

    def segment_ids(self):
        """The ids of the segments whose values are held."""
        with self._lock:
            return {segment for segments, _ in self._entries for segment in segments}

    def clear(self):
        with self._lock:
            self._entries.clear()


def let_go_all_but(segment_ids):
    """Every cache lets go of what segments outside `segment_ids` gave it."""
    segment_ids = frozenset(segment_ids)
    for cache in _caches:
        cache.let_go_all_but(segment_ids)
