"""The one change the accelerator makes to Whoosh itself, installed at start-up.

Whoosh asks the file system, once per posting, whether a field without lengths has
a length column: `W3PerDocReader._cached_reader` remembers the columns it found,
not the ones it did not. At commit that was a third of a rebuild's time. Segments
never change once written, so the answer "none" can be remembered too.
"""

from whoosh.codec.whoosh3 import W3PerDocReader

ORIGINAL = W3PerDocReader._cached_reader


def cached_reader(self, fieldname, column):
    """W3PerDocReader._cached_reader, remembering a missing column as None too."""
    if fieldname in self._readers:
        return self._readers[fieldname]
    reader = ORIGINAL(self, fieldname, column)
    self._readers[fieldname] = reader
    return reader


def install():
    """Patch Whoosh's per-document reader for every reader of this process (again:
    no effect)."""
    W3PerDocReader._cached_reader = cached_reader


def uninstall():
    W3PerDocReader._cached_reader = ORIGINAL


def installed():
    return W3PerDocReader._cached_reader is cached_reader
