"""Page quality: Lighthouse (mobile) scores and W3C Nu HTML checker errors per page type.

    .venv/bin/python bench/pages_quality.py                  # every page type, both tools
    .venv/bin/python bench/pages_quality.py --no-lighthouse  # the Nu checker only
    .venv/bin/python bench/pages_quality.py --only search    # page types whose name has "search"

Builds the demo archive (the Xinhua interview and two small transcripts written
here, one dated by its year alone) in var/quality/ on SQLite, collects the static
files and starts gunicorn with the production settings on a free loopback port.
Each page type is saved and checked by the Nu HTML checker (`vnu-jar`, needs Java)
and audited by Lighthouse 12 (mobile, its default; `CHROME_PATH`, default
/usr/bin/chromium). Both come pinned from npm (`npm ci`); nothing downloads a browser.
Prints a Markdown table (also written to var/quality/results.md), then every audit
that cost a point and every HTML error; exits 1 when a target is missed: 100 in
accessibility, best practices and SEO (SEO not counted for pages that ask not to be
indexed, search results and the 404), at least 95 in performance, no HTML error.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load import free_port, manage, start_gunicorn  # noqa: E402 - after the path

WORK = ROOT / "var" / "quality"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
RUNS = 3
NOT_FOUND = "not found (404)"
NOT_INDEXED = {"search results", "search (empty)", NOT_FOUND}

SPEECH = """Remarks by the Foreign Minister at the General Debate

2022

FOREIGN MINISTER: Mr. President, the world is facing change unseen in a century. We
stand for win-win cooperation and for the United Nations at the centre of world affairs.
Development is the master key to every problem; trade and health matter to every people.
"""

BRIEFING = """Regular Press Conference on May 14, 2020

Beijing, May 14, 2020

Reporter (Reuters): What is China's comment on the trade talks?

Spokesperson Zhao Lijian: We hope both sides will meet each other halfway, in the spirit
of win-win cooperation and mutual respect.

Reporter (AFP): And on the pandemic?

Spokesperson Zhao Lijian: Solidarity and cooperation are the most powerful weapons.
"""


def main():
    args = arguments()
    if not VNU.exists():
        sys.exit(f"{VNU} not found: run `npm ci` at the top of the checkout")
    if args.lighthouse and not (LIGHTHOUSE.exists() and Path(CHROME).exists()):
        sys.exit(f"Lighthouse needs {LIGHTHOUSE} (npm ci) and Chromium at {CHROME} "
                 "(apt-get install chromium); or pass --no-lighthouse")
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "pages").mkdir(parents=True)
    env = production_environment()
    prepare_site(env)
    pages = page_urls(env)
    if args.only:
        pages = {name: path for name, path in pages.items() if args.only in name}
    port = free_port()
    server = start_gunicorn(env, port, 2, WORK)
    try:
        base = f"http://127.0.0.1:{port}"
        html_errors = check_html(base, pages)
        # Lighthouse refuses to audit an error page (a 404): the Nu checker still reads it.
        scores = {name: lighthouse(base + path, name) for name, path in pages.items()
                  if args.lighthouse and name != NOT_FOUND}
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.exit(report(pages, scores, html_errors))


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--only", default="", help="page types whose name holds this")
    return parser.parse_args()


def production_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ARCHIVE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        DATABASE_URL=f"sqlite:///{WORK / 'archive.sqlite3'}",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SSL_REDIRECT="0", DJANGO_HSTS_SECONDS="0",  # plain HTTP on loopback
        ARCHIVE_VAR_DIR=str(WORK), WHOOSH_INDEX_PATH=str(WORK / "index"),
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        ARCHIVE_SEARCH_RATE="100000/m", ARCHIVE_EXPORT_RATE="100000/m",
        PYTHONPATH=str(ROOT),
    )
    env.pop("REDIS_URL", None)
    return env


def prepare_site(env):
    manage(env, "demo", "--no-serve")
    (WORK / "speech.txt").write_text(SPEECH, encoding="utf-8")
    (WORK / "briefing.txt").write_text(BRIEFING, encoding="utf-8")
    manage(env, "import_transcripts", str(WORK / "briefing.txt"), "--publish", "--no-progress",
           "--source", "Ministry of Foreign Affairs")
    manage(env, "import_transcripts", str(WORK / "speech.txt"), "--no-progress")
    # The speech knows only its year: publish it as such.
    manage(env, "shell", "-c", (
        "from archive.models import Interview; import datetime\n"
        "i = Interview.objects.get(title__startswith='Remarks by the Foreign Minister')\n"
        "i.date, i.date_precision, i.kind = datetime.date(2022, 1, 1), 'year', 'speech'\n"
        "i.publish()\n"
        "from archive.search.sync import process_queue; process_queue()"))
    manage(env, "collectstatic", "--no-input")


def page_urls(env):
    """{page type: path}, one page of each kind, from the database."""
    script = (
        "import json\n"
        "from django.db.models import Count\n"
        "from archive.models import Answer, Country, Interview, Speaker, Topic\n"
        "i = Interview.objects.published().filter(date_precision='day')"
        ".annotate(n=Count('answers')).order_by('-n').first()\n"
        "a = Answer.objects.published().filter(interview=i).order_by('position')[1]\n"
        "s = Speaker.objects.published().filter(kind='official').order_by('name').first()\n"
        "t = Topic.objects.in_use().first()\n"
        "c = Country.objects.in_use().order_by('-n').first()\n"
        "y = Interview.objects.get(date_precision='year')\n"
        "print(json.dumps({'interview': i.get_absolute_url(), 'answer': a.get_absolute_url(),"
        " 'speaker': s.get_absolute_url(), 'topic': t.get_absolute_url(),"
        " 'country': c.get_absolute_url(), 'year_only': y.get_absolute_url(),"
        " 'month': f'/dates/{i.date.year}/{i.date.month:02d}/',"
        " 'year': f'/dates/{i.date.year}/'}))"
    )
    found = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
    return {
        "home": "/",
        "interview list": "/interviews/",
        "transcript": found["interview"],  # the longest, with its list of questions
        "transcript (year only)": found["year_only"],
        "answer": found["answer"],
        "topic list": "/topics/",
        "topic": found["topic"],
        "country list": "/countries/",
        "country": found["country"],
        "speaker list": "/speakers/",
        "speaker": found["speaker"],
        "dates": "/dates/",
        "year": found["year"],
        "month": found["month"],
        "search results": '/search/?q="win-win+cooperation"+OR+trade',
        "search (empty)": "/search/",
        "trends": "/trends/?q=cooperation",
        "open data (API page)": "/api/",
        "not found (404)": "/no-such-page/",
    }


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is a page too
        return error.read()


def check_html(base, pages):
    """{page type: [Nu checker errors]}: each page saved, then all checked at once."""
    files = {}
    for name, path in pages.items():
        file = WORK / "pages" / f"{file_name(name)}.html"
        file.write_bytes(fetch(base + path))
        files[file.name] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--errors-only",
         *[str(WORK / "pages" / file) for file in files]],
        capture_output=True, text=True,
    )
    messages = json.loads(result.stderr)["messages"]  # not JSON: the checker failed
    errors = {name: [] for name in pages}
    for message in messages:
        name = files[Path(message["url"].removeprefix("file:")).name]
        errors[name].append(f"line {message.get('lastLine', '?')}: {message.get('message')}")
    return errors


def file_name(page_type):
    return "".join(c if c.isalnum() else "_" for c in page_type)


def lighthouse(url, name):
    """{category: score 0-100, "lost": [audits that cost points]} for one page."""
    out = WORK / "pages" / f"{file_name(name)}.json"
    command = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    # Headless Chromium now and then fails to record a trace (NO_NAVSTART): try again.
    for attempt in range(RUNS):
        run = subprocess.run(command, env={**os.environ, "CHROME_PATH": CHROME},
                             capture_output=True, text=True, timeout=300)
        if run.returncode == 0:
            break
        print(f"  {name}: Lighthouse failed (try {attempt + 1} of {RUNS}): "
              f"{run.stderr.strip()[-300:]}", file=sys.stderr)
    else:
        sys.exit(f"Lighthouse failed {RUNS} times on {url}")
    print(f"  {name}: audited", file=sys.stderr)
    result = json.loads(out.read_text())
    scores = {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES}
    lost = []
    for category in CATEGORIES:
        for ref in result["categories"][category]["auditRefs"]:
            audit = result["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append(f"{category}: {ref['id']} ({audit['score']:.2f}) "
                            f"{audit.get('displayValue', '')}".rstrip())
    scores["lost"] = lost
    return scores


def report(pages, scores, html_errors):
    """Print and write the table; 1 when a target is missed."""
    head = "| Page type | Performance | Accessibility | Best practices | SEO | HTML errors |"
    lines = [head, "| --- | ---: | ---: | ---: | ---: | ---: |"]
    missed = []
    for name in pages:
        got = scores.get(name)
        cells = [str(got[c]) if got else "–" for c in CATEGORIES]
        if got and name in NOT_INDEXED:
            cells[3] += " (noindex)"
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {len(html_errors[name])} |")
        for category, target in TARGETS.items():
            if got and got[category] < target and not (category == "seo" and name in NOT_INDEXED):
                missed.append(f"{name}: {category} {got[category]} < {target}")
        if html_errors[name]:
            missed.append(f"{name}: {len(html_errors[name])} HTML errors")
    table = "\n".join(lines)
    (WORK / "results.md").write_text(table + "\n", encoding="utf-8")
    print(table)
    for name in pages:
        for lost in (scores.get(name) or {}).get("lost", []):
            print(f"  {name} · {lost}")
        for error in html_errors[name]:
            print(f"  {name} · HTML {error}")
    if missed:
        print("\nMissed: " + "; ".join(missed))
    return 1 if missed else 0


if __name__ == "__main__":
    main()
