"""Small screens and transfer: facets reachable before the results, a collapsible
list of questions, compressed pages, and slugs that read as whole words."""

import gzip

import pytest

from archive.ingest.document import Document, Exchange, Kind, SpeakerInfo, Turn
from archive.ingest.load import load_document
from archive.models import Interview
from archive.models.slugs import readable_slug, unique_slug
from archive.search.sync import process_queue
from tests.factories import make_exchange, make_interview, make_speaker, make_topic

pytestmark = pytest.mark.django_db

XINHUA_TITLE = ("State Councilor and Foreign Minister Wang Yi accepts an exclusive "
                "interview with Xinhua News Agency reporters")


def test_the_search_page_offers_a_collapsed_refine_block_before_the_results(client,
                                                                             search_index):
    trade = make_topic("Trade", keywords=["tariff"])
    for n in range(3):
        interview = make_interview(f"Talk {n}", topics=[trade])
        make_exchange(interview, answer="Sovereignty matters, and so do tariffs.",
                      speaker=make_speaker(f"S {n}"))
    process_queue()
    html = client.get("/search/", {"q": "sovereignty"}).content.decode()
    refine = html.index('<details class="refine">')
    assert refine < html.index('id="results-heading"')
    block = html[refine:html.index("</details>", refine)]
    assert "<summary>Refine" in block
    assert 'href="?q=sovereignty&amp;topic=trade"' in block  # the facets themselves
    assert '<details class="refine" open' not in html  # collapsed until asked for


def test_a_long_transcript_s_list_of_questions_is_collapsible(client):
    interview = make_interview("Long")
    for n in range(7):
        make_exchange(interview, question=f"Question number {n + 1}?")
    html = client.get(interview.get_absolute_url()).content.decode()
    start = html.index('<nav class="toc"')
    toc = html[start:html.index("</nav>", start)]
    assert "<details data-open-when-wide>" in toc
    assert ('<summary><h2 id="toc-heading">Questions <span class="count">(7)</span></h2>'
            "</summary>") in toc
    assert '<a href="#q7">' in toc


def test_a_large_page_is_served_gzipped_and_varies_by_accept_encoding(client):
    interview = make_interview("A long transcript")
    for n in range(40):
        make_exchange(interview, question=f"Question {n}?", answer="We value dialogue. " * 20)
    plain = client.get(interview.get_absolute_url())
    zipped = client.get(interview.get_absolute_url(), headers={"accept-encoding": "gzip, br"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert not plain.has_header("Content-Encoding")
    assert gzip.decompress(zipped.content) == plain.content
    assert len(zipped.content) < len(plain.content) / 4


def test_pages_with_a_csrf_token_are_never_compressed(editor):
    page = editor.get("/editor/upload/", headers={"accept-encoding": "gzip"})
    assert page.status_code == 200 and 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert not page.has_header("Content-Encoding")  # BREACH: docs/deploy.md


def test_slugs_are_cut_between_words_and_never_end_in_a_stop_word():
    assert readable_slug(XINHUA_TITLE, 80) == (
        "state-councilor-and-foreign-minister-wang-yi-accepts-an-exclusive-interview")
    assert readable_slug("Remarks on the state of the", 194) == "remarks-on-the-state"
    assert readable_slug("Remarks", 194) == "remarks"
    assert readable_slug("a" * 300, 194) == "a" * 194  # one long word: cut where it must
    assert readable_slug("王毅接受新华社专访", 194) == "王毅接受新华社专访"
    assert readable_slug("!!!", 194) == "item"


def test_an_imported_transcript_gets_a_slug_of_whole_words():
    document = Document(
        title=XINHUA_TITLE, kind=Kind.INTERVIEW, partial_date=(9, 16), location="Beijing",
        speakers=[SpeakerInfo("Reporter"), SpeakerInfo("Wang Yi", "Foreign Minister")],
        exchanges=[Exchange(Turn("Reporter", "Why?"), [Turn("Wang Yi", "Because.")])],
    )
    raw = XINHUA_TITLE + "\n\nReporter: Why?\n\nWang Yi: Because."
    interview = load_document(raw, document).interview
    # Twelve words of the title end on "with": the slug stops at the word before.
    assert interview.slug == (
        "state-councilor-and-foreign-minister-wang-yi-accepts-an-exclusive-interview")


def test_an_existing_slug_never_changes(publisher):
    old = make_interview(XINHUA_TITLE, slug="2020-09-16-state-councilor-exclusive-interview-with")
    make_exchange(old)
    old.title = "A new title"
    old.save()
    old.refresh_from_db()
    assert old.slug == "2020-09-16-state-councilor-exclusive-interview-with"
    assert publisher.get("/interviews/2020-09-16-state-councilor-exclusive-interview-with/"
                         ).status_code == 200
    assert unique_slug(Interview, "State councilor exclusive interview with") == (
        "state-councilor-exclusive-interview")
