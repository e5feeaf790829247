"""Phrase history: who said a phrase first, and when each speaker and each country
took it up."""

import datetime

import pytest

from archive.search.sync import process_queue
from tests.factories import make_country, make_exchange, make_interview, make_speaker

pytestmark = pytest.mark.django_db
PHRASE = "a community with a shared future for mankind"


@pytest.fixture
def uses(search_index):
    china, russia, france = (make_country("CN", "China"), make_country("RU", "Russia"),
                             make_country("FR", "France"))
    wang, hua = make_speaker("Wang Yi", slug="wang-yi"), make_speaker("Hua Chunying",
                                                                       slug="hua-chunying")
    lavrov = make_speaker("Sergey Lavrov", slug="sergey-lavrov")

    # Countries are those a statement mentions, so each use names its countries.
    def said(speaker, date, countries, text=None, **kw):
        if text is None:
            names = " and ".join(country.name for country in countries)
            text = f"We will build {PHRASE} together with {names}."
        interview = make_interview(f"Remarks of {date}", date=date, countries=countries, **kw)
        return make_exchange(interview, "Your view?", text, speaker=speaker)[1]

    # A draft that is earliest of all, and a question using the phrase earlier still.
    said(wang, datetime.date(2011, 1, 1), [china], published=False)
    asked = make_interview("Press conference", date=datetime.date(2012, 1, 1))
    make_exchange(asked, f"Do you still speak of {PHRASE}?", "We do not comment.",
                  speaker=hua)
    first = said(wang, datetime.date(2013, 3, 23), [russia])
    said(hua, datetime.date(2015, 6, 1), [china, russia])
    hua_later = said(hua, datetime.date(2014, 2, 2), [france])
    said(wang, datetime.date(2018, 5, 5), [france])
    lavrov_first = said(lavrov, datetime.date(2019, 9, 9), [russia])
    said(lavrov, datetime.date(2016, 1, 1), [russia], text="A shared future is a phrase.")
    process_queue()
    # Another index segment, holding an answer whose transcript has no date.
    said(lavrov, None, [china], date_precision="unknown")
    process_queue()
    return {"first": first, "hua": hua_later, "lavrov": lavrov_first}


def phrase(client, q):
    response = client.get("/api/phrase/", {"q": q})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_first_use_is_the_earliest_published_answer(client, uses):
    body = phrase(client, f'"{PHRASE}"')
    assert body["first"]["url"].endswith(uses["first"].get_absolute_url())
    assert body["first"]["speaker"] == "Wang Yi"
    assert body["first"]["date"] == "2013-03-23"
    assert body["first"]["country"] == "Russia"


def test_the_first_use_by_each_speaker_and_country_in_date_order(client, uses):
    firsts = phrase(client, f'"{PHRASE}"')["firsts"]
    assert [(f["by"], f.get("speaker") if f["by"] == "speaker" else f["country"], f["date"])
            for f in firsts] == [
        ("country", "Russia", "2013-03-23"),
        ("speaker", "Wang Yi", "2013-03-23"),
        ("country", "France", "2014-02-02"),
        ("speaker", "Hua Chunying", "2014-02-02"),
        ("country", "China", "2015-06-01"),
        ("speaker", "Sergey Lavrov", "2019-09-09"),
    ]
    hua = next(f for f in firsts if f["by"] == "speaker" and f["speaker"] == "Hua Chunying")
    assert hua["url"].endswith(uses["hua"].get_absolute_url())
    assert set(firsts[0]) >= {"speaker", "country", "date", "url"}


def test_counts_by_year_come_with_the_history(client, uses):
    years = phrase(client, f'"{PHRASE}"')["years"]
    assert {"year": "2013", "count": 1} in years
    assert all(row["year"] != "2011" for row in years)  # the draft


def test_the_trends_page_shows_who_said_it_first(client, uses):
    page = client.get("/trends/", {"q": f'"{PHRASE}"', "split": "country"}).content.decode()
    assert "First said by <strong>Wang Yi</strong>" in page
    assert uses["first"].get_absolute_url() in page
    assert "First use by each country" in page and "<svg" in page


def test_a_phrase_never_said_has_no_history(client, uses):
    body = phrase(client, '"peaceful rise of zeppelins"')
    assert body["first"] is None and body["firsts"] == [] and body["years"] == []


def test_a_phrase_is_needed(client, search_index):
    response = client.get("/api/phrase/")
    assert response.status_code == 400
    assert "phrase" in response.json()["error"]


def test_phrase_history_queries_stay_bounded(client, uses, django_assert_max_num_queries):
    # The earliest uses (one query on PostgreSQL), the country names, and the year
    # counts (a page and its facets on PostgreSQL): none per match.
    with django_assert_max_num_queries(4):
        phrase(client, f'"{PHRASE}"')


def test_a_backend_without_the_archives_interface_finds_the_same_first_uses(uses,
                                                                            search_index):
    from archive.search.backend import HaystackBackend
    from archive.search.phrases import FIELDS

    query = f'"{PHRASE}" AND type:answer'

    def places(found):
        def place(stored):
            return stored["interview_slug"], int(stored["position"])

        return place(found["first"]), {name: {value: place(stored) for value, stored
                                              in found[name].items()} for name in FIELDS}

    assert places(HaystackBackend(search_index).first_uses(query, FIELDS)) == \
        places(search_index.first_uses(query, FIELDS))


def test_the_accelerator_finds_the_uses_whoosh_finds_one_by_one(uses, search_index):
    from archive.search.phrases import FIELDS
    from archive.search.whoosh_backend import ArchiveWhooshBackend

    if not isinstance(search_index, ArchiveWhooshBackend) or not search_index.accelerated:
        pytest.skip("compares the Whoosh accelerator with plain Whoosh")
    query = f'"{PHRASE}" AND type:answer'
    accelerated = search_index.first_uses(query, FIELDS)
    search_index.accelerated = False
    try:
        plain = search_index.first_uses(query, FIELDS)
    finally:
        search_index.accelerated = True
    assert accelerated == plain
    assert set(accelerated["country"]) == {"CN", "RU", "FR"}
