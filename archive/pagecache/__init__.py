"""Whole pages kept in Django's cache, keyed by content versions.

Every change a reader could see (publish, unpublish, a correction, a renamed speaker
or topic) reaches `archive.search.sync.queue` inside its own transaction; that bumps
the versions of what shows it (`versions.statements_changed`) in the same transaction.
A page's cache key and ETag are built from the versions it depends on, so a committed
change is never hidden by a cached page, and nothing has to be deleted from the cache:
old keys simply stop being asked for and expire.
"""
