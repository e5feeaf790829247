"""Searching the archive: what a researcher types, and what the page shows."""

import csv
import datetime
import io

import pytest
from django.utils.html import escape

from archive.models import Source
from archive.search.sync import process_queue
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(search_index):
    """Three published interviews in two languages and one draft, indexed."""
    xinhua = Source.objects.create(name="Xinhua News Agency", slug="xinhua")
    mfa = Source.objects.create(name="Ministry of Foreign Affairs", slug="mfa")
    wang = make_speaker("Wang Yi", slug="wang-yi", aliases=["王毅", "WANG YI"])
    geng = make_speaker("Geng Shuang", slug="geng-shuang")
    zhao = make_speaker("赵立坚", slug="zhao-lijian", aliases=["Zhao Lijian"])
    russia, france = make_country("RU", "Russia"), make_country("FR", "France")
    hong_kong = make_country("HK", "Hong Kong")
    sco = make_topic("Shanghai Cooperation Organization")

    sco_interview = make_interview(
        "Wang Yi on the SCO meeting", date=datetime.date(2020, 9, 16), source=xinhua,
        kind="interview",
    )
    sco_interview.countries.add(russia)
    sco_interview.topics.add(sco)
    make_exchange(sco_interview, "What was achieved in Moscow?",
                  "The negotiations produced a rules-based consensus on multilateralism.\n\n"
                  "The ministers also discussed the Afghan peace process.", speaker=wang)
    make_exchange(sco_interview, "And the pandemic?",
                  "Solidarity against the pandemic matters more than ever.", speaker=wang)

    press = make_interview(
        "Regular Press Conference on May 11, 2018", date=datetime.date(2018, 5, 11),
        source=mfa, kind="press_conference",
    )
    press.countries.add(france)
    make_exchange(press, "What is the purpose of the visit to France?",
                  "France is a permanent member of the Security Council and a negotiating "
                  "partner on climate.", speaker=geng, asker_label="AFP")

    chinese = make_interview(
        "2020年5月27日外交部发言人赵立坚主持例行记者会", date=datetime.date(2020, 5, 27),
        source=mfa, kind="press_conference", language="zh",
    )
    chinese.countries.add(hong_kong)
    make_exchange(chinese, "路透社记者：中方有何评论？",
                  "香港是中国的特别行政区，外交部的立场十分清楚。", speaker=zhao)

    draft = make_interview("Unreviewed draft", published=False,
                           date=datetime.date(2021, 1, 1))
    make_exchange(draft, "Secret?", "This unpublished negotiation must stay hidden.",
                  speaker=wang)
    process_queue()
    return {"sco": sco_interview, "press": press, "chinese": chinese, "draft": draft}


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response


def hit_texts(response):
    return [hit.text for hit in response.context["hits"]]


def test_words_must_all_match_and_stemming_finds_other_forms(client, corpus):
    texts = hit_texts(search(client, q="negotiation consensus"))
    assert len(texts) == 1 and "rules-based consensus" in texts[0]
    assert len(hit_texts(search(client, q="negotiations"))) == 2  # consensus + negotiating


def test_an_exact_phrase_matches_only_those_words_in_order(client, corpus):
    assert len(hit_texts(search(client, q='"permanent member of the Security Council"'))) == 1
    assert hit_texts(search(client, q='"Council Security member"')) == []


def test_or_and_exclusion(client, corpus):
    assert len(hit_texts(search(client, q="pandemic OR climate"))) == 3
    texts = hit_texts(search(client, q="pandemic -solidarity"))
    assert texts == ["And the pandemic?"]


def test_prefix_search_and_its_highlight(client, corpus):
    response = search(client, q="multilat*")
    [hit] = response.context["hits"]
    assert "<mark>multilateralism</mark>" in hit.snippet


def test_field_filter_on_speaker_uses_names_and_aliases(client, corpus):
    by_name = hit_texts(search(client, q='speaker:"wang yi" pandemic'))
    assert by_name == ["Solidarity against the pandemic matters more than ever."]
    assert hit_texts(search(client, q="speaker:王毅 pandemic")) == by_name


def test_chinese_is_searchable_by_word(client, corpus):
    for word in ("外交部", "香港", "特别行政区"):
        texts = hit_texts(search(client, q=word))
        assert texts == ["香港是中国的特别行政区，外交部的立场十分清楚。"], word


def test_drafts_are_never_found(client, corpus):
    assert not any("unpublished" in t for t in hit_texts(search(client, q="hidden")))
    assert hit_texts(search(client, q="secret")) == []


def test_results_link_to_the_answer_and_its_interview(client, corpus):
    response = search(client, q="solidarity")
    html = response.content.decode()
    answer = corpus["sco"].answers.get(text__startswith="Solidarity")
    assert f'href="{answer.get_absolute_url()}"' in html
    assert f'href="{corpus["sco"].get_absolute_url()}#a{answer.position}"' in html
    assert "Wang Yi" in html and "16 September 2020" in html


def test_question_results_link_to_the_question_in_the_transcript(client, corpus):
    response = search(client, q="purpose visit", type="question")
    [hit] = response.context["hits"]
    assert hit.url == f"{corpus['press'].get_absolute_url()}#q1"
    assert hit.speaker == "AFP"


def test_highlights_escape_the_transcript_text(client, search_index):
    interview = make_interview("Escaping")
    make_exchange(interview, answer='We reject <script>alert("x")</script> interference.')
    process_queue()
    html = search(client, q="interference").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html
    assert "<mark>interference</mark>" in html


def test_facets_count_and_narrow(client, corpus):
    response = search(client, q="pandemic OR climate OR 香港")
    groups = {g["param"]: g for g in response.context["facets"]}
    speakers = {o["label"]: o["count"] for o in groups["speaker"]["options"]}
    assert speakers == {"Wang Yi": 1, "Geng Shuang": 1, "赵立坚": 1}
    countries = {o["label"]: o["count"] for o in groups["country"]["options"]}
    # Per statement: the SCO interview is tagged with Russia, but its words on the
    # pandemic never mention it.
    assert countries == {"France": 1, "Hong Kong": 1}
    years = [o["label"] for o in groups["year"]["options"]]
    assert years == ["2020", "2018"]
    narrowed = search(client, q="pandemic OR climate OR 香港", country="fr")
    assert [h.speaker for h in narrowed.context["hits"]] == ["Geng Shuang"]
    assert [c["label"] for c in narrowed.context["chips"]] == ["France"]


def test_hit_counts_and_facets_count_every_match_not_only_the_first_page(client, search_index):
    # Sixty matches, three pages: the count and the facets must not come from the
    # top hits only, nor lose the rare word's matches once the page is full of
    # higher-scoring ones (Whoosh may drop a sub-query that cannot reach the top).
    years = {2015: 25, 2016: 30}
    make_country("RU", "Russia"), make_country("FR", "France")
    for year, answers in years.items():
        interview = make_interview(f"Briefing {year}", date=datetime.date(year, 3, 1))
        about = "Russia and France" if year == 2015 else "Russia"
        for n in range(answers):
            make_exchange(interview, question=f"Question {n} on {about}?",
                          answer="Climate climate climate finance." if n % 2 else "Climate.")
    rare = make_interview("Briefing 2017", date=datetime.date(2017, 3, 1))
    for n in range(5):
        make_exchange(rare, question=f"Question {n}?",
                      answer="Glaciers. " + " ".join(f"word{w}" for w in range(80)))
    process_queue()
    response = search(client, q="climate OR glacier", type="answer")
    assert response.context["page"].hits == 60
    groups = {g["param"]: g for g in response.context["facets"]}
    assert {o["label"]: o["count"] for o in groups["year"]["options"]} == {
        "2016": 30, "2015": 25, "2017": 5}
    # An answer whose question is about two countries counts once for each.
    assert [(o["label"], o["count"]) for o in groups["country"]["options"]] == [
        ("Russia", 55), ("France", 25)]
    pages = [search(client, q="climate OR glacier", type="answer", page=str(n))
             for n in (1, 2, 3)]
    assert [len(page.context["hits"]) for page in pages] == [20, 20, 20]
    dates = [hit.date for page in pages for hit in page.context["hits"]]
    assert dates.count("1 March 2017") == 5  # the rare word's answers are on a page


def test_a_multi_word_facet_value_stays_whole(client, corpus):
    response = search(client, q="香港")
    labels = [o["label"] for g in response.context["facets"] for o in g["options"]]
    assert "Hong Kong" in labels and "hong" not in labels
    assert search(client, q="香港", country="HK").context["page"].hits == 1


def test_filters_alone_browse_the_archive(client, corpus):
    response = search(client, speaker="geng-shuang")
    assert [h.speaker for h in response.context["hits"]] == ["Geng Shuang"]


def test_a_date_range_keeps_what_falls_inside(client, corpus):
    inside = search(client, q="pandemic OR climate OR 香港", **{"from": "2020-01-01"})
    assert {h.date for h in inside.context["hits"]} == {"16 September 2020", "27 May 2020"}
    swapped = search(client, q="pandemic OR climate", **{"from": "2019-01-01", "to": "2018-01-01"})
    assert {h.speaker for h in swapped.context["hits"]} == {"Geng Shuang"}


def test_sorting_by_date(client, corpus):
    query = "pandemic OR climate OR 香港"
    newest = [h.date for h in search(client, q=query, sort="newest").context["hits"]]
    assert newest[0] == "16 September 2020" and newest[-1] == "11 May 2018"
    oldest = [h.date for h in search(client, q=query, sort="oldest").context["hits"]]
    assert oldest == list(reversed(newest))


@pytest.mark.parametrize(
    "query",
    ['"lonely quote', "AND", "OR pandemic", "#$%&" * 500, "(pandemic", "pandemic)",
     "foo:bar", "*", "a" * 3000, "speaker:", "NOT", "pandemic OR", "-"],
)
def test_malformed_queries_fall_back_to_words_with_a_notice(client, corpus, query):
    response = search(client, q=query)
    assert response.context["notice"]
    assert escape(response.context["notice"]) in response.content.decode()
    if "pandemic" in query:
        assert response.context["page"].hits == 2


def test_nul_bytes_in_a_query_are_ignored(client, corpus):
    assert search(client, q="\x00pandemic").context["page"].hits == 2


@pytest.mark.parametrize("page", ["0", "-3", "abc", "", "1.5", "99999999999999999999"])
def test_bad_page_numbers_give_a_page(client, corpus, page):
    response = search(client, q="pandemic OR climate OR 香港", page=page)
    assert response.context["page"].number in (1,)
    assert response.context["hits"]


def test_a_page_past_the_end_shows_the_last_page_and_says_so(client, corpus):
    response = search(client, q="pandemic OR climate OR 香港", page="999999")
    assert response.context["page"].number == 1
    assert "no page 10000" in response.context["notice"]
    assert len(response.context["hits"]) == 4


def test_bad_filter_values_are_reported_not_fatal(client, corpus):
    response = search(client, q="pandemic", year="20x0", kind="nonsense", to="yesterday")
    assert response.context["hits"]
    assert set(response.context["form"].errors) == {"year", "kind", "date_to"}


def test_set_filters_take_one_code_or_slug(client, corpus):
    # Countries and topics are indexed as comma-separated sets: "RU,FR" is no one value.
    response = search(client, q="pandemic", country="0,0", topic="climate,trade")
    assert response.status_code == 200 and response.context["hits"]
    assert set(response.context["form"].errors) == {"country", "topic"}


@pytest.mark.parametrize("query", ['country:"ru,fr"', 'topic:"a,b" pandemic', 'year:"20 20"'])
def test_a_typed_filter_whoosh_cannot_run_is_not_fatal(client, corpus, query):
    response = search(client, q=query)
    assert response.status_code == 200


def test_did_you_mean_offers_a_spelling_that_finds_more(client, corpus):
    response = search(client, q="solidarty")
    assert response.context["page"].hits == 0
    assert response.context["suggestion"] == "solidarity"
    assert search(client, q="solidarity").context["suggestion"] is None


def test_the_json_api_returns_results_and_facets(client, corpus):
    data = client.get("/api/search/", {"q": "pandemic", "speaker": "wang-yi"}).json()
    assert data["count"] == 1
    assert {r["speaker"] for r in data["results"]} == {"Wang Yi"}
    assert data["results"][0]["url"].startswith("http://testserver/interviews/")
    assert data["facets"]["speaker"][0] == {
        "label": "Wang Yi", "count": 1, "active": True,
        "url": "http://testserver/api/search/?q=pandemic",
    }
    assert client.get("/api/search/").status_code == 400


def test_the_csv_export_has_one_row_per_result_with_citation_fields(client, corpus):
    response = client.get("/search/export.csv", {"q": "pandemic OR climate"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["speaker", "type", "date", "interview", "source", "url",
                       "date_precision", "speaker_slug", "interview_slug", "position",
                       "interview_url", "text"]
    assert len(rows) == 4
    geng = next(r for r in rows if r[0] == "Geng Shuang")
    assert geng[2:5] == ["2018-05-11", "Regular Press Conference on May 11, 2018",
                         "Ministry of Foreign Affairs"]
    assert client.get("/search/export.csv").status_code == 400


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\") zanzibar", "+1+1 zanzibar",
            "-2+3 zanzibar", "@SUM(1) zanzibar", "\t=1 zanzibar", "\r=1 zanzibar",
            "   =1+1 zanzibar", "\u3000=1 zanzibar"]


def test_the_csv_export_neutralises_cells_a_spreadsheet_would_run(client, search_index):
    speaker = make_speaker("=cmd|' /C calc'!A0", slug="formula-speaker")
    interview = make_interview("@SUM(1+1)*cmd|' /C calc'!A0")
    for text in FORMULAS:
        make_exchange(interview, answer=text, speaker=speaker)
    make_exchange(interview, answer="A plain zanzibar answer, = and - inside.", speaker=speaker)
    process_queue()

    response = client.get("/search/export.csv", {"q": "zanzibar", "type": "answer"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))[1:]

    assert len(rows) == len(FORMULAS) + 1
    for row in rows:
        assert row[0] == "'=cmd|' /C calc'!A0"
        assert row[3] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    texts = sorted(row[-1] for row in rows)
    assert texts == sorted(["'" + text for text in FORMULAS]
                           + ["A plain zanzibar answer, = and - inside."])


def test_trends_count_matches_per_year(client, corpus):
    response = client.get("/trends/", {"q": "pandemic OR climate"})
    trend = response.context["trend"]
    assert trend.buckets == ["2018", "2019", "2020"]
    assert trend.series[0].counts == {"2018": 1, "2020": 2}
    html = response.content.decode()
    assert "<svg" in html and html.count("<rect") == 3


def test_trends_split_by_speaker(client, corpus):
    response = client.get("/trends/", {"q": "pandemic OR climate", "split": "speaker"})
    trend = response.context["trend"]
    assert {s.label: s.counts for s in trend.series} == {
        "Wang Yi": {"2020": 1}, "Geng Shuang": {"2018": 1},
    }


def test_an_answer_page_lists_similar_answers_from_other_interviews(client, corpus):
    answer = corpus["sco"].answers.get(position=1)
    response = client.get(answer.get_absolute_url())
    related = response.context["related"]
    assert [other.speaker.name for other in related] == ["Geng Shuang"]  # "negotiat…" in both
    assert all(other.interview != corpus["sco"] for other in related)
    assert "Said elsewhere, in similar words" in response.content.decode()


def test_a_results_page_runs_no_sql_once_names_are_cached(
    client, corpus, search_index, django_assert_num_queries
):
    from archive.search.postgres_backend import PostgresSearchBackend

    # In PostgreSQL the search itself is SQL: one query for the hits, one for facets.
    searching = 2 if isinstance(search_index, PostgresSearchBackend) else 0
    search(client, q="pandemic OR climate OR 香港")  # fills the cache of facet names
    with django_assert_num_queries(searching):
        response = search(client, q="pandemic OR climate OR 香港", page="1")
    assert len(response.context["hits"]) == 4
    assert {g["param"] for g in response.context["facets"]} >= {"speaker", "country", "year"}


@pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)  # Whoosh's own searcher
def test_a_kept_searcher_sees_an_index_rebuilt_by_another_process(client, corpus, settings):
    from haystack import connections

    from archive.pagecache import versions
    from archive.search.whoosh_backend import ArchiveWhooshBackend

    assert search(client, q="solidarity").context["page"].hits == 1
    corpus["sco"].answers.filter(text__startswith="Solidarity").update(text="Reworded.")
    other = ArchiveWhooshBackend("default", **settings.HAYSTACK_CONNECTIONS["default"])
    unified = connections["default"].get_unified_index()
    other.rebuild([(i, i.index_queryset()) for i in unified.get_indexes().values()])
    versions.bump([versions.SEARCH])  # as rebuild_index does: no search page kept from before
    assert search(client, q="solidarity").context["page"].hits == 0
    assert search(client, q="reworded").context["page"].hits == 1


@pytest.mark.parametrize("order", [[], ["-date"]])
def test_a_narrowing_that_leaves_nothing_finds_nothing(corpus, order):
    from haystack.query import SearchQuerySet

    sqs = SearchQuerySet().filter(content="negotiations").order_by(*order)
    assert sqs.count() == 2  # an answer and a question
    assert sqs.narrow('speaker_slug:"nobody"').count() == 0
    assert list(sqs.narrow('speaker_slug:"nobody"')[:10]) == []
