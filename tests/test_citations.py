"""Citing one answer in Chicago, APA, MLA and BibTeX."""

import datetime

import pytest

from archive.citations import Cited, apa, bibtex, chicago, citations, mla

URL = "https://archive.example.org/interviews/wang-yi/answers/3/"
ACCESSED = datetime.date(2024, 5, 3)


def cited(**changes):
    fields = dict(
        speaker="Wang Yi", title="Wang Yi accepts an interview", description="Answer to a question",
        source="Xinhua News Agency", date=datetime.date(2020, 9, 16), year_only=False,
        url=URL, accessed=ACCESSED, position=3,
    )
    return Cited(**{**fields, **changes})


def test_chicago():
    assert chicago(cited()).text == (
        "Wang Yi. “Wang Yi accepts an interview.” Answer to a question. Xinhua News Agency, "
        f"September 16, 2020. Diplomatic statements archive. {URL}."
    )


def test_apa_puts_the_date_after_the_author_and_italicises_the_title():
    citation = apa(cited())
    assert citation.text == (
        "Wang Yi. (2020, September 16). Wang Yi accepts an interview [Answer to a question]. "
        f"Xinhua News Agency. {URL}"
    )
    assert "<i>Wang Yi accepts an interview</i>" in citation.html


def test_mla_abbreviates_months_and_gives_the_access_date():
    assert mla(cited()).text == (
        "Wang Yi. “Wang Yi accepts an interview.” Xinhua News Agency, 16 Sept. 2020. "
        "Diplomatic statements archive, archive.example.org/interviews/wang-yi/answers/3/. "
        "Accessed 3 May 2024."
    )


def test_bibtex_keeps_the_name_whole_and_escapes_special_characters():
    entry = bibtex(cited(title="Trade & 100% tariffs")).text
    assert entry.splitlines()[0] == "@misc{wangyi2020tradea3,"
    assert "  author = {{Wang Yi}}," in entry
    assert r"  title = {{Trade \& 100\% tariffs}}," in entry
    assert "  month = sep," in entry
    assert f"  url = {{{URL}}}," in entry


def test_missing_and_partial_dates_say_so():
    undated = cited(date=None)
    assert "n.d." in chicago(undated).text and "(n.d.)" in apa(undated).text
    assert "year" not in bibtex(undated).text
    year_only = cited(date=datetime.date(2019, 1, 1), year_only=True)
    assert "(2019)." in apa(year_only).text and "January" not in chicago(year_only).text
    assert "month" not in bibtex(year_only).text


def test_without_a_speaker_the_title_leads():
    anonymous = cited(speaker="")
    assert chicago(anonymous).text.startswith("“Wang Yi accepts an interview.”")
    assert apa(anonymous).text.startswith(
        "Wang Yi accepts an interview [Answer to a question]. (2020"
    )
    assert "author" not in bibtex(anonymous).text


def test_titles_are_escaped_in_html():
    assert "&lt;script&gt;" in chicago(cited(title="<script>")).html


@pytest.mark.django_db
def test_citations_of_a_stored_answer_come_in_four_styles():
    from tests.factories import make_exchange, make_interview, make_speaker

    _, answer = make_exchange(make_interview("Briefing"), speaker=make_speaker("Hua Chunying"))
    styles = citations(answer, URL, ACCESSED)
    assert [c.style for c in styles] == ["Chicago", "APA", "MLA", "BibTeX"]
    assert all("Hua Chunying" in c.text for c in styles)
