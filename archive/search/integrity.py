"""Can the Whoosh index on disk be read? What a damaged file raises is whatever its
decoder meets: Whoosh keeps its table of contents and term indexes as pickles, and
unpickling garbage raised TypeError, AttributeError, UnicodeDecodeError, MemoryError,
OverflowError and ModuleNotFoundError in the fault tests (tests/test_search_damage.py),
so damage is told from a bug by where the error arose (`raised_decoding`) or, failing
that, by reading the index again (`read_failure`)."""

from whoosh.filedb.filestore import FileStorage

# Whoosh's modules that decode index files. What else of Whoosh raises (parsing,
# searching, its writer lock) is not a sign of a damaged file.
DECODING_MODULES = ("whoosh.codec", "whoosh.filedb", "whoosh.index", "whoosh.util.varints",
                    "whoosh.util.numlists", "whoosh.automata")


def raised_decoding(exc):
    """Whether `exc`, or an error it was raised while handling, came from decoding an
    index file (a term the term index lists but cannot find, a length past the end)."""
    while exc is not None:
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        module = tb.tb_frame.f_globals.get("__name__", "") if tb else ""
        if module.startswith(DECODING_MODULES):
            return True
        exc = exc.__context__
    return False


def read_failure(path, schema, thorough=False):
    """The exception reading the index at `path` raises, or None when it reads.

    Quick: the table of contents, each segment's term index and its first and last
    stored document (what opening a searcher reads). `thorough`: every stored document,
    every term's postings, every column and field length (the whole index; slow)."""
    try:
        index = FileStorage(path, supports_mmap=False).open_index(schema=schema)
        with index.reader() as reader:
            for segment, _ in reader.leaf_readers():
                _read_segment(segment, schema, thorough)
    # Anything at all: the question is whether reading fails, not how.
    except Exception as exc:
        return exc
    return None


def _read_segment(reader, schema, thorough):
    last = reader.doc_count_all() - 1
    if last < 0:
        return
    if not thorough:
        reader.stored_fields(0)
        reader.stored_fields(last)
        return
    for _ in reader.all_stored_fields():
        pass
    for fieldname, text in reader.all_terms():
        for _ in reader.postings(fieldname, text).all_items():
            pass
    for name in schema.names():
        field = schema[name]
        if field.column_type and reader.has_column(name):
            for _ in reader.column_reader(name):
                pass
        if field.scorable:
            for docnum in range(last + 1):
                reader.doc_field_length(docnum, name)
