"""The quote check: a journalist pastes a quote and learns who said it, when, and how
the real words differ."""

import datetime

import pytest

from archive.search.sync import process_queue
from tests.factories import make_exchange, make_interview, make_speaker

pytestmark = pytest.mark.django_db

SAID = ("We have always held that the negotiations must produce a rules-based "
        "consensus on multilateralism, and the ministers also discussed the Afghan peace "
        "process at length. Solidarity matters more than ever.")
OTHER = ("Trade between the two countries grew by twelve percent last year, and the "
         "ministers agreed to open new consulates in the autumn.")
ZH_SAID = "香港是中国的特别行政区，外交部的立场十分清楚。我们坚决反对任何外部势力干涉香港事务。"


@pytest.fixture
def archive(search_index):
    wang = make_speaker("Wang Yi", slug="wang-yi")
    zhao = make_speaker("Zhao Lijian", slug="zhao-lijian")
    meeting = make_interview("Wang Yi on the SCO meeting", date=datetime.date(2020, 9, 16))
    _, said = make_exchange(meeting, "What was achieved?", SAID, speaker=wang)
    make_exchange(meeting, "And trade?", OTHER, speaker=wang)
    briefing = make_interview("外交部例行记者会", date=datetime.date(2020, 5, 27), language="zh")
    _, zh = make_exchange(briefing, "有何评论？", ZH_SAID, speaker=zhao)
    draft = make_interview("Unreviewed draft", published=False, date=datetime.date(2021, 1, 1))
    make_exchange(draft, "Secret?", "The hidden negotiations on the zeppelin treaty must "
                  "stay secret until the summit.", speaker=wang)
    process_queue()
    return {"said": said, "zh": zh}


def check(client, text, status=200):
    response = client.get("/api/quote/", {"text": text})
    assert response.status_code == status, response.content
    return response.json()


def test_an_altered_quote_finds_its_statement_with_the_words_that_differ(client, archive):
    body = check(client, "the negotiations must produce a consensus on multilateralism, "
                         "and the ministers discussed the Afghan peace process")
    best = body["matches"][0]
    assert best["url"].endswith(archive["said"].get_absolute_url())
    assert best["speaker"] == "Wang Yi"
    assert best["date"] == "2020-09-16"
    assert 0.7 <= best["similarity"] < 1
    assert best["text"].startswith("the negotiations must produce a rules-based consensus")
    assert best["text"].endswith("Afghan peace process")
    # What the quote left out is marked as said; nothing else is marked.
    assert "<ins>rules-based</ins>" in best["diff"]
    assert "<ins>also</ins>" in best["diff"]
    assert "<del>" not in best["diff"]


def test_a_word_swapped_is_shown_struck_through_beside_the_word_said(client, archive):
    body = check(client, "Solidarity matters more than anything.")
    best = body["matches"][0]
    assert best["url"].endswith(archive["said"].get_absolute_url())
    assert "<del>anything</del> <ins>ever</ins>" in best["diff"]


def test_the_quote_page_shows_speaker_date_score_diff_and_permalink(client, archive):
    response = client.get("/quote/", {"text": "the negotiations must produce a consensus on "
                                              "multilateralism"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 close match" in page
    assert "Wang Yi" in page and "16 September 2020" in page
    assert "% similar" in page
    assert "<ins>rules-based</ins>" in page
    assert f'href="{archive["said"].get_absolute_url()}"' in page


def test_a_quote_never_said_is_not_matched_and_the_page_says_so(client, archive):
    text = "The ministers welcomed the new railway to the coast and praised its engineers."
    body = check(client, text)
    assert body["matches"] == []
    assert body["nearest"]  # the candidates, each below the threshold
    assert all(near["similarity"] < body["threshold"] for near in body["nearest"])
    page = client.get("/quote/", {"text": text}).content.decode()
    assert "Nothing close was found" in page


def test_a_draft_is_never_matched(client, archive):
    body = check(client, "The hidden negotiations on the zeppelin treaty must stay secret "
                         "until the summit.")
    assert body["matches"] == []
    assert all("zeppelin" not in near["text"] for near in body["nearest"])


def test_a_chinese_quote_is_aligned_character_by_character(client, archive):
    body = check(client, "香港是中国的行政区，外交部立场非常清楚")
    best = body["matches"][0]
    assert best["url"].endswith(archive["zh"].get_absolute_url())
    assert best["speaker"] == "Zhao Lijian"
    assert "中国的<ins>特别</ins>行政区" in best["diff"]
    assert "<del>非常</del><ins>十分</ins>清楚" in best["diff"]


def test_markup_in_a_quote_or_a_statement_is_escaped(client, search_index):
    interview = make_interview("Remarks", date=datetime.date(2022, 3, 1))
    make_exchange(interview, "Q?", "We reject <script>alert(1)</script> diplomacy by tweet "
                  "and pressure campaigns.", speaker=make_speaker("Ana Li"))
    process_queue()
    body = check(client, "We reject <b>diplomacy</b> by tweet and pressure campaigns")
    diff = body["matches"][0]["diff"]
    assert "<script>" not in diff and "<b>" not in diff
    assert "&lt;" in diff and "&gt;" in diff
    page = client.get("/quote/", {"text": "We reject <b>diplomacy</b> by tweet"}).content
    assert b"<b>diplomacy" not in page and b"<script>alert" not in page


@pytest.mark.parametrize("text, says", [
    ("", "Paste the quote"),
    ("   \n ", "Paste the quote"),
    ("word " * 250, "at most 1,000"),
    ("\x01\x02\x03binary\x7f", "control characters"),
    ("bad \ufffd bytes", "not text"),
    ("!!! ??? ...", "no words"),
])
def test_bad_input_gets_a_clear_400_never_a_500(client, search_index, text, says):
    body = check(client, text, status=400)
    assert says in body["error"]
    response = client.get("/quote/", {"text": text})
    assert response.status_code == 400
    assert says in response.content.decode()


def test_a_nul_in_the_quote_is_dropped_as_everywhere_in_addresses(client, archive):
    # archive/middleware.py drops NUL from every query string before any view.
    body = check(client, "Solidarity matters\x00 more than ever")
    assert body["text"] == "Solidarity matters more than ever"
    assert body["matches"][0]["similarity"] == 1


def test_the_api_needs_a_text(client, search_index):
    assert "Paste the quote" in check(client, None or "", status=400)["error"]
    assert client.get("/api/quote/").status_code == 400


def test_the_empty_page_shows_the_form(client, search_index):
    response = client.get("/quote/")
    assert response.status_code == 200
    assert b'name="text"' in response.content


def test_the_quote_check_is_rate_limited_like_search(client, archive, settings):
    settings.ARCHIVE_SEARCH_RATE = "2/m"
    for _ in range(2):
        check(client, "Solidarity matters more than ever")
    assert client.get("/api/quote/", {"text": "Solidarity"}).status_code == 429


def test_the_quote_check_reads_no_database_rows_per_candidate(client, archive,
                                                               django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        check(client, "the negotiations must produce a consensus on multilateralism")


def test_word_counts_are_the_same_through_haystack_alone(archive, search_index):
    from archive.search.backend import HaystackBackend

    words = ["negotiation", "multilateralism", "Solidarity", "香港", "zeppelin", "ministers",
             "the"]
    native = search_index.document_frequencies(words)
    assert native["negotiation"] == 1 and native["香港"] == 1 and native["ministers"] == 2
    assert native["the"] == 0  # a stop word is not indexed
    assert native["zeppelin"] == 0  # only in the draft
    assert HaystackBackend(search_index).document_frequencies(words) == native
