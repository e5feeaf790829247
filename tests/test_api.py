"""The open-data API and the JSON Lines export."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from archive.models import Answer
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_source,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    china, trade = make_country("CN", "China"), make_topic("Trade")
    wang = make_speaker("Wang Yi", role="Foreign Minister", country=china)
    interview = make_interview(
        "Wang Yi on trade", kind="interview", source=make_source("Xinhua News Agency"),
        topics=[trade], countries=[china], preamble="Beijing, 16 September.",
    )
    Answer.objects.create(interview=interview, position=1, speaker=wang, text="Good morning.")
    make_exchange(interview, question="On tariffs?", answer="We oppose them.", speaker=wang,
                  asker_label="Reuters")
    make_interview("A briefing", kind="briefing", date=datetime.date(2019, 1, 2))
    draft = make_interview("Secret draft", published=False, topics=[trade], countries=[china])
    make_exchange(draft, speaker=make_speaker("Secret Speaker"))
    return interview


def test_interviews_are_listed_newest_first_with_paging_details(client, archive):
    body = client.get("/api/interviews/").json()
    assert body["count"] == 2 and body["page"] == 1 and body["num_pages"] == 1
    assert body["next"] is None and body["previous"] is None
    first = body["results"][0]
    assert first["slug"] == archive.slug and first["title"] == "Wang Yi on trade"
    assert first["date"] == "2020-09-16" and first["date_precision"] == "day"
    assert first["source"]["name"] == "Xinhua News Agency"
    assert first["topics"] == [{"slug": "trade", "name": "Trade"}]
    assert first["countries"] == [{"code": "CN", "name": "China"}]
    assert first["url"] == f"http://testserver/interviews/{archive.slug}/"
    assert first["api_url"] == f"http://testserver/api/interviews/{archive.slug}/"


def test_interviews_filter_as_on_the_pages(client, archive):
    def titles(query):
        return [r["title"] for r in client.get(f"/api/interviews/?{query}").json()["results"]]

    assert titles("kind=briefing") == ["A briefing"]
    assert titles("topic=trade") == ["Wang Yi on trade"]
    assert titles("country=cn") == ["Wang Yi on trade"]
    assert titles("year=2019") == ["A briefing"]
    assert titles("language=en&kind=interview") == ["Wang Yi on trade"]


def test_an_interview_comes_with_its_exchanges_in_reading_order(client, archive):
    body = client.get(f"/api/interviews/{archive.slug}/").json()
    assert body["preamble"] == "Beijing, 16 September."
    opening, exchange = body["exchanges"]
    assert opening["question"] is None
    assert opening["answers"][0]["text"] == "Good morning."
    assert exchange["question"]["text"] == "On tariffs?"
    assert exchange["question"]["asker_label"] == "Reuters"
    answer = exchange["answers"][0]
    assert answer["speaker"] == {"slug": "wang-yi", "name": "Wang Yi"}
    assert answer["url"] == f"http://testserver/interviews/{archive.slug}/answers/2/"


def test_speakers_topics_and_countries_with_counts(client, archive):
    speakers = client.get("/api/speakers/").json()["results"]
    assert [(s["name"], s["statement_count"], s["country"]) for s in speakers] == [
        ("Wang Yi", 2, "CN")
    ]
    topics = client.get("/api/topics/").json()["results"]
    assert [(t["slug"], t["interview_count"]) for t in topics] == [("trade", 1)]
    countries = client.get("/api/countries/").json()["results"]
    assert [(c["code"], c["interview_count"]) for c in countries] == [("CN", 1)]
    assert countries[0]["interviews_api_url"] == "http://testserver/api/interviews/?country=CN"


def test_pages_link_to_each_other_and_keep_the_filters(client):
    for _ in range(3):
        make_interview(kind="briefing")
    body = client.get("/api/interviews/?kind=briefing&per_page=2").json()
    assert body["num_pages"] == 2 and len(body["results"]) == 2
    assert body["next"] == "http://testserver/api/interviews/?kind=briefing&per_page=2&page=2"
    second = client.get(body["next"]).json()
    assert len(second["results"]) == 1 and second["previous"].endswith("page=1")


@pytest.mark.parametrize(
    "query, status",
    [("page=abc", 400), ("page=0", 404), ("page=99", 404), ("per_page=0", 400),
     ("per_page=1000", 400), ("per_page=x", 400), ("kind=nonsense", 400), ("country=XX", 400),
     ("year=abc", 400)],
)
def test_bad_requests_get_a_json_error_not_a_500(client, archive, query, status):
    response = client.get(f"/api/interviews/?{query}")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]


def test_unknown_and_draft_interviews_are_json_404s(client):
    draft = make_interview("Secret draft", published=False)
    for slug in ["no-such-thing", draft.slug]:
        response = client.get(f"/api/interviews/{slug}/")
        assert response.status_code == 404 and "error" in response.json()


def test_drafts_are_nowhere_in_the_api(client, archive):
    for url in ["/api/interviews/", "/api/speakers/", "/api/topics/", "/api/countries/"]:
        assert "Secret" not in client.get(url).content.decode(), url
    topics = client.get("/api/topics/").json()["results"]
    assert topics[0]["interview_count"] == 1


def test_the_api_is_readable_from_any_site_and_only_reads(client, archive):
    assert client.get("/api/interviews/")["Access-Control-Allow-Origin"] == "*"
    assert client.post("/api/interviews/").status_code == 405


def test_the_api_page_describes_the_endpoints(client):
    page = client.get("/api/").content.decode()
    for path in ["/api/interviews/", "/api/speakers/", "/api/topics/", "/api/countries/"]:
        assert f"<code>{path}</code>" in page
    assert "per_page" in page and "export_jsonl" in page


def test_export_writes_one_published_interview_per_line(archive, tmp_path):
    output = tmp_path / "archive.jsonl"
    call_command("export_jsonl", output=str(output), base_url="https://example.org/",
                 stderr=io.StringIO())
    lines = output.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["title"] for r in records] == ["A briefing", "Wang Yi on trade"]
    assert records[1]["exchanges"][1]["answers"][0]["text"] == "We oppose them."
    assert records[1]["url"] == f"https://example.org/interviews/{archive.slug}/"


def test_export_writes_to_standard_output_by_default(archive):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_jsonl", stdout=out, stderr=err)
    assert len(out.getvalue().splitlines()) == 2
    assert json.loads(out.getvalue().splitlines()[0])["url"].startswith("/interviews/")
    assert "2 published interviews exported." in err.getvalue()
