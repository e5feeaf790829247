"""Reading the archive: home, interviews, answers, topics, countries, speakers."""

import datetime

import pytest

from archive.models import Interview
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_source,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


def text(response):
    return response.content.decode()


def test_home_has_a_search_box_latest_interviews_and_things_to_browse(client):
    china = make_country("CN", "China")
    trade = make_topic("Trade")
    wang = make_speaker("Wang Yi", country=china)
    interview = make_interview("Wang Yi meets the press", topics=[trade], countries=[china])
    make_exchange(interview, speaker=wang)
    page = text(client.get("/"))
    assert 'action="/search/"' in page and 'name="q"' in page
    assert "Wang Yi meets the press" in page
    assert 'href="/topics/trade/"' in page
    assert 'href="/countries/china/"' in page
    assert 'href="/speakers/wang-yi/"' in page
    assert 'href="/dates/2020/"' in page


def test_interview_list_is_newest_first_and_filters_by_kind_source_and_language(client):
    xinhua = make_source("Xinhua News Agency")
    make_interview("Old briefing", date=datetime.date(2018, 1, 5), kind="briefing")
    make_interview("New speech", date=datetime.date(2021, 3, 1), kind="speech", source=xinhua)
    make_interview("Chinese interview", kind="interview", language="zh")
    page = text(client.get("/interviews/"))
    assert page.index("New speech") < page.index("Chinese interview") < page.index("Old briefing")

    page = text(client.get("/interviews/?kind=briefing"))
    assert "Old briefing" in page and "New speech" not in page
    page = text(client.get(f"/interviews/?source={xinhua.slug}"))
    assert "New speech" in page and "Old briefing" not in page
    page = text(client.get("/interviews/?language=zh"))
    assert "Chinese interview" in page and "New speech" not in page
    assert '<option value="zh" selected>Chinese</option>' in page


def test_a_bad_filter_is_reported_and_ignored_not_an_error(client):
    make_interview("Shown anyway")
    response = client.get("/interviews/?kind=nonsense")
    assert response.status_code == 200
    assert "Shown anyway" in text(response)
    assert "This filter was ignored" in text(response)


def test_pagination_keeps_the_filters(client):
    for _ in range(26):
        make_interview(kind="briefing")
    page = text(client.get("/interviews/?kind=briefing"))
    assert 'href="?kind=briefing&amp;page=2"' in page


def test_transcript_page_shows_the_facts_and_the_conversation(client):
    xinhua = make_source("Xinhua News Agency")
    wang = make_speaker("Wang Yi", role="Foreign Minister")
    interview = make_interview(
        "Exclusive interview", kind="interview", location="Beijing", source=xinhua,
        source_url="https://example.org/original", preamble="On 16 September, Wang Yi spoke.",
        topics=[make_topic("Trade")], countries=[make_country("AF", "Afghanistan")],
    )
    question, answer = make_exchange(
        interview, question="What about Afghanistan?", answer="Peace talks.\n\nThey matter.",
        speaker=wang, asker_label="Xinhua",
    )
    page = text(client.get(interview.get_absolute_url()))
    assert "<h1>Exclusive interview</h1>" in page
    assert '<time datetime="2020-09-16">' in page and "16 September 2020" in page
    assert "Beijing" in page
    source = '<a class="source-link" href="https://example.org/original">Xinhua News Agency</a>'
    assert source in page
    assert 'href="/speakers/wang-yi/"' in page and "Foreign Minister" in page
    assert 'href="/countries/afghanistan/"' in page and 'href="/topics/trade/"' in page
    assert "On 16 September, Wang Yi spoke." in page
    assert 'id="q1"' in page and 'href="#q1"' in page and "Xinhua" in page
    assert 'id="a1"' in page and f'href="{answer.get_absolute_url()}"' in page
    assert "<p>Peace talks.</p>" in page and "<p>They matter.</p>" in page


def test_a_partial_date_shows_only_what_is_known(client):
    no_year = make_interview(
        "Yearless", date=None, partial_month=9, partial_day=16,
        date_precision=Interview.DatePrecision.MONTH_DAY,
    )
    year_only = make_interview(
        "Year only", date=datetime.date(2019, 1, 1), date_precision=Interview.DatePrecision.YEAR
    )
    page = text(client.get(no_year.get_absolute_url()))
    assert '<time datetime="--09-16">16 September (year unknown)</time>' in page
    page = text(client.get(year_only.get_absolute_url()))
    assert "2019" in page and "(day and month unknown)" in page
    assert "1 January 2019" not in page


def test_opening_remarks_come_before_the_questions(client):
    from archive.models import Answer

    interview = make_interview()
    speaker = make_speaker("Hua Chunying")
    Answer.objects.create(interview=interview, position=1, speaker=speaker, text="Good afternoon.")
    make_exchange(interview, question="First question?", answer="First answer.")
    page = text(client.get(interview.get_absolute_url()))
    assert "Opening remarks" in page
    assert page.index("Good afternoon.") < page.index("First question?")


def test_a_long_press_conference_has_a_table_of_questions(client):
    long, short = make_interview("Long"), make_interview("Short")
    for n in range(6):
        make_exchange(long, question=f"Question number {n + 1}?")
    make_exchange(short)
    page = text(client.get(long.get_absolute_url()))
    assert 'aria-labelledby="toc-heading"' in page
    assert '<a href="#q6">' in page
    assert 'id="toc-heading"' not in text(client.get(short.get_absolute_url()))


def test_answer_page_has_quote_question_speaker_source_and_neighbours(client):
    wang = make_speaker("Wang Yi", role="Foreign Minister")
    interview = make_interview("Press conference", source=make_source("Xinhua News Agency"))
    _, first = make_exchange(interview, question="Q one?", answer="A one.", speaker=wang)
    _, second = make_exchange(interview, question="Q two?", answer="A two.", speaker=wang)
    _, third = make_exchange(interview, question="Q three?", answer="A three.", speaker=wang)
    page = text(client.get(second.get_absolute_url()))
    assert "Q two?" in page and "A two." in page
    assert "Wang Yi" in page and "Foreign Minister" in page and "Xinhua News Agency" in page
    assert f'rel="prev" href="{first.get_absolute_url()}"' in page
    assert f'rel="next" href="{third.get_absolute_url()}"' in page
    assert f'href="{interview.get_absolute_url()}#a2"' in page


def test_answer_page_offers_citations_and_a_link_that_works_without_javascript(client):
    interview = make_interview("Press conference")
    _, answer = make_exchange(interview, speaker=make_speaker("Wang Yi"))
    page = text(client.get(answer.get_absolute_url()))
    for style in ["Chicago", "APA", "MLA", "BibTeX"]:
        assert f">{style}</h3>" in page
    permalink = f"http://testserver{answer.get_absolute_url()}"
    assert f'href="{answer.get_absolute_url()}" data-copy-link>{permalink}</a>' in page
    assert "@misc{wangyi2020pressa1," in page


def test_topic_page_lists_its_interviews_with_counts_per_year(client):
    trade = make_topic("Trade", description="Tariffs and markets.")
    make_exchange(make_interview("Trade talk 2020", topics=[trade]))
    make_interview("Trade talk 2019", topics=[trade], date=datetime.date(2019, 5, 1))
    make_interview("Unrelated")
    page = text(client.get("/topics/trade/"))
    assert "Tariffs and markets." in page
    assert "Trade talk 2020" in page and "Trade talk 2019" in page and "Unrelated" not in page
    assert '<a href="?year=2020">2020</a></th>\n        <td>1</td><td>1</td>' in page

    page = text(client.get("/topics/trade/?year=2019"))
    assert "Trade talk 2019" in page and "Trade talk 2020" not in page
    assert client.get("/topics/trade/?year=twenty").status_code == 404


def test_country_page_lists_interviews_that_mention_it_and_its_speakers(client):
    afghanistan, china = make_country("AF", "Afghanistan"), make_country("CN", "China")
    hua = make_speaker("Hua Chunying", country=afghanistan)
    interview = make_interview("On Afghanistan", countries=[afghanistan])
    make_exchange(interview, speaker=hua)
    make_interview("On China", countries=[china])
    page = text(client.get("/countries/afghanistan/"))
    assert "On Afghanistan" in page and "On China" not in page
    assert "1 interview mentions Afghanistan" in page
    assert 'href="/speakers/hua-chunying/"' in page
    assert 'name="country" value="AF"' in page


def test_speaker_page_shows_role_count_recent_answers_and_a_search_limited_to_them(client):
    wang = make_speaker("Wang Yi", role="Foreign Minister")
    old = make_interview("Old", date=datetime.date(2019, 1, 1))
    new = make_interview("New", date=datetime.date(2021, 1, 1))
    make_exchange(old, answer="Older words.", speaker=wang)
    make_exchange(new, answer="Newer words.", speaker=wang)
    make_exchange(new, answer="Someone else.", speaker=make_speaker("Zhao Lijian"))
    page = text(client.get("/speakers/wang-yi/"))
    assert "Foreign Minister" in page and "2 statements" in page
    assert page.index("Newer words.") < page.index("Older words.")
    assert "Someone else." not in page
    assert 'name="speaker" value="wang-yi"' in page and 'action="/search/"' in page


def test_lists_of_topics_countries_and_speakers_show_counts(client):
    trade, china = make_topic("Trade"), make_country("CN", "China")
    make_topic("Unused topic")
    interview = make_interview(topics=[trade], countries=[china])
    make_exchange(interview, speaker=make_speaker("Wang Yi"))
    topics = text(client.get("/topics/"))
    assert "Trade" in topics and "1 interview" in topics and "Unused topic" not in topics
    countries = text(client.get("/countries/"))
    assert "China" in countries
    speakers = text(client.get("/speakers/"))
    assert "Wang Yi" in speakers and "1 statement" in speakers


def test_drafts_are_invisible_on_every_page(client):
    trade, china = make_topic("Trade"), make_country("CN", "China")
    secret = make_speaker("Secret Speaker")
    draft = make_interview("Secret draft", published=False, topics=[trade], countries=[china])
    _, answer = make_exchange(draft, answer="Secret words.", speaker=secret)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(answer.get_absolute_url()).status_code == 404
    assert client.get(secret.get_absolute_url()).status_code == 404
    for url in ["/", "/interviews/", "/topics/", "/countries/", "/speakers/", "/topics/trade/",
                "/countries/china/", "/dates/"]:
        page = text(client.get(url))
        assert "Secret" not in page, url
        assert "/dates/2020/" not in page, url
    assert client.get("/dates/2020/").status_code == 404
    assert client.get("/dates/2020/09/").status_code == 404


def test_only_web_addresses_become_source_links(client):
    interview = make_interview(source_url="javascript:alert(1)")
    assert "javascript:" not in text(client.get(interview.get_absolute_url()))
    linked = make_interview(source_url="https://example.org/t")
    page = text(client.get(linked.get_absolute_url()))
    assert '<a class="source-link" href="https://example.org/t">The original transcript</a>' in page
