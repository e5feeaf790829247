"""A reader in a real browser: finds a quote, opens the answer, copies its citation;
browses a country and a month; does the same on a phone."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from archive.citations import citations
from archive.models import Answer
from tests.e2e.conftest import QUOTE, no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def quoted_answer(interview):
    return Answer.objects.select_related("interview__source", "speaker").get(
        interview=interview, position=2
    )


def test_reader_searches_a_quote_and_opens_the_answer(search_index, page, reading_archive):
    # A fresh index first; the archive's rows are indexed as each one commits.
    answer = quoted_answer(reading_archive)
    page.goto("/")
    page.get_by_role("searchbox", name="Search every question and answer").fill(f'"{QUOTE}"')
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    page.locator(f'a[href="{answer.get_absolute_url()}"]').first.click()
    expect(page).to_have_url(re.compile(re.escape(answer.get_absolute_url()) + "$"))
    expect(page.locator("blockquote")).to_contain_text(QUOTE)


def test_reader_opens_an_answer_from_its_transcript_and_copies_the_citation(
    page, reading_archive, live_server
):
    answer = quoted_answer(reading_archive)
    page.goto("/")
    page.get_by_role("link", name="Wang Yi on Afghanistan and the region").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reading_archive.title)
    page.get_by_role("link", name="Cite or link to answer 2").click()

    expect(page).to_have_url(f"{live_server.url}{answer.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Wang Yi")
    expect(page.locator("blockquote")).to_contain_text(QUOTE)
    expect(page.get_by_role("region", name="Question, asked by Reuters")).to_contain_text(
        "intra-Afghan negotiations"
    )

    page.get_by_role("button", name="Copy Chicago citation").click()
    expect(page.get_by_role("status")).to_have_text("Copied Chicago citation")
    permalink = f"{live_server.url}{answer.get_absolute_url()}"
    chicago = citations(answer, permalink, timezone.localdate())[0].text
    assert page.evaluate("navigator.clipboard.readText()") == chicago

    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == permalink

    page.get_by_role("link", name=re.compile("Next answer")).click()
    expect(page).to_have_url(re.compile(r"/answers/3/$"))


def browse_a_country_and_a_month(tab):
    tab.goto("/")
    tab.get_by_role("region", name="Countries").get_by_role("link", name="Afghanistan").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Afghanistan")
    expect(tab.locator("main")).not_to_contain_text("Secret draft")
    assert no_horizontal_scroll(tab)
    tab.get_by_role("link", name="2020", exact=True).click()
    expect(
        tab.get_by_role("heading", name="Interviews mentioning Afghanistan in 2020")
    ).to_be_visible()
    expect(tab.get_by_role("link", name="Wang Yi on Afghanistan and the region")).to_be_visible()

    tab.get_by_role("navigation", name="Main").get_by_role("link", name="Dates").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Interviews by date")
    assert no_horizontal_scroll(tab)
    tab.get_by_role("link", name=re.compile("^September 1 interview")).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text("Interviews in September 2020")
    assert no_horizontal_scroll(tab)
    tab.get_by_role("link", name="Wang Yi on Afghanistan and the region").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Wang Yi on Afghanistan and the region"
    )
    assert no_horizontal_scroll(tab)


def test_reader_browses_a_country_and_a_month(page, reading_archive):
    browse_a_country_and_a_month(page)


def test_reader_on_a_phone_browses_and_copies_without_scrolling_sideways(phone, reading_archive):
    browse_a_country_and_a_month(phone)
    phone.get_by_role("link", name="Cite or link to answer 2").click()
    assert no_horizontal_scroll(phone)
    phone.get_by_role("button", name="Copy BibTeX citation").click()
    assert phone.evaluate("navigator.clipboard.readText()").startswith("@misc{wangyi2020wanga2,")


PAGES = [
    "/", "/interviews/", "/topics/", "/topics/peace-talks/", "/countries/",
    "/countries/afghanistan/", "/speakers/", "/speakers/wang-yi/", "/dates/", "/dates/2020/",
    "/dates/2020/09/", "/api/", "/no-such-page/",
]


def test_every_page_type_fits_a_phone(phone, reading_archive):
    answer = quoted_answer(reading_archive)
    for url in [*PAGES, reading_archive.get_absolute_url(), answer.get_absolute_url()]:
        phone.goto(url)
        assert no_horizontal_scroll(phone), url


def test_without_javascript_the_copy_link_is_a_plain_link(browser, live_server, reading_archive):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    answer = quoted_answer(reading_archive)
    tab.goto(answer.get_absolute_url())
    expect(tab.get_by_role("button", name="Copy link")).to_have_count(0)
    link = tab.get_by_role("link", name=f"{live_server.url}{answer.get_absolute_url()}")
    expect(link).to_have_attribute("href", answer.get_absolute_url())
    context.close()


def test_keyboard_users_can_skip_to_the_content(page, reading_archive):
    page.goto(reading_archive.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["x"] >= 0  # visible when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#main$"))


def test_a_printed_transcript_has_no_navigation(page, reading_archive):
    page.goto(reading_archive.get_absolute_url())
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Questions")).to_be_hidden()
    expect(page.locator("blockquote, .answer").first).to_be_visible()
