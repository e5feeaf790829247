"""A damaged Whoosh index, on disk and for real: every search path answers 503 with
Retry-After, pages that only show related answers leave them out, a publish still
succeeds, and `check_index` tells of the damage and `--repair` rebuilds the index.
(tests/test_faults.py covers a deleted index and the first kinds of damage found.)"""

import io
import random
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from haystack import connections
from haystack.exceptions import SearchBackendError

from archive.models import Interview, PendingIndexUpdate
from archive.search.sync import process_queue
from tests.factories import make_exchange, make_interview
from tests.processes import manage

pytestmark = pytest.mark.parametrize("search_index", ["whoosh"], indirect=True)

SEARCHES = ["/search/?q=sovereignty", "/search/?q=sovereignty&sort=newest",
            "/search/?q=sov*", '/search/?q="must+be+respected"', "/search/?q=soverignty",
            "/api/search/?q=sovereignty", "/search/export.csv?q=sovereignty",
            "/trends/?q=sovereignty"]


def statements(count=30):
    """Published answers in interviews of their own; returns the first answer."""
    answers = [make_exchange(make_interview(f"Briefing {n}"),
                             answer=f"Sovereignty must be respected, point {n} of {count}.")[1]
               for n in range(count)]
    process_queue()
    return answers[0]


def damage(path, suffix, change):
    for item in Path(path).glob(f"*{suffix}"):
        item.write_bytes(change(item.read_bytes()))


def nothing(data):
    return b""


def first_half(data):
    return data[: len(data) // 2]


def garbage(data):
    return (b"\x00not an index\xff" * len(data))[: len(data)]


def scrambled_tail(data):
    return data[:-40] + bytes(b ^ 0x5A for b in data[-40:])


def statuses(client, urls):
    """{url: status}; a streamed CSV is read to its end."""
    found = {}
    for url in urls:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        found[url] = response.status_code
    return found


def clear_caches():
    from django.core.cache import caches

    for cache in caches.all():  # rate limits and the related answers kept there
        cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("suffix, change", [
    (".toc", nothing), (".toc", first_half), (".toc", garbage), (".toc", scrambled_tail),
    (".seg", nothing), (".seg", first_half), (".seg", garbage), (".seg", scrambled_tail),
])
def test_every_search_path_answers_503_and_answer_pages_keep_their_stored_related(
    client, search_index, suffix, change
):
    answer = statements()
    damage(search_index.path, suffix, change)
    connections.reload("default")  # as a worker started after the damage

    for url in SEARCHES:
        response = client.get(url)
        assert response.status_code == 503, url
        assert response["Retry-After"]
        if url.startswith("/api/"):
            assert "being rebuilt" in response.json()["error"]
        else:
            assert "Search is being rebuilt" in response.content.decode()
    page = client.get(answer.get_absolute_url())
    assert page.status_code == 200  # "said elsewhere" is stored, not searched per view
    from archive.models import RelatedAnswer

    stored = RelatedAnswer.objects.filter(answer=answer).values_list("related", flat=True)
    assert [other.pk for other in page.context["related"]] == list(stored)


@pytest.mark.django_db
def test_no_damage_to_any_index_file_is_a_server_error(client, search_index, tmp_path):
    answer = statements()
    path = Path(search_index.path)
    intact = tmp_path / "intact"
    shutil.copytree(path, intact)
    rng = random.Random(15)
    client.raise_request_exception = False
    for n in range(48):
        suffix = ".toc" if n % 2 else ".seg"
        shutil.rmtree(path)
        shutil.copytree(intact, path)

        def scribble(data):
            at = rng.randrange(len(data))
            return data[:at] + rng.randbytes(rng.choice([1, 4, 16, 64])) + data[at + 64:]

        damage(path, suffix, scribble)
        connections.reload("default")
        clear_caches()
        assert set(statuses(client, SEARCHES).values()) <= {200, 503}, (n, suffix)
        assert client.get(answer.get_absolute_url()).status_code == 200
        try:
            call_command("check_index", "--deep", stdout=io.StringIO())
        except CommandError as reported:
            assert "cannot be read" in str(reported) or "drifted" in str(reported)


@pytest.mark.django_db
def test_an_error_that_is_not_damage_is_not_reported_as_damage(search_index):
    statements(1)
    with pytest.raises(SearchBackendError, match="same direction"):
        search_index.search("sovereignty", sort_by=["date", "-position"])


# Committed for real, so the after-commit index write runs as in production. (A
# superuser: the flush between such tests removes the Editors group a migration made.)
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("trouble", ["damaged", "writer lock held"])
def test_a_committed_publish_reports_success_when_the_index_write_fails(
    client, search_index, trouble
):
    from django.contrib.auth.models import User

    publisher = client
    publisher.force_login(User.objects.create_superuser("chief", password="pw"))
    draft = make_interview("Press conference on sovereignty", published=False)
    make_exchange(draft, answer="Sovereignty must be respected.")
    if trouble == "damaged":
        damage(search_index.path, ".toc", nothing)
    else:  # another writer, outside the archive's own lock, holds Whoosh's
        search_index.lock_timeout = 0.2
        held = search_index.index.lock("WRITELOCK")
        assert held.acquire()

    response = publisher.post(f"/editor/interviews/{draft.pk}/publish/", follow=True)

    assert response.status_code == 200
    assert "Published" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Interview.Status.PUBLISHED
    assert PendingIndexUpdate.objects.count() == 2  # its answer and question, for later
    if trouble == "writer lock held":
        held.release()
    call_command("check_index", "--repair", stdout=io.StringIO())
    assert publisher.get("/search/?q=sovereignty").context["page"].hits == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("suffix, change", [(".toc", nothing), (".seg", garbage)])
def test_check_index_tells_of_the_damage_and_repair_rebuilds(client, search_index, suffix,
                                                             change):
    statements(3)
    damage(search_index.path, suffix, change)

    checked = manage("check_index")
    assert checked.returncode == 1
    assert "The search index cannot be read" in checked.stderr
    assert "--repair" in checked.stderr and "Traceback" not in checked.stderr

    repaired = manage("check_index", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "rebuilding it" in repaired.stdout
    assert "The index matches the database." in repaired.stdout
    connections.reload("default")
    assert client.get("/search/?q=sovereignty").context["page"].hits == 3
    report = io.StringIO()
    call_command("check_index", "--deep", stdout=report)  # reads every byte
    assert "The index matches the database." in report.getvalue()
