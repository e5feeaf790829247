"""A Haystack backend on PostgreSQL full-text search, for sites past one machine.

Documents live in the `SearchDocument` table of the site's own database, so the
index replicates, backs up and scales with it, and has no single-writer lock:
    - words: a tsvector made by the Whoosh index's analyzer (postgres_documents),
      matched through a GIN index with a tsquery (postgres_query);
    - relevance: ts_rank; facets: ts_stat() over the hits' facet words, which
      reads each hit's words once, where unnesting a JSONB or an array per row
      builds a row per value;
    - highlights: the same Python snippets as Whoosh (archive/search/highlight.py),
      because PostgreSQL's ts_headline cannot find a Chinese word it never parsed;
    - "did you mean": pg_trgm similarity over a table of the words indexed;
    - more like this: the document's most distinctive words, rarity read from the
      column statistics ANALYZE keeps for tsvectors;
    - writers: serialised by an advisory lock, which every machine using the
      database sees (a file lock only serialises one machine's processes).
Enabled with ARCHIVE_SEARCH_BACKEND=postgres (see archive/settings.py).
"""

import json
import math
import re
import time
from contextlib import contextmanager
from dataclasses import replace

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db import connections as databases
from haystack import connections
from haystack.backends import BaseEngine, BaseSearchBackend
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult
from haystack.utils import get_identifier, get_model_ct
from haystack.utils.app_loading import haystack_get_model

from archive.search.analysis import query_term
from archive.search.backend import COUNT_CAP, SearchBackend, in_chunks
from archive.search.errors import IndexLockTimeout
from archive.search.highlight import snippet
from archive.search.models import SearchDocument, SearchWord
from archive.search.postgres_documents import (
    Schema,
    document,
    index_words,
    quote,
    spelling_words,
)
from archive.search.postgres_query import Compiled, Compiler, PostgresSearchQuery

TABLE = SearchDocument._meta.db_table
BATCH = 1000
LOCK_KEY = 0x61726368  # "arch": the advisory lock of index writers
MORE_LIKE_THIS_WORDS = 12
UPDATED = ["django_ct", "django_id", "date", "fields", "vector", "facet_vector"]
NO_RESULTS = {"results": [], "hits": 0, "facets": {}, "spelling_suggestion": None}


class PostgresSearchBackend(SearchBackend, BaseSearchBackend):
    RESERVED_WORDS = ("AND", "NOT", "OR", "TO")
    RESERVED_CHARACTERS = ("\\", "+", "-", "&&", "||", "!", "(", ")", "{", "}",
                           "[", "]", "^", '"', "~", "*", "?", ":", "/")

    def __init__(self, connection_alias, **options):
        super().__init__(connection_alias, **options)
        self.database = options.get("DATABASE", DEFAULT_DB_ALIAS)
        self.silently_fail = False
        self.setup_complete = False
        self.schema = None
        self.trigrams = False

    def setup(self):
        connection = databases[self.database]
        if connection.vendor != "postgresql":
            raise ImproperlyConfigured(
                "The PostgreSQL search backend needs a PostgreSQL database; "
                f"database {self.database!r} is {connection.vendor}."
            )
        unified = connections[self.connection_alias].get_unified_index()
        self.schema = Schema.from_fields(unified.all_searchfields())
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            self.trigrams = cursor.fetchone() is not None
        self.setup_complete = True

    def _ready(self):
        if not self.setup_complete:
            self.setup()
        return SearchDocument.objects.using(self.database)

    # Writing -----------------------------------------------------------------

    def _documents(self, index, objects):
        """(identifier, SearchDocument, spelling words) for each object; the
        document is None for an object its SearchIndex skips."""
        for obj in objects:
            try:
                prepared = index.full_prepare(obj)
            except SkipDocument:
                yield get_identifier(obj), None, set()
                continue
            text = prepared.get(self.schema.content)
            yield prepared[ID], document(prepared, self.schema), spelling_words(text)

    def apply(self, index, to_update, to_remove):
        """Update `to_update` objects and remove `to_remove` identifiers, atomically."""
        documents = self._ready()
        rows, gone, words = {}, set(to_remove), set()
        for identifier, row, found in self._documents(index, to_update):
            if row is None:
                gone.add(identifier)
            else:
                rows[identifier] = row
                words |= found
        with transaction.atomic(using=self.database):
            if gone - set(rows):
                documents.filter(identifier__in=gone - set(rows)).delete()
            documents.bulk_create(
                rows.values(), batch_size=BATCH, update_conflicts=True,
                unique_fields=["identifier"], update_fields=UPDATED,
            )
            SearchWord.objects.using(self.database).bulk_create(
                [SearchWord(word=w) for w in sorted(words)], batch_size=BATCH,
                ignore_conflicts=True,
            )

    def update(self, index, iterable, commit=True):
        self.apply(index, list(iterable), [])

    def remove(self, obj_or_string, commit=True):
        self.apply(None, [], [get_identifier(obj_or_string)])

    def clear(self, models=None, commit=True):
        documents = self._ready()
        if models:
            documents.filter(django_ct__in=[get_model_ct(m) for m in models]).delete()
        else:
            documents.all().delete()
            SearchWord.objects.using(self.database).all().delete()

    def rebuild(self, indexes_and_objects):
        """Replace every document in one transaction; searches see the old ones
        until it commits. Returns the number of documents written."""
        documents = self._ready()
        count, frequency = 0, {}
        with transaction.atomic(using=self.database):
            documents.all().delete()
            SearchWord.objects.using(self.database).all().delete()
            for index, objects in indexes_and_objects:
                batch = []
                for _, row, found in self._documents(index, in_chunks(objects)):
                    if row is None:
                        continue
                    batch.append(row)
                    for word in found:
                        frequency[word] = frequency.get(word, 0) + 1
                    if len(batch) >= BATCH:
                        count += len(documents.bulk_create(batch))
                        batch = []
                count += len(documents.bulk_create(batch))
            SearchWord.objects.using(self.database).bulk_create(
                [SearchWord(word=w, frequency=n) for w, n in sorted(frequency.items())],
                batch_size=BATCH * 5,
            )
        with databases[self.database].cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")  # fresh statistics for the planner
        return count

    def delete_index(self):
        """Everything removed (Haystack's `clear`)."""
        self.clear()

    def document_ids(self):
        """Every document identifier in the index (for comparing with the database)."""
        return set(self._ready().values_list("identifier", flat=True))

    def check_readable(self, thorough=True):
        """The documents are rows of the site's database, which the database keeps
        whole: nothing of its own to read."""

    def document_fingerprints(self):
        """{identifier: fingerprint} of every document in the index."""
        rows = self._ready().values_list("identifier", "fields__fingerprint")
        return dict(rows.iterator(chunk_size=5000))

    @contextmanager
    def lock(self, timeout):
        """Serialise index writers on every machine that uses this database."""
        connection = databases[self.database]
        deadline = time.monotonic() + timeout
        with connection.cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                if cursor.fetchone()[0]:
                    break
                if time.monotonic() >= deadline:
                    raise IndexLockTimeout(f"search index busy for more than {timeout:.0f} s")
                time.sleep(0.05)
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])

    # Reading -----------------------------------------------------------------

    def search(self, query_string, sort_by=None, start_offset=0, end_offset=None,
               highlight=False, facets=None, narrow_queries=None, spelling_query=None,
               result_class=None, **kwargs):
        if kwargs.get("date_facets") or kwargs.get("query_facets"):
            raise NotImplementedError("date and query facets are not used by the archive")
        self._ready()
        if not query_string:
            return dict(NO_RESULTS)
        compiled = Compiler(self.schema).compile(query_string, *(narrow_queries or []))
        compiled = _only_models(compiled, kwargs.get("models"))
        rows, hits = self._page(compiled, sort_by, start_offset, end_offset)
        if not rows and start_offset:  # past the end: as Whoosh, no hits at all
            return dict(NO_RESULTS)
        results = self._results(rows, result_class)
        if highlight:
            self._highlight(results, compiled)
        return {
            "results": results,
            "hits": hits,
            "facets": {"fields": self._facets(compiled, facets) if facets else {},
                       "dates": {}, "queries": {}},
            "spelling_suggestion": (
                self.create_spelling_suggestion(spelling_query) if spelling_query else None
            ),
        }

    def _page(self, compiled, sort_by, start_offset, end_offset):
        """One page of hits, and how many there are. The hits are listed narrow
        (id and sort keys), then only the page's rows are read whole."""
        keys, key_params, order = self._sort_keys(sort_by, compiled.rank)
        limit = None if end_offset is None else max(end_offset - start_offset, 0)
        sql = (
            f"WITH hits AS MATERIALIZED (SELECT d.id, {keys} FROM {TABLE} d "
            f"WHERE {compiled.where}) "
            f"SELECT t.django_ct, t.django_id, t.fields, p.score, (SELECT count(*) FROM hits) "
            f"FROM (SELECT * FROM hits ORDER BY {', '.join(order)} LIMIT %s OFFSET %s) p "
            f"JOIN {TABLE} t ON t.id = p.id ORDER BY {', '.join('p.' + o for o in order)}"
        )
        params = [*key_params, *compiled.params, limit, start_offset]
        with databases[self.database].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        return rows, (rows[0][4] if rows else 0)

    def _sort_keys(self, sort_by, rank):
        """SQL of the hits' sort keys, their parameters, and the ORDER BY terms.
        Relevance (ts_rank against `rank`) is only computed when it orders the hits."""
        if not sort_by:
            sort_by = ["-score"] if rank else []
        keys, params, order = [], [], []
        for n, name in enumerate(sort_by):
            direction = "DESC" if name.startswith("-") else "ASC"
            name = name.lstrip("-")
            if name in ("score", "_score"):
                order.append(f"score {direction}")
                continue
            if name == self.schema.date_column:
                keys.append(f"d.date AS key{n}")
            else:
                keys.append(f"d.fields->>%s AS key{n}")
                params.append(name)
            order.append(f"key{n} {direction} NULLS LAST")
        if rank and any(o.startswith("score") for o in order):
            keys.insert(0, "ts_rank(d.vector, %s::tsquery) AS score")
            params.insert(0, rank)
        else:
            keys.insert(0, "0.0 AS score")
        return ", ".join(keys), params, [*order, "id"]

    def _results(self, rows, result_class):
        unified = connections[self.connection_alias].get_unified_index()
        indexed = unified.get_indexed_models()
        results = []
        for django_ct, django_id, fields, score, _ in rows:
            app_label, model_name = django_ct.split(".")
            model = haystack_get_model(app_label, model_name)
            if model not in indexed:
                continue
            index = unified.get_index(model)
            fields = fields if isinstance(fields, dict) else json.loads(fields)
            values = {
                key: index.fields[key].convert(value) if key in index.fields else value
                for key, value in fields.items() if key not in (ID, DJANGO_CT, DJANGO_ID)
            }
            results.append((result_class or SearchResult)(
                app_label, model_name, django_id, float(score), **values))
        return results

    def _highlight(self, results, compiled):
        name = self.schema.content
        for result in results:
            text = getattr(result, name, "") or ""
            terms = set(compiled.words)
            if compiled.prefixes:
                prefixes = tuple(compiled.prefixes)
                terms |= {word for word, _ in index_words(text) if word.startswith(prefixes)}
            result.highlighted = {name: [snippet(text, terms, compiled.phrases)]}

    def _facets(self, compiled, names):
        """{facet: [(value, count)]}, most frequent first: ts_stat() counts the
        documents holding each `facet:value` word among the hits."""
        counts = {name: [] for name in names}
        with databases[self.database].cursor() as cursor:
            # ts_stat() takes the query as text: psycopg quotes the values into it.
            hits = cursor.mogrify(
                f"SELECT d.facet_vector FROM {TABLE} d WHERE {compiled.where}", compiled.params
            )
            hits = hits.decode() if isinstance(hits, bytes) else hits
            cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", [hits])
            for word, count in cursor.fetchall():
                name, _, value = word.partition(":")
                if name in counts:
                    counts[name].append((value, count))
        return {name: sorted(pairs, key=lambda p: (-p[1], p[0])) for name, pairs in counts.items()}

    def create_spelling_suggestion(self, query_string):
        """Each word replaced by the most similar indexed word with the same first
        letter (typos rarely hit it, as the Whoosh backend assumes too), or kept."""
        self._ready()
        if not self.trigrams or not query_string:
            return None
        suggested = []
        with databases[self.database].cursor() as cursor:
            for word in re.findall(r"\w+", query_string.lower()):
                cursor.execute(
                    f"SELECT word FROM {SearchWord._meta.db_table} "
                    "WHERE word %% %s AND left(word, 1) = left(%s, 1) "
                    "ORDER BY word = %s DESC, similarity(word, %s) DESC, frequency DESC, word "
                    "LIMIT 1",
                    [word] * 4,
                )
                row = cursor.fetchone()
                suggested.append(row[0] if row else word)
        return " ".join(suggested)

    def document_frequencies(self, words):
        """{word: documents holding it}: counted through the GIN index, each count
        stopping at COUNT_CAP (a common word's exact count costs a heap scan)."""
        self._ready()
        terms = {word: query_term(word) for word in words}
        words = [word for word, term in terms.items() if term]
        if not words:
            return dict.fromkeys(terms, 0)
        with databases[self.database].cursor() as cursor:
            cursor.execute(
                f"SELECT w.word, (SELECT count(*) FROM (SELECT 1 FROM {TABLE} d "
                "WHERE d.vector @@ w.query::tsquery LIMIT %s) capped) "
                "FROM unnest(%s::text[], %s::text[]) AS w(word, query)",
                [COUNT_CAP, words, [quote(terms[word]) for word in words]],
            )
            return {**dict.fromkeys(terms, 0), **dict(cursor.fetchall())}

    def first_uses(self, query_string, fields):
        """One query: the earliest match overall and per facet value (DISTINCT ON),
        read from the dated hits' stored fields."""
        self._ready()
        compiled = Compiler(self.schema).compile(query_string)
        picks = ["SELECT 'first', '', fields FROM (SELECT fields FROM hits "
                 "ORDER BY date, id LIMIT 1) f"]
        params = []
        for name in fields:
            if name not in self.schema.facets:
                raise ValueError(f"{name} is not a facet")
            values = ("jsonb_array_elements_text(CASE jsonb_typeof(fields->%s) WHEN 'array' "
                      "THEN fields->%s ELSE jsonb_build_array(fields->%s) END)")
            picks.append(
                f"SELECT DISTINCT ON (value) %s, value, fields FROM hits, {values} AS value "
                "WHERE value <> '' ORDER BY value, date, id")
            params += [name, name, name, name]
        sql = (f"WITH hits AS MATERIALIZED (SELECT d.id, d.date, d.fields FROM {TABLE} d "
               f"WHERE ({compiled.where}) AND d.date IS NOT NULL) "
               + " UNION ALL ".join(f"({pick})" for pick in picks))
        found = {"first": None, **{name: {} for name in fields}}
        with databases[self.database].cursor() as cursor:
            cursor.execute(sql, [*compiled.params, *params])
            for name, value, stored in cursor.fetchall():
                stored = stored if isinstance(stored, dict) else json.loads(stored)
                if name == "first":
                    found["first"] = stored
                else:
                    found[name][value] = stored
        return found

    def more_like_this(self, model_instance, additional_query_string=None, start_offset=0,
                       end_offset=None, models=None, limit_to_registered_models=None,
                       result_class=None, **kwargs):
        """Documents sharing the most distinctive words of `model_instance`'s."""
        self._ready()
        identifier = get_identifier(model_instance)
        words = self._key_words(identifier)
        if not words:
            return {"results": [], "hits": 0}
        extra = additional_query_string
        base = Compiler(self.schema).compile(extra if extra and extra != "*" else "*")
        rank = " | ".join(quote(w) for w in words)
        compiled = Compiled(
            f"d.vector @@ %s::tsquery AND d.identifier <> %s AND ({base.where})",
            (rank, identifier, *base.params), rank,
        )
        rows, hits = self._page(_only_models(compiled, models), None, start_offset, end_offset)
        return {"results": self._results(rows, result_class), "hits": hits}

    def _key_words(self, identifier):
        """The document's words by tf × log(1 / share of documents holding it)."""
        with databases[self.database].cursor() as cursor:
            cursor.execute(
                f"SELECT t.lexeme, coalesce(array_length(t.positions, 1), 1) "
                f"FROM {TABLE} d, unnest(d.vector) t "
                "WHERE d.identifier = %s AND t.lexeme NOT LIKE %s",
                [identifier, "%:%"],
            )
            counts = dict(cursor.fetchall())
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s AND attname = 'vector'",
                [TABLE],
            )
            stats = cursor.fetchone()
        share = dict(zip(stats[0], stats[1], strict=False)) if stats and stats[0] else {}
        rare = min(share.values(), default=0.002) / 2  # below the least common listed

        def weight(word):
            return counts[word] * -math.log(share.get(word, rare))

        return sorted(counts, key=lambda w: (-weight(w), w))[:MORE_LIKE_THIS_WORDS]


def _only_models(compiled, models):
    if not models:
        return compiled
    return replace(
        compiled,
        where=f"({compiled.where}) AND d.django_ct = ANY(%s)",
        params=(*compiled.params, [get_model_ct(m) for m in models]),
    )


class PostgresSearchEngine(BaseEngine):
    backend = PostgresSearchBackend
    query = PostgresSearchQuery
