"""Topic tagging: which topics a transcript is about, from specific keywords."""

import json
from pathlib import Path

import pytest

from archive.ingest.topics import tag_topics
from tests.samples import sample

REPO = Path(__file__).resolve().parents[1]


def fixture_records():
    return json.loads((REPO / "fixtures" / "topics.json").read_text(encoding="utf-8"))


def topic(name, *keywords):
    return {"name": name, "keywords": list(keywords)}


# --- The fixture -------------------------------------------------------------


def test_fixture_is_a_django_fixture_with_unique_names_and_slugs():
    records = fixture_records()
    fields = [r["fields"] for r in records]
    assert {r["model"] for r in records} == {"archive.topic"}
    assert 25 <= len(fields) <= 35
    assert len({f["name"] for f in fields}) == len({f["slug"] for f in fields}) == len(fields)
    assert len({r["pk"] for r in records}) == len(records)


def test_every_topic_has_a_description_and_english_and_chinese_keywords():
    for f in (r["fields"] for r in fixture_records()):
        assert f["description"].endswith("."), f["name"]
        assert any(k.isascii() for k in f["keywords"]), f["name"]
        assert any(not k.isascii() for k in f["keywords"]), f["name"]


# --- Matching rules ---------------------------------------------------------


def test_one_keyword_is_enough_to_tag_a_topic():
    assert tag_topics("We support the Belt and Road.") == ["Belt and Road Initiative"]


def test_keywords_ignore_case_and_allow_a_plural():
    assert tag_topics("VACCINES were shipped") == ["COVID-19 and global health"]


def test_acronyms_match_only_in_capitals():
    assert tag_topics("who knows") == []
    assert tag_topics("the WHO said") == ["COVID-19 and global health"]
    assert tag_topics("a new start") == []
    assert tag_topics("the New START treaty") == ["Arms control and non-proliferation"]


def test_keywords_match_on_word_boundaries():
    assert tag_topics("the un-American trademark") == []


def test_a_keyword_spans_a_line_break():
    assert tag_topics("the United\nNations") == ["United Nations and multilateralism"]


def test_chinese_keywords_match_without_spaces():
    assert tag_topics("共建“一带一路”") == ["Belt and Road Initiative"]
    assert tag_topics("新冠肺炎疫情") == ["COVID-19 and global health"]


def test_a_keyword_inside_a_longer_keyword_still_tags_its_topic():
    topics = [
        topic("Data", "data security"),
        topic("Initiative", "Global Data Security Initiative"),
    ]
    assert tag_topics("the Global Data Security Initiative", topics) == ["Data", "Initiative"]


def test_topics_come_back_in_the_order_given():
    topics = [topic("B", "beta"), topic("A", "alpha")]
    assert tag_topics("alpha and beta", topics) == ["B", "A"]


def test_topics_can_be_model_like_objects():
    class Row:
        def __init__(self, name, keywords):
            self.name, self.keywords = name, keywords

    assert tag_topics("the SCO met", [Row("SCO", ["SCO"]), Row("Empty", [])]) == ["SCO"]


@pytest.mark.parametrize("text", [None, 42, "", "\ud800", "(" * 1000])
def test_arbitrary_input_never_raises(text):
    assert tag_topics(text) == []


# --- Sample transcripts -----------------------------------------------------


def test_xinhua_interview_is_about_the_sco_the_epidemic_and_afghanistan():
    tags = tag_topics(sample("xinhua-wang-yi-interview-2020-09-16.txt"))
    for name in [
        "COVID-19 and global health",
        "Belt and Road Initiative",
        "Shanghai Cooperation Organization",
        "Afghanistan",
        "Counter-terrorism",
        "Cyber and data security",
        "China-Russia relations",
    ]:
        assert name in tags


def test_chinese_briefing_is_about_hong_kong_and_citizens_abroad():
    tags = tag_topics(sample("009_mfa-zh_2020-05-27_zhao-lijian_regular.txt"))
    assert {"Hong Kong", "Consular affairs and citizens abroad", "Sanctions"} <= set(tags)
