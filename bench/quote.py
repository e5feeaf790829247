"""Quote check and phrase history: speed at scale, and accuracy on real speeches.

    .venv/bin/python bench/quote.py                       # 100,000 answers, then accuracy
    .venv/bin/python bench/quote.py --size 10000          # a quick run
    .venv/bin/python bench/quote.py --backend postgres
    .venv/bin/python bench/quote.py --skip-speed          # accuracy only

Speed: the synthetic archive of bench/search.py (real sentences, words varied), the
index rebuilt, then p50/p95 of /api/quote/ (altered passages of indexed answers, and
sentences of random words) and of /api/phrase/ (phrases and single words) through
the real views. Accuracy: paragraphs of real UN General Debate speeches
(../shared/corpora, read in place, never copied) imported as answers into a fresh
database; 50 of their sentences altered (a clause dropped, synonyms swapped, clauses
reordered, light rewording) must find their own paragraph first, and 50 sentences
of speeches left out of the archive must find no match. Its speed on that real
archive is printed too.
"""

import argparse
import os
import random
import re
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# The shared collections beside the checkout, or where ARCHIVE_CORPORA says.
UNGDC = Path(os.environ.get("ARCHIVE_CORPORA", ROOT.parent / "shared" / "corpora")) \
    / "ungdc-1946-2024.tar.xz"


from bench import standalone  # noqa: E402

POSTGRES = standalone.start("archive-quote-", main=__name__ == "__main__")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.corpus import Corpus  # noqa: E402
from bench.search import ANSWERS_PER_INTERVIEW, build_corpus, percentile  # noqa: E402

SYNONYMS = {
    "important": "significant", "significant": "important", "country": "nation",
    "countries": "nations", "nations": "countries", "world": "globe", "help": "assist",
    "must": "should", "should": "must", "great": "considerable", "people": "peoples",
    "peoples": "people", "problem": "issue", "problems": "issues", "issues": "problems",
    "support": "back", "achieve": "attain", "believe": "think", "new": "fresh",
    "serious": "grave", "grave": "serious", "efforts": "endeavours", "also": "too",
    "large": "big", "today": "now", "therefore": "so", "however": "but",
    "continue": "go on", "international": "global", "security": "safety",
}
SMALL_WORDS = {"the", "a", "an", "very", "also", "indeed", "all", "that"}


def rebuild():
    call_command("rebuild_index", "--noinput", verbosity=0, stdout=open(os.devnull, "w"))


def timed(client, path, params):
    start = time.perf_counter()
    response = client.get(path, params)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, (path, params, response.status_code)
    return elapsed, response.json()


def report(name, timings):
    print(f"{name:<34}{percentile(timings, 50):>9.1f} ms p50{percentile(timings, 95):>9.1f} ms p95"
          f"   ({len(timings)} requests)")


# Altering a sentence ---------------------------------------------------------------

def drop_clause(words, rng):
    cuts = [i for i, w in enumerate(words[:-3]) if w.endswith(",") and i > 2]
    if cuts:
        i = rng.choice(cuts)
        ends = [j for j in range(i + 1, len(words)) if words[j].endswith((",", ".", ";"))]
        j = ends[0] if ends and ends[0] < len(words) - 1 else min(len(words) - 1, i + 5)
        return words[: i + 1] + words[j + 1 :]
    i = rng.randrange(2, max(3, len(words) - 5))
    return words[:i] + words[i + 4 :]


def swap_synonyms(words, rng):
    out, swapped = [], 0
    for word in words:
        bare = word.strip(",.;:").lower()
        if bare in SYNONYMS and swapped < 3:
            out.append(word.lower().replace(bare, SYNONYMS[bare]))
            swapped += 1
        else:
            out.append(word)
    if not swapped:  # no synonym known: two words changed for near ones
        for i in rng.sample(range(len(out)), 2):
            out[i] = out[i].rstrip(",.") + "s"
    return out


def reorder(words, rng):
    cuts = [i for i, w in enumerate(words[:-3]) if w.endswith((",", ";")) and i > 2]
    i = rng.choice(cuts) if cuts else len(words) // 2
    return words[i + 1 :] + words[: i + 1]


def reword(words, rng):
    out = [w for w in words if w.lower() not in SMALL_WORDS or rng.random() < 0.5]
    i = rng.randrange(1, len(out))
    return out[:i] + ["indeed"] + out[i:]


ALTERATIONS = [drop_clause, swap_synonyms, reorder, reword]


def altered(sentence, n, rng):
    return " ".join(ALTERATIONS[n % len(ALTERATIONS)](sentence.split(), rng))


# Speed at scale --------------------------------------------------------------------

def speed(size):
    from archive.models import Answer

    print(f"\n== speed: {size:,} synthetic answers (+ {size:,} questions)")
    call_command("flush", interactive=False, verbosity=0)
    corpus = Corpus()
    start = time.perf_counter()
    build_corpus(corpus, size)
    rebuild()
    print(f"archive built and indexed in {time.perf_counter() - start:.0f} s")
    rng = random.Random(7)
    ids = list(Answer.objects.values_list("pk", flat=True))
    quotes = []
    for answer in Answer.objects.filter(pk__in=rng.sample(ids, 60)):
        words = answer.text.split()
        start = rng.randrange(max(1, len(words) - 30))
        quotes.append(altered(" ".join(words[start : start + rng.randrange(12, 30)]),
                              len(quotes), rng))
    absent = [" ".join(rng.choice(corpus.words) for _ in range(20)) for _ in range(20)]
    run_speed(Client(), quotes + absent, [q for kind, q, _ in corpus.queries(40)
                                          if kind in ("phrase", "one word")])


def run_speed(client, quotes, phrases):
    for text in quotes[:5]:  # warm caches, as a running server would be
        timed(client, "/api/quote/", {"text": text})
    report("quote check (/api/quote/)",
           [timed(client, "/api/quote/", {"text": text})[0] for text in quotes])
    for q in phrases[:5]:
        timed(client, "/api/phrase/", {"q": q})
    report("phrase history (/api/phrase/)",
           [timed(client, "/api/phrase/", {"q": q})[0] for q in phrases])


# Accuracy on real speeches ---------------------------------------------------------

def speeches(count, rng):
    """(ISO code, year, paragraphs) of `count` speeches of the 1990s-2020s, read from
    the compressed collection in place."""
    from archive.ingest.corpora.paragraphs import speech_paragraphs

    name = re.compile(r"/([A-Z]{3})_\d+_(\d{4})\.txt$")
    found = []
    with tarfile.open(UNGDC, "r|xz") as archive:
        for member in archive:
            m = name.search(member.name)
            if not m or int(m[2]) < 1990 or rng.random() < 0.5:
                continue
            text = archive.extractfile(member).read().decode("utf-8", "replace")
            found.append((m[1], int(m[2]), speech_paragraphs(text)))
            if len(found) >= count:
                break
    return found


def sentences(paragraph):
    return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if 14 <= len(s.split()) <= 45]


def load_speeches(kept):
    import datetime

    from archive.models import Answer, Interview, Speaker

    speaker = Speaker.objects.create(name="Delegate", slug="delegate")
    for code, year, paragraphs in kept:
        raw = f"{code} {year} {len(paragraphs)}"
        interview = Interview.objects.create(
            title=f"General Debate {year}: {code}", slug=f"ungd-{code}-{year}".lower(),
            date=datetime.date(year, 9, 25), date_precision="day", kind="speech",
            raw_text=raw, checksum=Interview.checksum_of(raw), status="published")
        Answer.objects.bulk_create([
            Answer(interview=interview, position=i + 1, speaker=speaker, text=p)
            for i, p in enumerate(paragraphs)])


def accuracy(n_speeches):
    from archive.models import Answer

    if not UNGDC.exists():
        print(f"\n== accuracy: skipped, {UNGDC} is not there")
        return
    print(f"\n== accuracy: {n_speeches} real UN General Debate speeches, one answer a paragraph")
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(11)
    read = speeches(n_speeches + 50, rng)
    kept, left_out = read[:n_speeches], read[n_speeches:]
    load_speeches(kept)
    rebuild()
    answers = list(Answer.objects.select_related("interview"))
    print(f"{len(answers):,} answers indexed")
    rng.shuffle(answers)
    picks = []
    for answer in answers:
        found = sentences(answer.text)
        if found:
            picks.append((answer, rng.choice(found)))
        if len(picks) == 50:
            break
    client = Client()
    right, tried, quotes, misses = 0, [], [], []
    for n, (answer, sentence) in enumerate(picks):
        quote = altered(sentence, n, rng)
        quotes.append(quote)
        _, body = timed(client, "/api/quote/", {"text": quote})
        best = body["matches"][0]["url"] if body["matches"] else None
        hit = bool(best) and best.endswith(answer.get_absolute_url())
        right += hit
        tried.append((ALTERATIONS[n % len(ALTERATIONS)].__name__, hit))
        if not hit:
            misses.append((quote, sentence, body["matches"][:1] or body["nearest"][:1]))
    kinds = {}
    for kind, hit in tried:
        kinds.setdefault(kind, []).append(hit)
    print(f"altered quotes found first: {right}/{len(picks)} = {right / len(picks):.0%}  ("
          + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in kinds.items()) + ")")
    outside = [rng.choice(s) for _, _, paragraphs in left_out
               if (s := [x for p in paragraphs for x in sentences(p)])][:50]
    claimed = 0
    for text in outside:
        matches = timed(client, "/api/quote/", {"text": text})[1]["matches"]
        claimed += bool(matches)
        if matches:
            misses.append((text, None, matches[:1]))
    for quote, sentence, best in misses:  # what went wrong, to read
        print(f"  missed: {quote!r}\n    said: {sentence!r}\n    got: "
              + (f"{best[0]['similarity']} {best[0]['text']!r}" if best else "nothing"))
    print(f"sentences not in the archive left unmatched: {len(outside) - claimed}/{len(outside)}"
          f" = {(len(outside) - claimed) / len(outside):.0%}")
    phrases = [" ".join(s.split()[2:6]).strip(",.;") for s in quotes[:30]]
    run_speed(client, quotes + outside, [f'"{p}"' for p in phrases])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--speeches", type=int, default=400)
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-accuracy", action="store_true")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, database {connection.vendor},"
          f" search backend {args.backend}, load average {os.getloadavg()[0]:.1f},"
          f" {ANSWERS_PER_INTERVIEW} answers per synthetic interview")
    try:
        if not args.skip_accuracy:
            accuracy(args.speeches)
        if not args.skip_speed:
            speed(args.size)
    finally:
        standalone.finish(POSTGRES)


if __name__ == "__main__":
    main()
