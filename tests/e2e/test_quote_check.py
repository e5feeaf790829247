"""A journalist on a phone checks a half-remembered quote: finds who said it, and
sees how the real words differ, without scrolling sideways."""

import re

import pytest
from playwright.sync_api import expect

from archive.models import Answer
from tests.e2e.conftest import no_horizontal_scroll

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_journalist_checks_a_quote_on_a_phone_and_opens_the_answer(
        search_index, phone, reading_archive):
    answer = Answer.objects.get(interview=reading_archive, position=2)
    phone.goto("/quote/")
    phone.get_by_label("Quote").fill(
        "The future of Afghanistan must be decided by Afghans themselves")
    phone.get_by_role("button", name="Check").click()
    expect(phone).to_have_url(re.compile(r"/quote/\?text="))
    match = phone.locator(".quote-match").first
    expect(match).to_contain_text("Wang Yi")
    expect(match.locator("del").first).to_have_text("must")
    expect(match.locator("ins").first).to_have_text("should")
    assert no_horizontal_scroll(phone)
    match.get_by_role("link", name="Open this answer").click()
    expect(phone).to_have_url(re.compile(re.escape(answer.get_absolute_url()) + "$"))
