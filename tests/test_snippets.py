"""Search snippets: passages that read as quotations, what matched marked whole."""

import re

import pytest

from archive.search.analysis import MixedAnalyzer
from archive.search.highlight import MAX_CHARS, snippet
from archive.search.sync import process_queue
from tests.factories import make_exchange, make_interview

ANALYZER = MixedAnalyzer()

WIN_WIN = (
    "We held talks on strategic cooperation with our neighbours. The economy grew "
    "by five per cent last year, and trade rose with it. Health is a concern for "
    "every family in the region, as everyone knows. Both sides agreed that win-win "
    "cooperation is the only way forward. Thank you."
)


def words(text):
    return tuple(token.text for token in ANALYZER(text, mode="query"))


def passages(html):
    return re.findall(r'<span class="passage">(.*?)</span>', html)


def plain(html):
    return re.sub(r"</?mark>", "", html)


def test_a_phrase_is_marked_as_one_unit_and_its_passage_is_chosen():
    html = snippet(WIN_WIN, phrases=[words("win-win cooperation")])
    assert "<mark>win-win cooperation</mark>" in html
    assert html.count("<mark>") == 1  # not "strategic cooperation", not word by word
    assert "strategic" not in passages(html)[0] or "win-win" in passages(html)[0]
    assert any("<mark>win-win cooperation</mark>" in p for p in passages(html))


def test_the_passage_with_the_phrase_wins_over_one_with_its_words_apart():
    text = ("Cooperation brings a win for everyone, " + "we said so many times. " * 12
            + "This is win-win cooperation in practice.")
    html = snippet(text, phrases=[words("win-win cooperation")])
    assert passages(html)[0].endswith("This is <mark>win-win cooperation</mark> in practice.")


def test_a_phrase_with_stop_words_inside_is_one_mark():
    text = "China is a permanent member of the Security Council, and acts as one."
    html = snippet(text, phrases=[words("permanent member of the Security Council")])
    assert "<mark>permanent member of the Security Council</mark>" in html


def test_passages_are_whole_sentences_with_an_ellipsis_where_text_is_left_out():
    text = " ".join(f"Sentence number {n} is about nothing much at all." for n in range(30))
    text += " Here the pandemic is mentioned. " + text
    [passage] = passages(snippet(text, terms={"pandem"}))
    assert passage.startswith("… ") and passage.endswith(" …")
    inner = plain(passage)[2:-2]
    assert inner[0].isupper() and inner.endswith(".")  # from a sentence's start to its end
    assert "Here the <mark>pandemic</mark> is mentioned." in passage
    assert len(inner) <= MAX_CHARS


def test_two_passages_are_separate_elements_each_marked_where_cut():
    filler = "Nothing to see in this sentence at all. " * 15
    text = f"Health comes first. {filler}Then came cooperation, at last. {filler}"
    html = snippet(text, terms={"health", "cooper"})
    first, second = passages(html)
    assert first.startswith("<mark>Health</mark> comes first.") and first.endswith(" …")
    assert second.startswith("… Then came <mark>cooperation</mark>") and second.endswith(" …")
    assert "</span> <span" in html  # never run together ("health...cooperation")


def test_a_long_sentence_is_cut_between_words():
    text = "We " + "really " * 80 + "value multilateralism " + "very " * 80 + "much."
    [passage] = passages(snippet(text, terms={"multilater"}))
    inner = plain(passage).removeprefix("… ").removesuffix(" …")
    assert passage.startswith("… ") and passage.endswith(" …")
    assert set(inner.split()) <= {"really", "value", "multilateralism", "very"}
    assert "<mark>multilateralism</mark>" in passage


def test_chinese_is_cut_at_its_punctuation_and_marked_by_word():
    clause = "我们坚持互利共赢的合作，推动构建人类命运共同体，"
    text = "中方一贯主张各国加强合作。" * 3 + clause * 12 + "这是我们的立场。"
    [passage] = passages(snippet(text, terms={"立场"}))
    assert passage.startswith("…我们") and passage.endswith("这是我们的<mark>立场</mark>。")
    [first] = passages(snippet(text, terms={"一贯"}))
    assert first.startswith("中方<mark>一贯</mark>主张各国加强合作。")
    assert re.search(r"[。，]…$", first) or first.endswith("。")


def test_the_text_is_escaped_around_the_marks():
    html = snippet('We reject <script>alert("x")</script> interference.', terms={"interfer"})
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>interference</mark>" in html


def test_without_a_match_the_opening_passage_is_shown():
    text = "First things first. " + "And then some more words follow here. " * 20
    [passage] = passages(snippet(text))
    assert passage.startswith("First things first.") and passage.endswith(" …")
    assert "<mark>" not in passage


@pytest.mark.django_db
def test_search_pages_mark_a_phrase_whole_on_both_backends(client, search_index):
    interview = make_interview("Talks")
    make_exchange(interview, answer=WIN_WIN.replace("Both sides", "<b>Both</b> sides"))
    process_queue()
    html = client.get("/search/", {"q": '"win-win cooperation"'}).content.decode()
    assert "<mark>win-win cooperation</mark>" in html
    assert "strategic <mark>" not in html and "&lt;b&gt;Both&lt;/b&gt;" in html
    body = client.get("/api/search/", {"q": '"win-win cooperation"'}).json()
    assert "<mark>win-win cooperation</mark>" in body["results"][0]["snippet_html"]
