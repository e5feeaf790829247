"""Search benchmark: build a synthetic archive, index it, time searches.

    .venv/bin/python bench/search.py                 # 10,000 and 100,000 answers
    .venv/bin/python bench/search.py --sizes 10000   # a quick run
    .venv/bin/python bench/search.py --backend postgres --sizes 10000

Prints indexing rate, p50/p95 latency per query kind through the real search view
(facets and highlights included) and on the raw backend for the same queries (Whoosh's
searcher, or the PostgreSQL backend without facets and highlights), their ratio, and
how long a newly published interview takes to become searchable. `--backend postgres`
runs on a throwaway PostgreSQL database (bench/postgres.py).
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import standalone  # noqa: E402

POSTGRES = standalone.start("archive-bench-", main=__name__ == "__main__")

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.corpus import Corpus  # noqa: E402
from bench.postgres import time_raw_postgres  # noqa: E402

ANSWERS_PER_INTERVIEW = 20


def build_corpus(corpus, n_answers):
    from archive.ingest.tagging import tag_statements
    from archive.models import Answer, Country, Interview, Question, Source, Speaker, Topic

    call_command("loaddata", "countries", "topics", "sources", verbosity=0)
    countries, topics = list(Country.objects.all()[:60]), list(Topic.objects.all())
    codes = dict(Country.objects.values_list("code", "pk"))
    sources = list(Source.objects.all())
    speakers = Speaker.objects.bulk_create(
        [Speaker(name=f"Speaker {i}", slug=f"speaker-{i}", kind="official") for i in range(60)]
    )
    for start in range(0, n_answers // ANSWERS_PER_INTERVIEW, 500):
        batch = []
        for i in range(start, min(start + 500, n_answers // ANSWERS_PER_INTERVIEW)):
            raw = f"bench transcript {i}"
            batch.append(Interview(
                title=f"Press conference {i}", slug=f"press-conference-{i}",
                date=corpus.date(), date_precision="day", kind="press_conference",
                source=corpus.rng.choice(sources), raw_text=raw,
                checksum=Interview.checksum_of(raw), status="published",
            ))
        interviews = Interview.objects.bulk_create(batch)
        links_c, links_t, questions = [], [], []
        for interview in interviews:
            for c in corpus.rng.sample(countries, 3):
                links_c.append(Interview.countries.through(interview=interview, country=c))
            for t in corpus.rng.sample(topics, 2):
                links_t.append(Interview.topics.through(interview=interview, topic=t))
            questions += [Question(interview=interview, position=p + 1, asker_label="Reporter",
                                   text=corpus.answer(25)) for p in range(ANSWERS_PER_INTERVIEW)]
        Interview.countries.through.objects.bulk_create(links_c)
        Interview.topics.through.objects.bulk_create(links_t)
        questions = Question.objects.bulk_create(questions)
        answers = Answer.objects.bulk_create([
            Answer(interview=q.interview, position=q.position, question=q,
                   speaker=corpus.rng.choice(speakers), text=corpus.answer(80))
            for q in questions
        ])
        # What each statement mentions, as the loader tags it, so that facets count
        # per statement as on the site.
        tag_statements([*questions, *answers], codes, topics)


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] * 1000


def time_view(client, queries):
    timings = {}
    for kind, q, extra in queries:
        start = time.perf_counter()
        response = client.get("/search/", {"q": q, **extra})
        timings.setdefault(kind, []).append(time.perf_counter() - start)
        assert response.status_code == 200, (q, response.status_code)
    return timings


def time_raw_whoosh(queries):
    from django.conf import settings
    from whoosh.filedb.filestore import FileStorage
    from whoosh.qparser import QueryParser

    from archive.search.query import parse_query

    path = settings.HAYSTACK_CONNECTIONS["default"]["PATH"]
    ix = FileStorage(path, supports_mmap=False).open_index()
    parser = QueryParser("text", schema=ix.schema)
    timings = {}
    for kind, q, extra in queries:
        text = parse_query(q).text + "".join(f' {k}:"{v}"' for k, v in extra.items())
        start = time.perf_counter()
        with ix.searcher() as searcher:
            results = searcher.search(parser.parse(text), limit=20)
            [hit["text"] for hit in results]
        timings.setdefault(kind, []).append(time.perf_counter() - start)
    return timings


def time_publish(corpus):
    from haystack.query import SearchQuerySet

    from archive.models import Answer, Interview, Question

    interview = Interview.objects.create(title="Fresh briefing", raw_text="fresh", status="draft")
    for p in range(1, ANSWERS_PER_INTERVIEW + 1):
        q = Question.objects.create(interview=interview, position=p, text=corpus.answer(25))
        Answer.objects.create(interview=interview, position=p, question=q,
                              text=f"zyxwordfresh {corpus.answer(80)}")
    start = time.perf_counter()
    interview.status = "published"
    interview.save()  # autocommit: the index pass runs right after this commit
    while not SearchQuerySet().filter(content="zyxwordfresh").count():
        time.sleep(0.01)
    return time.perf_counter() - start


def raw_whoosh_indexing_rate(corpus, n=20_000):
    """Documents/s of plain Whoosh writing 80-word answers (one stored text field, one
    writer, one commit): this machine's yardstick, as the search issue measured it."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.filedb.filestore import FileStorage

    texts = [corpus.answer(80) for _ in range(n)]
    folder = tempfile.mkdtemp(dir=os.environ["ARCHIVE_BENCH_DIR"])
    ix = FileStorage(folder).create_index(Schema(id=ID(stored=True), text=TEXT(stored=True)))
    start = time.perf_counter()
    writer = ix.writer()
    for i, text in enumerate(texts):
        writer.add_document(id=str(i), text=text)
    writer.commit()
    elapsed = time.perf_counter() - start
    shutil.rmtree(folder)
    return n / elapsed


def print_index_size():
    if POSTGRES:
        return print_postgres_index_size()
    from django.conf import settings

    from archive.search.accel.postings import EXTENSION

    files = list(Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]).iterdir())
    size = sum(f.stat().st_size for f in files) / 2**20
    arrays = sum(f.stat().st_size for f in files if f.name.endswith(EXTENSION)) / 2**20
    print(f"index on disk: {size:.0f} MB, of which postings files (postings.py) {arrays:.0f} MB")


def print_postgres_index_size():
    """The PostgreSQL backend keeps its index in tables, not in a folder."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, pg_total_relation_size(oid) FROM pg_class"
                       " WHERE relname IN ('archive_searchdocument', 'archive_searchword')")
        sizes = {name: size / 2**20 for name, size in cursor.fetchall()}
    print(f"index in PostgreSQL: {sum(sizes.values()):.0f} MB (search documents with their"
          f" GIN index {sizes.get('archive_searchdocument', 0):.0f} MB, words for"
          f" suggestions {sizes.get('archive_searchword', 0):.0f} MB)")


def run(size):
    print(f"\n== {size:,} answers (+ {size:,} questions), {ANSWERS_PER_INTERVIEW} per interview")
    call_command("flush", interactive=False, verbosity=0)
    corpus = Corpus()
    start = time.perf_counter()
    build_corpus(corpus, size)
    print(f"database filled in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    call_command("rebuild_index", "--noinput", verbosity=0, stdout=open(os.devnull, "w"))
    elapsed = time.perf_counter() - start
    print(
        f"full rebuild: {2 * size:,} documents in {elapsed:.1f} s"
        f" = {2 * size / elapsed:.0f} docs/s = {size / elapsed:.0f} answers/s"
    )

    print_index_size()

    client = Client()
    queries = corpus.queries(50)
    time_view(client, queries[:8])  # warm caches, as a running server would be
    view = time_view(client, queries)
    raw = time_raw_postgres(queries) if POSTGRES else time_raw_whoosh(queries)
    header = ["view p50", "view p95", "raw p50", "raw p95", "ratio p95"]
    print(f"{'query':<11}" + "".join(f"{h:>11}" for h in header))
    for kind in view:
        v50, v95 = percentile(view[kind], 50), percentile(view[kind], 95)
        r50, r95 = percentile(raw[kind], 50), percentile(raw[kind], 95)
        print(f"{kind:<11}{v50:>9.1f}ms{v95:>9.1f}ms{r50:>9.1f}ms{r95:>9.1f}ms{v95 / r95:>10.1f}x")
    print(f"publish one interview -> searchable: {time_publish(corpus) * 1000:.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="whoosh")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores, database {connection.vendor},"
          f" search backend {args.backend}, load average {os.getloadavg()[0]:.1f}")
    # Machines of one kind differ in speed: this is the yardstick to compare runs by.
    print(f"raw Whoosh, one writer, 80-word documents: {raw_whoosh_indexing_rate(Corpus()):.0f}"
          " docs/s")
    try:
        for size in args.sizes:
            run(size)
    finally:
        standalone.finish(POSTGRES)


if __name__ == "__main__":
    main()
