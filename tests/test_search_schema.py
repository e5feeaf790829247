"""The search schema is declared once (archive/search/schema.py): the index, both
backends, the query parser, the form, the facet sidebar and the trends chart agree
with it."""

import datetime

import pytest
from haystack import connections
from haystack.fields import FacetField
from whoosh.fields import ID, KEYWORD, STORED, TEXT

from archive.search import schema
from archive.search.forms import FACETS, SearchForm
from archive.search.postgres_documents import Schema as PostgresSchema
from archive.search.query import FIELDS as TYPED_FIELDS
from archive.search.query import parse_query
from archive.search.results import FACET_TITLES, NAMED
from archive.search.whoosh_backend import SET_SUFFIX, ArchiveWhooshBackend
from archive.views.search import SPLITS
from tests.factories import make_country, make_exchange, make_interview, make_speaker

FACET_FIELDS = [field for field in schema.FIELDS if field.exact]


def indexes():
    return connections["default"].get_unified_index().get_indexes().values()


def test_every_search_index_has_exactly_the_schema_s_fields():
    for index in indexes():
        assert list(index.fields) == [field.name for field in schema.FIELDS]
        for field in schema.FIELDS:
            found = index.fields[field.name]
            assert isinstance(found, FacetField) == field.exact, field.name
            assert found.is_multivalued == (field.kind == schema.FACET_SET), field.name
            assert found.indexed == (field.kind not in (schema.STORED, schema.STORED_NUMBER))
            assert found.document == field.document
            assert found.null == (field.null or field.exact), field.name
            assert found.model_attr == field.model_attr


def test_whoosh_indexes_facets_whole_and_text_with_the_archive_s_analyzer(settings):
    backend = ArchiveWhooshBackend("default", **settings.HAYSTACK_CONNECTIONS["default"])
    unified = connections["default"].get_unified_index()
    content, whoosh = backend.build_schema(unified.all_searchfields())
    assert content == "text"
    for field in schema.FIELDS:
        kind = type(whoosh[field.name])
        expected = {schema.TEXT: TEXT, schema.FACET: ID, schema.FACET_SET: KEYWORD,
                    schema.STORED: STORED, schema.STORED_NUMBER: STORED}.get(field.kind)
        if expected:
            assert kind is expected, field.name
        assert (field.name + SET_SUFFIX in whoosh) == (field.kind == schema.FACET_SET)


def test_postgresql_reads_the_same_fields_the_same_way():
    found = PostgresSchema.from_fields(connections["default"].get_unified_index()
                                       .all_searchfields())
    assert found.content == "text"
    assert found.facets == {field.name for field in FACET_FIELDS}
    assert found.analysed == {field.name for field in schema.FIELDS if field.kind == schema.TEXT}
    assert found.dates == {"date"} and found.date_column == "date"


def test_the_query_parser_knows_every_typed_field_and_only_those():
    assert TYPED_FIELDS == {field.typed: (field.name, field.exact)
                            for field in schema.FIELDS if field.typed}
    for field in schema.FIELDS:
        if field.typed and field.exact:
            value = "ab" if field.upper else "AB"
            expected = value.upper() if field.upper else value.lower()
            assert parse_query(f"{field.typed}:{value}").text == f'{field.name}:"{expected}"'
    assert parse_query("month:2020-09").notice  # a facet no searcher types


def test_every_facet_is_a_form_filter_a_sidebar_group_and_labelled():
    assert FACETS == {field.param: field.name for field in schema.FIELDS if field.param}
    assert list(SearchForm().fields) == ["q", *FACETS, "date_from", "date_to", "sort"]
    assert FACET_TITLES == {field.param: field.title for field in schema.FIELDS if field.param}
    assert all(FACET_TITLES.values())
    assert {param: (model.__name__, key) for param, (model, key) in NAMED.items()} == {
        field.param: field.named for field in schema.FIELDS if field.named}
    assert SPLITS == {param: (schema.FACETS[param].name, *NAMED[param])
                      for param, field in schema.FACETS.items() if field.splits}
    assert set(SPLITS) == {"speaker", "country"}


@pytest.mark.django_db
def test_a_page_shows_a_group_for_each_facet_and_filters_on_each(client, search_index):
    russia = make_country("RU", "Russia")
    interview = make_interview("Briefing", date=datetime.date(2020, 9, 16), countries=[russia])
    make_exchange(interview, "About Russia?", "Multilateralism matters.",
                  speaker=make_speaker("Wang Yi", slug="wang-yi"))
    from archive.search.sync import process_queue

    process_queue()
    page = client.get("/search/", {"q": "multilateralism"}).context
    groups = {group["param"]: group for group in page["facets"]}
    # every facet the answer has a value for (it has no topic and no source)
    assert set(groups) == set(FACETS) - {"topic", "source"}
    for param, group in groups.items():
        assert group["title"] == FACET_TITLES[param]
        (option,) = group["options"]
        filtered = client.get("/search/" + option["url"]).context
        assert filtered["selected"] == {param: filtered["form"].cleaned_data[param]}
        assert filtered["page"].hits == 1, param
