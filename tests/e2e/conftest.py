"""Browser tests: Playwright drives Debian's Chromium against a live server.

Nothing is downloaded: the browser is /usr/bin/chromium (`apt-get install chromium`)
and axe-core comes from npm (`npm ci`); .ci/run installs both. Without them these
tests skip, saying why, except in CI where they fail.
"""

import datetime
import os
from pathlib import Path

import pytest

from archive.models import Answer
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_source,
    make_speaker,
    make_topic,
)

# Playwright's sync API runs an event loop in this thread; the ORM calls that tests
# make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 360, "height": 740}
QUOTE = "The future of Afghanistan should be decided by the Afghan people themselves"


def _missing(message):
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield browser
        browser.close()


def _context(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, reduced_motion="reduce", **options)
    context.set_default_timeout(10_000)
    return context


@pytest.fixture
def page(browser, live_server):
    """A desktop browser tab that may use the clipboard."""
    context = _context(browser, live_server, viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A 360 px wide touch screen."""
    context = _context(browser, live_server, viewport=PHONE, is_mobile=True, has_touch=True,
                       device_scale_factor=2)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def axe_script():
    if not AXE.exists():
        _missing(f"{AXE} not found: run `npm ci` at the top of the checkout")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def reading_archive(transactional_db):
    """A small published archive with every kind of page, and a draft."""
    china, afghanistan = make_country("CN", "China"), make_country("AF", "Afghanistan")
    peace = make_topic("Peace talks", description="Negotiations to end armed conflicts.")
    wang = make_speaker("Wang Yi", role="Foreign Minister", country=china)
    hua = make_speaker("Hua Chunying", role="Spokesperson", country=china)
    xinhua = make_source("Xinhua News Agency")
    interview = make_interview(
        "Wang Yi on Afghanistan and the region", kind="interview", location="Beijing",
        date=datetime.date(2020, 9, 16), source=xinhua, topics=[peace],
        countries=[china, afghanistan], source_url="https://example.org/original",
        preamble="Beijing, 16 September: Wang Yi answered questions from the press.",
    )
    Answer.objects.create(interview=interview, position=1, speaker=wang,
                          text="Good afternoon, friends from the press.")
    questions = [
        ("How do you see the intra-Afghan negotiations?", f"{QUOTE}.\n\nChina supports them."),
        ("What about the region?", "The region needs stability.\n\nWe work for it."),
        ("And trade?", "Trade keeps growing."),
        ("And health?", "We cooperate against the epidemic."),
        ("And the United Nations?", "Multilateralism matters."),
        ("A last question?", "Thank you all."),
    ]
    for n, (question, answer) in enumerate(questions):
        make_exchange(interview, question=question, answer=answer,
                      speaker=wang if n % 2 == 0 else hua, asker_label="Reuters")
    later = make_interview("Regular press conference", kind="press_conference",
                           date=datetime.date(2021, 3, 2), source=xinhua, countries=[china])
    make_exchange(later, question="Any comment?", answer="No comment.", speaker=hua)
    draft = make_interview("Secret draft", published=False, countries=[afghanistan])
    make_exchange(draft, answer="Secret words.", speaker=wang)
    return interview


def no_horizontal_scroll(page):
    """True when nothing on the page is wider than the window."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
