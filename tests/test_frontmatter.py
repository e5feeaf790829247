"""YAML front matter on any Markdown transcript: split off, read into title, date and
source, and never taking text that is not front matter."""

import datetime

import pytest

from archive.ingest.frontmatter import FrontMatterError, split_front_matter, transcript_fields

BODY = "Press Briefing\n\nMS. PSAKI:  Good afternoon.\n"


def test_front_matter_is_split_from_the_body():
    text = f"---\ntitle: A briefing\ndate: '2021-01-22'\ntags: press-briefings\n---\n \n{BODY}"
    metadata, body = split_front_matter(text)
    assert metadata == {"title": "A briefing", "date": "2021-01-22", "tags": "press-briefings"}
    assert body == BODY  # blank lines after the closing "---" are not the transcript


@pytest.mark.parametrize("text", [
    BODY,
    "",
    "Title\n---\nkey: value\n---\nrest",  # a rule further down is not front matter
    "---\nJust a line between two rules.\n---\nThe transcript.",  # YAML, but not a mapping
    "---\nWhat now: she said: yes\n---\nbody",  # not key: value lines YAML can read
    "---\ntitle: never closed\nThe transcript.",
])  # fmt: skip
def test_text_without_front_matter_comes_back_whole(text):
    assert split_front_matter(text) == ({}, text)


def test_front_matter_yaml_cannot_read_is_a_clear_error():
    with pytest.raises(FrontMatterError, match=r"not valid YAML \(line 3\)"):
        split_front_matter("---\ntitle: fine\ndate: a: b\n---\nbody")


def test_a_byte_order_mark_or_blank_lines_before_the_front_matter_are_fine():
    metadata, body = split_front_matter("\ufeff\n---\ntitle: T\n---\nbody")
    assert (metadata, body) == ({"title": "T"}, "body")


def test_fields_read_the_title_date_publication_time_source_and_tags():
    published = datetime.datetime(2024, 10, 12, 23, 59, tzinfo=datetime.UTC)
    fields = transcript_fields({
        "title": "Remarks by\u00a0the Vice\u00a0President \n at Joint Base",
        "date": "2024-10-12",
        "published_time": published,
        "source_url": "https://example.org/briefing-room/1/",
        "tags": "speeches-remarks",
    })  # fmt: skip
    assert fields.title == "Remarks by the Vice President at Joint Base"
    assert fields.date == datetime.date(2024, 10, 12)
    assert fields.published == published
    assert fields.source_url == "https://example.org/briefing-room/1/"
    assert fields.tags == ["speeches-remarks"]
    assert fields.warnings == []


@pytest.mark.parametrize("value, expected", [
    (datetime.date(2022, 3, 4), datetime.date(2022, 3, 4)),
    (datetime.datetime(2022, 3, 4, 10, 0), datetime.date(2022, 3, 4)),
    ("2022-03-04", datetime.date(2022, 3, 4)),
    ("2022-03-04T10:00:00-05:00", datetime.date(2022, 3, 4)),
])  # fmt: skip
def test_the_date_may_be_a_date_a_datetime_or_an_iso_string(value, expected):
    assert transcript_fields({"date": value}).date == expected


def test_without_a_date_the_publication_day_is_the_date():
    fields = transcript_fields({"published_time": "2023-05-06 09:00:00-04:00"})
    assert fields.date == datetime.date(2023, 5, 6)


def test_a_date_that_is_not_one_is_a_warning_not_a_guess():
    fields = transcript_fields({"date": "last Tuesday", "tags": ["a", " b "]})
    assert fields.date is None
    assert fields.warnings == ["The front matter's date 'last Tuesday' is not a YYYY-MM-DD date."]
    assert fields.tags == ["a", "b"]
