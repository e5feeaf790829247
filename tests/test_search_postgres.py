"""The PostgreSQL search backend's own parts: queries translated to tsquery, the
tsvector it stores, its GIN index, its lock, its rebuild and its settings.

The search behaviour itself is tested on both backends by test_search.py and
test_search_sync.py (the `search_index` fixture runs each test on each backend).
"""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from haystack import connections

from archive.models import Answer
from archive.search.models import SearchDocument
from archive.search.postgres_documents import Schema
from archive.search.postgres_query import Compiler
from archive.search.sync import IndexLockTimeout, process_queue
from tests.factories import make_country, make_exchange, make_interview, make_speaker

ROOT = Path(__file__).resolve().parents[1]
# The backend's own tests: the fixture skips them unless the database is PostgreSQL.
on_postgres = pytest.mark.parametrize("search_index", ["postgres"], indirect=True)


def compile_query(text):
    fields = connections["default"].get_unified_index().all_searchfields()
    return Compiler(Schema.from_fields(fields)).compile(text)


@pytest.mark.parametrize(
    "typed, where, params",
    [
        ("pandemic", "d.vector @@ %s::tsquery", ("'pandem'",)),
        ('"permanent member of the Security Council"', "d.vector @@ %s::tsquery",
         ("('perman' <-> 'member' <-> 'secur' <-> 'council')",)),
        ("multilat* OR climate", "d.vector @@ %s::tsquery", ("('multilat':* | 'climat')",)),
        ("pandemic AND NOT solidarity", "d.vector @@ %s::tsquery",
         ("('pandem' & !('solidar'))",)),
        ('speaker:"wang yi" pandemic', "d.vector @@ %s::tsquery",
         ("(('speaker:wang' <-> 'speaker:yi') & 'pandem')",)),
        ('(香港) AND country:"HK"', "d.vector @@ %s::tsquery", ("('香港' & 'country:HK')",)),
        ('year:"2020" type:(answer)', "d.vector @@ %s::tsquery",
         ("('year:2020' & 'type:answer')",)),
        ("the", "FALSE", ()),  # only a stop word: nothing, as in Whoosh
    ],
)
def test_queries_become_one_tsquery(typed, where, params):
    compiled = compile_query(typed)
    assert (compiled.where, compiled.params) == (where, params)


def test_date_ranges_become_sql_beside_the_tsquery():
    compiled = compile_query('(pandemic) AND date:["2020-01-01" TO *]')
    assert compiled.where == "(d.vector @@ %s::tsquery AND (d.date IS NOT NULL AND d.date >= %s))"
    assert compiled.params == ("'pandem'", datetime.date(2020, 1, 1))


def test_quotes_and_backslashes_in_a_query_stay_inside_their_lexeme():
    compiled = compile_query(r'country:"it\'s \\ "')
    assert compiled.params == (r"'country:it''s \\ '",)


@pytest.mark.django_db
@on_postgres
def test_a_document_stores_segmented_chinese_fields_and_facets(search_index):
    zhao = make_speaker("赵立坚", slug="zhao-lijian", aliases=["Zhao Lijian"])
    interview = make_interview("例行记者会", language="zh")
    interview.countries.add(make_country("HK", "Hong Kong"))
    make_exchange(interview, answer="香港是中国的特别行政区，外交部的立场十分清楚。", speaker=zhao)
    process_queue()
    document = SearchDocument.objects.get(django_ct="archive.answer")
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(vector) FROM archive_searchdocument "
                       "WHERE id = %s", [document.pk])
        lexemes = set(cursor.fetchone()[0])
    # jieba's words, and the dictionary words inside longer ones (外交 in 外交部)
    assert {"香港", "特别", "行政区", "外交部", "外交"} <= lexemes
    assert {"speaker:zhao", "speaker:lijian", "country:HK", "type:answer"} <= lexemes
    with connection.cursor() as cursor:
        cursor.execute("SELECT tsvector_to_array(facet_vector) FROM archive_searchdocument "
                       "WHERE id = %s", [document.pk])
        facets = set(cursor.fetchone()[0])
    assert {"country:HK", "speaker_slug:zhao-lijian", "language:zh"} <= facets
    assert not any(f.startswith(("id:", "django_ct:")) for f in facets)
    assert document.fields["speaker_name"] == "赵立坚"


@pytest.mark.django_db
@on_postgres
def test_a_word_search_uses_the_gin_index(search_index):
    SearchDocument.objects.bulk_create(
        SearchDocument(identifier=f"archive.answer.{n}", django_ct="archive.answer",
                       django_id=str(n), vector=f"'word{n}':1 'common':2 'type:answer'")
        for n in range(5000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_searchdocument")
        compiled = compile_query("word42")
        cursor.execute(f"EXPLAIN SELECT d.id FROM archive_searchdocument d "
                       f"WHERE {compiled.where}", compiled.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "archive_searchdoc_vector_gin" in plan


@pytest.mark.django_db
@on_postgres
def test_a_failed_rebuild_leaves_the_old_documents(search_index):
    make_exchange(make_interview(), answer="Kept statement.")
    process_queue()
    before = search_index.document_ids()
    answers = connections["default"].get_unified_index().get_index(Answer)

    def failing():
        yield from answers.index_queryset()
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        search_index.rebuild([(answers, failing())])
    assert search_index.document_ids() == before


@pytest.mark.django_db
@on_postgres
def test_writers_on_any_machine_wait_for_the_advisory_lock(search_index):
    from archive.search.postgres_backend import LOCK_KEY

    db = connection.settings_dict
    other = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"] or "127.0.0.1",
                             port=db["PORT"] or 5432)
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK_KEY])
        with pytest.raises(IndexLockTimeout):
            with search_index.lock(timeout=0.2):
                pass
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
        with search_index.lock(timeout=0.2):
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
                assert cursor.fetchone()[0] is False
    finally:
        other.close()


def test_choosing_postgres_search_with_another_database_is_refused(tmp_path):
    env = {**os.environ, "ARCHIVE_SEARCH_BACKEND": "postgres", "PYTHONPATH": str(ROOT),
           "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
           "DJANGO_SETTINGS_MODULE": "archive.settings"}
    result = subprocess.run([sys.executable, "-c", "import django; django.setup()"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "ARCHIVE_SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL" in result.stderr


@pytest.mark.django_db
@on_postgres
def test_haystack_filters_are_written_in_the_query_syntax(search_index):
    from haystack.inputs import Exact, Raw
    from haystack.query import SearchQuerySet

    sqs = (SearchQuerySet().filter(content=Raw("(pandemic OR climate)"))
           .filter(speaker_slug=Exact("wang-yi"), date__gte=datetime.date(2020, 1, 1))
           .exclude(type="question").filter(speaker='say "hi"'))
    query = sqs.query.build_query()
    assert query == (
        '(((pandemic OR climate)) AND date:["2020-01-01" TO *] AND speaker_slug:"wang-yi"'
        ' AND NOT (type:"question") AND speaker:(say \\"hi\\"))'
    )
    compiled = compile_query(query)
    assert compiled.where == "(d.vector @@ %s::tsquery AND (d.date IS NOT NULL AND d.date >= %s))"
    assert compiled.params == (
        "(('pandem' | 'climat') & 'speaker_slug:wang-yi' & !('type:question')"
        " & ('speaker:say' & 'speaker:hi'))",
        datetime.date(2020, 1, 1),
    )
