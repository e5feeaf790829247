"""What the search layer tells the views when it cannot answer."""


class SearchUnavailable(Exception):
    """The search index cannot be read: missing (never built, deleted), being swapped
    in by a rebuild, or damaged. Pages say "search is being rebuilt" instead of
    failing; writes stay queued in `PendingIndexUpdate` until `rebuild_index` runs."""


class IndexLockTimeout(RuntimeError):
    """Another process held the index for longer than we were willing to wait."""
