"""On a 375 px phone: the facets are a collapsed "Refine" block above the results,
the transcript's questions a list to open; on a wide screen, both beside the text."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import _context, no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)
NARROW = {"width": 375, "height": 812}


@pytest.fixture
def narrow(browser, live_server):
    context = _context(browser, live_server, viewport=NARROW, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_on_a_phone_refine_comes_before_the_results_and_narrows_them(
        search_index, narrow, reading_archive):
    narrow.goto("/search/?q=trade OR health OR region")
    refine = narrow.locator("details.refine")
    summary = refine.locator("summary")
    results = narrow.get_by_role("heading", name=re.compile(r"of \d+ results?"))
    expect(summary).to_be_visible()
    assert summary.bounding_box()["y"] < results.bounding_box()["y"]
    assert summary.bounding_box()["y"] < NARROW["height"]  # on the first screen
    expect(narrow.locator("aside.facets-wide")).to_be_hidden()
    speaker = refine.get_by_role("link", name="Hua Chunying")
    expect(speaker).to_be_hidden()  # collapsed until asked for
    summary.click()
    expect(speaker).to_be_visible()
    assert no_horizontal_scroll(narrow)
    speaker.click()
    expect(narrow).to_have_url(re.compile(r"speaker=hua-chunying"))
    expect(narrow.get_by_role("list", name="Active filters")).to_contain_text("Hua Chunying")


def test_on_a_wide_screen_the_facets_stand_beside_the_results(search_index, page,
                                                              reading_archive):
    page.goto("/search/?q=trade OR health OR region")
    expect(page.locator("details.refine")).to_be_hidden()
    aside = page.get_by_role("complementary", name="Narrow the results")
    expect(aside.get_by_role("link", name="Hua Chunying")).to_be_visible()
    results = page.get_by_role("heading", name=re.compile(r"of \d+ results?"))
    assert aside.bounding_box()["x"] > results.bounding_box()["x"]


def test_the_list_of_questions_is_closed_on_a_phone_and_open_beside_a_wide_transcript(
        narrow, page, reading_archive):
    narrow.goto(reading_archive.get_absolute_url())
    questions = narrow.get_by_role("navigation", name=re.compile("Questions"))
    first = questions.get_by_role("link", name=re.compile("intra-Afghan"))
    expect(first).to_be_hidden()
    questions.locator("summary").click()
    expect(first).to_be_visible()
    first.click()
    expect(narrow).to_have_url(re.compile("#q1$"))

    page.goto(reading_archive.get_absolute_url())  # 1280 px: room beside the text
    expect(page.get_by_role("navigation", name=re.compile("Questions"))
           .get_by_role("link", name=re.compile("intra-Afghan"))).to_be_visible()
