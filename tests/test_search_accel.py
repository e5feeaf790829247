"""The Whoosh accelerator (archive/search/accel/) gives Whoosh's own answers: facet
counts, the patched per-document reader, the search backend with it switched off;
its caches follow one policy; it refuses a Whoosh it was not written for."""

import os
import random
from collections import Counter

import numpy as np
import pytest
import whoosh
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import sorting
from whoosh.collectors import FacetCollector, FilterCollector, TopCollector
from whoosh.fields import ID, KEYWORD, TEXT, Schema
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.qparser import QueryParser
from whoosh.scoring import BM25F

from archive.search import accel
from archive.search.accel import patches
from archive.search.accel.cache import SegmentCache
from archive.search.accel.collectors import collect
from archive.search.accel.facet_counts import INDEX_CODES, SEGMENT_CODES, count_facets
from archive.search.accel.postings import OPENED, RecordingSegmentWriter
from archive.search.accel.scoring import LENGTHS, ArchiveBM25F
from archive.search.analysis import MixedAnalyzer

WORDS = ["peace", "trade", "water", "climate", "treaty"]
COUNTRIES = ["RU", "FR", "US", "CN"]


def schema():
    """Facets as the Whoosh backend stores them: one value in an ID column, a set as
    comma KEYWORD beside its whole value in an ID column (`__set`)."""
    return Schema(id=ID(stored=True, unique=True), text=TEXT(analyzer=MixedAnalyzer()),
                  kind=ID(stored=True, sortable=True),
                  country=KEYWORD(stored=True, commas=True, lowercase=False),
                  country__set=ID(sortable=True))


def add(writer, number, doc):
    fields = {"id": str(number), "text": " ".join(doc["words"])}
    if doc["kind"]:  # Haystack leaves out a missing value
        fields["kind"] = doc["kind"]
    fields["country"] = fields["country__set"] = ",".join(doc["countries"])
    writer.add_document(**fields)


documents = st.fixed_dictionaries({
    "words": st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    "kind": st.sampled_from(["answer", "question", "", "None"]),
    "countries": st.lists(st.sampled_from(COUNTRIES), unique=True, max_size=3),
})
word = st.sampled_from([*WORDS, "kind:answer", "country:RU", "missing"])
queries = st.lists(st.one_of(word, st.builds(lambda a, b: f"({a} OR {b})", word, word),
                             st.builds(lambda a: f"NOT {a}", word)),
                   min_size=1, max_size=3).map(" ".join)


def live_matches(searcher, query):
    # Whoosh's NOT can also match a deleted document at the very end of a segment
    # (its InverseMatcher): that is no match, and counts nowhere.
    return {docnum for docnum in searcher.docs_for_query(query)
            if not searcher.reader().is_deleted(docnum)}


def whooshs_facets(searcher, query):
    """Whoosh's own counts, every match seen (no block skipping)."""
    groups = {"kind": sorting.FieldFacet("kind", maptype=sorting.Count),
              "country": sorting.FieldFacet("country", allow_overlap=True,
                                            maptype=sorting.Count)}
    collector = FacetCollector(TopCollector(10, usequality=False, replace=0), groups)
    # (An empty set would allow every document.)
    collector = FilterCollector(collector, allow=live_matches(searcher, query) or {-1})
    searcher.search_with_collector(query, collector)
    results = collector.results()
    return {name: {k: n for k, n in results.groups(name).items() if k} for name in groups}


@settings(max_examples=80, deadline=None)
@given(segments=st.lists(st.lists(documents, min_size=1, max_size=25), min_size=1,
                         max_size=3),
       deleted=st.sets(st.integers(0, 74), max_size=10), text=queries)
def test_facet_counts_are_whooshs_own(segments, deleted, text):
    # Hypothesis seeds Python's `random`, with which Whoosh names segments: examples
    # would repeat segment ids, which the caches take to be the same segments.
    SEGMENT_CODES.clear()
    INDEX_CODES.clear()
    index = RamStorage().create_index(schema())
    number = 0
    for docs in segments:
        writer = index.writer()
        for doc in docs:
            add(writer, number, doc)
            number += 1
        writer.commit(merge=False)
    if deleted:
        writer = index.writer()
        for n in deleted:
            writer.delete_by_term("id", str(n))
        writer.commit(merge=False)
    query = QueryParser("text", index.schema).parse(text)
    with index.searcher() as searcher:
        matched = np.array(sorted(live_matches(searcher, query)), dtype=np.int64)
        found = count_facets(searcher, matched, {"kind": "kind", "country": "country__set"},
                             sets={"country"})
        assert found == whooshs_facets(searcher, query)
        stored = [searcher.stored_fields(d) for d in matched]
        assert found["kind"] == dict(Counter(f["kind"] for f in stored if f.get("kind")))
        assert found["country"] == dict(Counter(
            c for f in stored for c in f["country"].split(",") if c))


@pytest.fixture
def lengths_index(tmp_path):
    """Segments of documents of many lengths; some without a title, one segment
    without any (its length column is missing), deletions in one."""
    rng = random.Random(11)
    index = FileStorage(str(tmp_path)).create_index(
        Schema(id=ID(stored=True, unique=True), text=TEXT, title=TEXT, kind=ID))
    for segment in range(3):
        writer = index.writer()
        for n in range(40):
            fields = {"id": f"{segment}-{n}", "kind": rng.choice("ab"),
                      "text": " ".join(rng.choices(WORDS, k=rng.randrange(1, 40)))}
            if segment != 1 and n % 3:
                fields["title"] = " ".join(rng.choices(WORDS, k=rng.randrange(1, 5)))
            writer.add_document(**fields)
        writer.commit(merge=False)
    writer = index.writer()
    for n in range(0, 40, 6):
        writer.delete_by_term("id", f"2-{n}")
    writer.commit(merge=False)
    return index


def outcome(function, *args):
    """What `function` returns, or the kind of error it raises."""
    try:
        return function(*args)
    except Exception as error:  # noqa: BLE001 - Whoosh's own errors are compared too
        return type(error).__name__


def reading(index):
    """Everything a search reads of the per-document readers, and what it finds."""
    with index.searcher(weighting=BM25F()) as searcher:
        per_segment = []
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            for field in ("text", "title", "kind", "nowhere"):
                per_segment.append((
                    field, outcome(reader.field_length, field),
                    outcome(reader.min_field_length, field),
                    outcome(reader.max_field_length, field),
                    [reader.doc_field_length(d, field) for d in range(reader.doc_count_all())],
                ))
        parser = QueryParser("text", index.schema)
        hits = [[(hit.docnum, hit.score) for hit in searcher.search(parser.parse(text),
                                                                     limit=None)]
                for text in ("peace", "title:trade OR water", "climate -title:peace")]
    return per_segment, hits


def test_the_patched_reader_reads_what_whooshs_own_reads(lengths_index):
    was = patches.installed()
    try:
        patches.uninstall()
        expected = reading(lengths_index)
        patches.install()
        assert reading(lengths_index) == expected
    finally:
        (patches.install if was else patches.uninstall)()


def test_the_patched_reader_asks_for_a_missing_column_once(lengths_index, monkeypatch):
    was = patches.installed()
    patches.install()
    try:
        with lengths_index.searcher() as searcher:
            (_, untitled, _) = [leaf.reader() for leaf, _ in searcher.leaf_searchers()]
            perdoc = untitled._perdoc
            asked = []
            has_column = perdoc.has_column
            monkeypatch.setattr(perdoc, "has_column",
                                lambda name: asked.append(name) or has_column(name))
            for docnum in range(40):
                assert untitled.doc_field_length(docnum, "title") == 0
        assert len(asked) == 1
    finally:
        (patches.install if was else patches.uninstall)()


def test_whoosh_other_than_the_one_it_reads_stops_the_start(monkeypatch, settings):
    with pytest.raises(ImproperlyConfigured, match=r"Whoosh 2\.7\.5 is installed.*"
                                                   r"ARCHIVE_SEARCH_ACCEL=0"):
        accel.require_whoosh("2.7.5")
    accel.require_whoosh(accel.WHOOSH_VERSION)
    monkeypatch.setattr(whoosh, "versionstring", lambda: "2.8.0")
    settings.ARCHIVE_SEARCH_ACCEL = True
    with pytest.raises(ImproperlyConfigured, match="Whoosh 2.8.0"):
        accel.start()
    whoosh_engine = settings.HAYSTACK_CONNECTIONS
    settings.HAYSTACK_CONNECTIONS = {"default": {
        "ENGINE": "archive.search.postgres_backend.PostgresSearchEngine"}}
    accel.start()  # PostgreSQL: nothing to accelerate
    settings.HAYSTACK_CONNECTIONS = whoosh_engine
    settings.ARCHIVE_SEARCH_ACCEL = False  # plain Whoosh reads any version
    accel.start()


def test_requirements_pin_the_whoosh_it_reads():
    from pathlib import Path

    pinned = Path(__file__).resolve().parents[1].joinpath("requirements.txt").read_text()
    assert f"Whoosh=={accel.WHOOSH_VERSION}\n" in pinned
    assert whoosh.versionstring() == accel.WHOOSH_VERSION


def test_a_segment_cache_fills_once_keeps_the_recent_and_lets_go_of_old_segments():
    cache = SegmentCache("test", max_entries=3)
    filled = []

    def fill(value):
        return lambda: filled.append(value) or value

    assert cache.get(("s1",), "a", fill(1)) == 1
    assert cache.get(("s1",), "a", fill(99)) == 1  # kept
    cache.get(("s2",), "a", fill(2))
    cache.get(("s1", "s2"), "whole", fill(3))
    cache.get(("s1",), "a", fill(99))  # now the most recent
    cache.get(("s3",), "a", fill(4))  # one too many: the least recent goes
    assert cache.segment_ids() == {"s1", "s2", "s3"}
    assert cache.get(("s2",), "a", fill(5)) == 5
    assert filled == [1, 2, 3, 4, 5]
    cache.let_go_all_but(frozenset({"s2", "s3"}))
    assert cache.segment_ids() == {"s2", "s3"}
    assert cache.get(("s1",), "a", fill(6)) == 6


def test_every_cache_lets_go_of_segments_merged_away(tmp_path):
    index = FileStorage(str(tmp_path)).create_index(schema())
    rng = random.Random(2)
    for segment in range(2):
        writer = RecordingSegmentWriter(index)
        for n in range(30):
            add(writer, f"{segment}-{n}", {"words": rng.choices(WORDS, k=5), "kind": "answer",
                                       "countries": rng.sample(COUNTRIES, 2)})
        writer.commit(merge=False)
    query = QueryParser("text", index.schema).parse('peace OR "trade water"')
    caches = (OPENED, LENGTHS, SEGMENT_CODES, INDEX_CODES)

    def search():
        with index.searcher(weighting=ArchiveBM25F()) as searcher:
            _, matched = collect(searcher, query, 10)
            count_facets(searcher, matched, {"kind": "kind", "country": "country__set"},
                         {"country"})
            return {segment.segment_id() for segment in index._segments()}

    first = search()
    assert len(first) == 2 and all(first <= cache.segment_ids() for cache in caches)
    writer = RecordingSegmentWriter(index)
    writer.commit(optimize=True)
    merged = search()
    assert not merged & first
    assert all(cache.segment_ids() == merged for cache in caches)


@pytest.mark.accel
@pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)
@pytest.mark.django_db
def test_switched_off_plain_whoosh_gives_the_same_pages(search_index, settings):
    import datetime

    from haystack import connections

    from archive.search.sync import process_queue
    from archive.search.whoosh_backend import ArchiveWhooshBackend
    from tests.factories import make_country, make_exchange, make_interview, make_speaker

    rng = random.Random(5)
    speakers = [make_speaker(f"Speaker {n}", slug=f"speaker-{n}") for n in range(3)]
    for code in COUNTRIES:
        make_country(code, code)
    # Named in the questions, so that each statement has countries of its own.
    names = ["Russia", "France", "the United States", "China"]
    for n in range(12):
        interview = make_interview(date=datetime.date(2010 + n % 4, 1, 1))
        for _ in range(4):
            make_exchange(interview, " ".join(rng.choices(WORDS + rng.sample(names, 2), k=6)) + "?",
                          " ".join(rng.choices(WORDS, k=rng.randrange(3, 30))),
                          speaker=rng.choice(speakers))
    process_queue()
    settings.ARCHIVE_SEARCH_ACCEL = False
    plain = ArchiveWhooshBackend("default", **settings.HAYSTACK_CONNECTIONS["default"])
    assert search_index.accelerated and not plain.accelerated
    facets = ["speaker_slug", "country", "year", "type"]

    def page(backend, text, **options):
        found = backend.search(text, facets=facets, highlight=True, **options)
        return (found["hits"], [(r.pk, r.model_name, round(r.score, 4), r.highlighted)
                                for r in found["results"]], found["facets"])

    searches = [("peace", {}), ("trade OR water", {"end_offset": 10}),
                ('"peace trade" -climate', {"start_offset": 5, "end_offset": 15}),
                ("treaty country:RU", {"sort_by": ["-date"], "end_offset": 7}),
                ("clim* year:2011", {}), ("*", {"end_offset": 3})]
    for text, options in searches:
        expected = page(plain, text, **options)
        assert expected[0] > 3, text
        assert page(search_index, text, **options) == expected, text

    # Rebuilt by Whoosh's own writer: no postings files, and the same pages again.
    unified = connections["default"].get_unified_index()
    plain.rebuild([(index, index.index_queryset()) for index in unified.get_indexes().values()])
    assert not [name for name in os.listdir(plain.path) if name.endswith(".postings")]
    for text, options in searches:
        assert page(search_index, text, **options) == page(plain, text, **options), text
