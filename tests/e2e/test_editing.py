"""An editor in a real browser: logs in, uploads the Xinhua interview, supplies the
year the transcript leaves out, publishes it, and finds a phrase from it in search."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from archive.models import Interview

pytestmark = pytest.mark.django_db(transaction=True)

XINHUA = (
    Path(__file__).resolve().parents[2]
    / "fixtures/transcripts/xinhua-wang-yi-interview-2020-09-16.txt"
)
PHRASE = "37 million Afghan people"


def test_editor_uploads_reviews_publishes_and_finds_the_transcript(search_index, page):
    User.objects.create_superuser("chief", password="a long passphrase")

    page.goto("/editor/upload/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next=/editor/upload/"))
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill("a long passphrase")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Upload a transcript")
    page.get_by_label("File").set_input_files(str(XINHUA))
    page.get_by_label("Or a new source").fill("Xinhua News Agency")
    page.get_by_role("button", name="Upload and parse").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Wang Yi accepts an exclusive")
    expect(page.locator(".messages")).to_contain_text("Parsed: 6 question(s), 6 answer(s)")
    expect(page.locator("#missing-date")).to_contain_text("The year is missing")
    expect(page.locator("#turns")).to_contain_text(PHRASE)

    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator(".messages")).to_contain_text("Supply the date before publishing")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Save and publish").click()
    expect(page.locator(".messages")).to_contain_text("Published")
    expect(page.locator("#missing-date")).to_have_count(0)

    interview = Interview.objects.get()
    assert interview.is_published and str(interview.date) == "2020-09-16"
    answer = interview.answers.get(text__contains=PHRASE)

    page.goto(f'/search/?q="{PHRASE}"')
    link = page.locator(f'a[href="{answer.get_absolute_url()}"]').first
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("blockquote")).to_contain_text(PHRASE)
