"""'Said elsewhere': each answer's similar answers from other interviews are found
when the index queue indexes it and stored; the answer page reads them, and never
lists an answer readers may not see."""

import io

import pytest
from django.core.management import call_command

from archive.models import RelatedAnswer
from tests.factories import make_exchange, make_interview

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def steel_talks(on_commit):
    with on_commit():
        first = make_interview("Talks on steel")
        _, answer = make_exchange(first, answer="Tariffs on steel imports will fall next year.")
        second = make_interview("Later steel talks")
        _, other = make_exchange(second, answer="Tariffs on steel imports will rise next year.")
    return answer, other


def test_indexing_an_answer_stores_its_similar_answers_from_other_interviews(
        client, search_index, on_commit):
    answer, other = steel_talks(on_commit)
    assert list(RelatedAnswer.objects.filter(answer=other)
                .values_list("related", flat=True)) == [answer.pk]
    page = client.get(other.get_absolute_url()).content.decode()
    assert "Said elsewhere" in page and answer.get_absolute_url() in page


def test_an_unpublished_answer_leaves_every_list_at_once(client, search_index, on_commit):
    answer, other = steel_talks(on_commit)
    client.get(other.get_absolute_url())  # cached
    with on_commit():
        answer.interview.unpublish()
    assert not RelatedAnswer.objects.filter(related=answer).exists()
    assert answer.get_absolute_url() not in client.get(other.get_absolute_url()).content.decode()


def test_related_answers_fills_the_lists_of_an_index_built_in_bulk(search_index, on_commit):
    answer, other = steel_talks(on_commit)
    RelatedAnswer.objects.all().delete()
    call_command("rebuild_index", "--noinput", stdout=io.StringIO())
    out = io.StringIO()
    call_command("related_answers", "--missing", stdout=out)
    assert "Stored similar answers of 2 answer(s)." in out.getvalue()
    assert RelatedAnswer.objects.filter(answer=other, related=answer).exists()


def test_one_index_pass_finds_similar_answers_for_its_first_answers_only(
        search_index, on_commit, settings):
    # A bulk publish must not spend a more-like-this query per answer in the request.
    settings.ARCHIVE_RELATED_PER_PASS = 1
    answer, other = steel_talks(on_commit)
    assert RelatedAnswer.objects.values("answer").distinct().count() == 1
    out = io.StringIO()
    call_command("related_answers", "--missing", stdout=out)
    assert "Stored similar answers of 1 answer(s)." in out.getvalue()
    assert RelatedAnswer.objects.filter(answer=other, related=answer).exists()
    assert RelatedAnswer.objects.filter(answer=answer, related=other).exists()
