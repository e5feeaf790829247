"""WCAG 2.1 AA in a real browser: axe-core finds no serious or critical problem on
any kind of page, in the light scheme or the dark one."""

import pytest

from tests.e2e.conftest import _context

pytestmark = pytest.mark.django_db(transaction=True)

SERIOUS = {"serious", "critical"}


def violations(tab, axe_script):
    # Run through the DevTools protocol: a <script> tag would be an inline script,
    # which the site's Content-Security-Policy rightly refuses.
    tab.evaluate(axe_script + "\n;0")
    result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in SERIOUS
    ]


def page_types(interview):
    answer = interview.answers.get(position=2)
    return {
        "home": "/",
        "interview list": "/interviews/?kind=interview",
        "transcript": interview.get_absolute_url(),
        "answer": answer.get_absolute_url(),
        "topic list": "/topics/",
        "topic": "/topics/peace-talks/",
        "country list": "/countries/",
        "country": "/countries/afghanistan/?year=2020",
        "speaker list": "/speakers/",
        "speaker": "/speakers/wang-yi/",
        "dates": "/dates/",
        "year": "/dates/2020/",
        "month": "/dates/2020/09/",
        "open data": "/api/",
        "not found": "/no-such-page/",
        "search": "/search/?q=Afghanistan",
        "quote check": "/quote/?text=The+future+of+Afghanistan+must+be+decided+by+Afghans",
        "trends and phrase history": "/trends/?q=%22Afghan+people%22&split=speaker",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_on_any_page_type(
    browser, live_server, axe_script, reading_archive, scheme
):
    # axe-core is injected as an inline script, which the site's CSP rightly forbids;
    # every other browser test runs under the real policy.
    context = _context(browser, live_server, color_scheme=scheme, bypass_csp=True)
    tab = context.new_page()
    found = {}
    for name, url in page_types(reading_archive).items():
        tab.goto(url)
        problems = violations(tab, axe_script)
        if problems:
            found[f"{name} {url}"] = problems
    context.close()
    assert found == {}


def test_the_check_itself_catches_a_violation(browser, live_server, axe_script):
    context = _context(browser, live_server, bypass_csp=True)
    tab = context.new_page()
    tab.set_content('<html><body><main><input type="text"></main></body></html>')
    assert any(p.startswith("label ") for p in violations(tab, axe_script))
    context.close()
