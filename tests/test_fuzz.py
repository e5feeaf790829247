"""Property-based tests (hypothesis): the parser never crashes nor loses a word, the
search views never answer 500 whatever the parameters, and hostile file names and
form fields come back escaped."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from archive.ingest.parser import parse
from archive.models import Upload
from tests.factories import make_archive
from tests.test_parser import assert_nothing_lost

# Modest and reproducible enough for every CI run; no example database in the tree.
FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- The parser ------------------------------------------------------------------------

LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from([
        "", "Q:", "A:", "Q1.", "问：", "答：", "记者：", "1. Reporter:", "(Laughter)", "* * *",
        "Beijing, September 16 -", "Regular Press Conference on May 11, 2018",
        "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on May 2, 2019",
        "Hua Chunying: We welcome it.", "CCTV: What is your comment?", "Wang Yi: 谢谢。",
    ]),
    st.builds("{}: {}".format, st.text(min_size=1, max_size=20), st.text(max_size=60)),
)
TRANSCRIPT = st.one_of(st.text(), st.lists(LINE, max_size=30).map("\n".join))


@settings(FUZZ, max_examples=300)
@given(TRANSCRIPT)
@example("记者:")  # found by this test: a generic label alone
@example("Q3A is a code")  # found by this test: "Q3" read as numbering
def test_the_parser_never_crashes_nor_loses_a_word(text):
    parse(text)
    assert_nothing_lost(text)


# --- The search views --------------------------------------------------------------------

PARAMETERS = ["q", "page", "sort", "from", "to", "year", "speaker", "country", "topic", "kind",
              "source", "language", "type", "by", "split"]
VALUE = st.one_of(
    st.text(max_size=40),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["", "*", "?", '"', "(", ")", "AND", "OR", "NOT", "-", "*:*", "speaker:",
                     "year:99999", "text:(", "[a TO", "{", "~2", "^", "\\", "%", "\x00",
                     "2020-13-45", "0000-01-01", "9999-12-31", "nan", "1e9", "month", "country"]),
)
SEARCH_URLS = ["/search/", "/api/search/", "/trends/", "/search/export.csv"]


@pytest.fixture
def archive(search_index, settings, django_capture_on_commit_callbacks):
    settings.ARCHIVE_SEARCH_RATE = settings.ARCHIVE_EXPORT_RATE = ""  # hundreds of requests
    with django_capture_on_commit_callbacks(execute=True):
        return make_archive(interviews=4, exchanges=2)


@pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)
@pytest.mark.django_db
@FUZZ
@given(url=st.sampled_from(SEARCH_URLS),
       params=st.dictionaries(st.sampled_from(PARAMETERS), VALUE, max_size=6))
def test_no_search_parameters_make_a_500(client, archive, url, params):
    response = client.get(url, params)
    assert response.status_code < 500, (url, params)
    if response.streaming:
        b"".join(response.streaming_content)  # the CSV is written while it streams


# --- Hostile names and fields -------------------------------------------------------------

PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>',
            '"><svg onload=alert(1)>', "'><iframe srcdoc='<b>x'>", '<a href="javascript:x">',
            "<style>*{}</style>", "</textarea><b>bold</b>"]
UNIQUE = itertools.count()  # a new file each time: a repeated one is a duplicate
PRINTABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
HOSTILE = st.builds("{}{}{}".format, PRINTABLE, st.sampled_from(PAYLOADS), PRINTABLE)


def assert_escaped(body, *values):
    for value in values:
        if "<" in value:
            assert value not in body
    for payload in PAYLOADS:
        assert payload not in body


@pytest.mark.django_db
@settings(FUZZ, max_examples=40)
@given(name=HOSTILE, title=HOSTILE, question=HOSTILE, answer=HOSTILE, source=HOSTILE,
       readable=st.booleans())
def test_hostile_uploads_and_fields_come_back_escaped(
    editor, name, title, question, answer, source, readable
):
    n = next(UNIQUE)
    text = f"{title} on May 11, 2018\n\nQ: {question} {n}\n\nA: {answer}\n"
    data = text.encode() if readable else b"\x89PNG\r\n\x1a\n" + bytes(32) + str(n).encode()
    upload = SimpleUploadedFile(f"{name}.txt", data, content_type="text/plain")
    response = editor.post("/editor/upload/", {"file": upload, "new_source": source}, follow=True)
    assert response.status_code in (200, 400)
    stored = Upload.objects.latest("pk").filename
    body = response.content.decode()
    assert escape(stored) in body
    assert_escaped(body, stored, title, question, answer, source)
    assert_escaped(editor.get("/editor/").content.decode(), stored, title)
