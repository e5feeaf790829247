"""One idea of what is Chinese and of a word's plain form (archive/text.py), shared
by the search analyzer, the query parser, the gazetteer and topic tagging."""

import pytest

from archive.ingest.gazetteer import find_countries
from archive.ingest.topics import tag_topics
from archive.search.analysis import MixedAnalyzer
from archive.search.query import parse_query, words_of
from archive.text import bare_word, has_cjk, normal, squeeze

# The first and last character of each range, and one inside.
HAN = ["\u3400", "\u4dbf", "\u4e00", "香", "\u9fff", "\uf900", "\ufa30", "\ufaff"]
NOT_HAN = ["a", "é", "\u4dc0", "か", "カ", "한", "。", "1"]


@pytest.mark.parametrize("ch", HAN)
def test_chinese_characters_of_every_range_are_chinese(ch):
    assert has_cjk(f"abc{ch}")


@pytest.mark.parametrize("ch", NOT_HAN)
def test_other_scripts_and_symbols_are_not(ch):
    assert not has_cjk(ch * 3)


@pytest.mark.parametrize("ch", HAN)
def test_what_the_analyzer_reads_as_chinese_the_query_parser_reads_as_a_word(ch):
    assert [token.text for token in MixedAnalyzer()(ch)] == [ch]
    assert words_of(f"{ch} peace") == (ch, "peace")
    query = parse_query(f"{ch}{ch}")
    assert query.text == ch + ch and not query.notice


def test_a_word_s_plain_form_drops_possessives_dots_and_apostrophes():
    assert [bare_word(w) for w in ["China's", "Russia’s", "U.S.", "o'clock", "CHINA'S"]] == [
        "China", "Russia", "US", "oclock", "CHINAS"]  # the possessive is a lower-case s
    assert parse_query("China's U.S.").text == "China US"
    assert [t.text for t in MixedAnalyzer()("China's U.S.")] == ["china", "us"]


def test_phrases_are_compared_squeezed_with_straight_apostrophes():
    assert squeeze("  Belt\n and\tRoad ") == "Belt and Road"
    assert normal("China’s  Belt\nand Road") == "china's belt and road"
    assert normal("The  UN’s Charter", keep_case=True) == "The UN's Charter"


def test_ingest_finds_chinese_names_and_keywords_anywhere():
    assert find_countries("中方同俄罗斯的合作") == ["CN", "RU"]  # 中方: China's side
    assert tag_topics("关于一带一路倡议") == tag_topics("Belt and Road Initiative")
