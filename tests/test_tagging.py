"""Tagging many statements at once gives each the countries and topics it gives alone."""

from archive.ingest.tagging import subjects_of, subjects_of_each

TOPICS = [
    {"name": "Health", "keywords": ["vaccine", "pandemic"]},
    {"name": "Trade", "keywords": ["tariff", "WTO"]},
]
TEXTS = [
    "China and Russia discussed vaccines.",
    "",
    "Tariffs on Canadian steel, the WTO said.",
    "Nothing here.",
]


def test_each_text_is_tagged_as_it_is_alone():
    assert list(subjects_of_each(TEXTS, TOPICS)) == [subjects_of(t, TOPICS) for t in TEXTS]
    assert list(subjects_of_each(TEXTS, TOPICS))[2] == (["CA"], ["Trade"])
