"""`import_corpus ungdc|whitehouse PATH`: whole collections described as they are, every
paragraph of a speech its own passage, safe to interrupt and to run again, and the
search index in step with the database when it ends."""

import io

import pytest
from django.core.management import CommandError, call_command

from archive.ingest import collection
from archive.models import Answer, Country, Interview, Role, Source
from archive.search.drift import compare_index
from tests.corpora import speakers_xlsx, write_folder, write_tar_xz

TXT = "ungdc/TXT"
ROWS = [
    (2022, 77, "USA", "United States of America", "Mr. Joseph R. BIDEN ", "PRESIDENT"),
    (1970, 25, "RUS", "USSR", "Mr. GROMYKO", "Minister for Foregn Affairs"),
    (1991, 46, "YUG", "Yugoslavia", "Mr. LONCAR", "Minister for Foreign Affairs"),
]  # fmt: skip
USA = ("I come to this Assembly in a time of war.\n"
       "We must stand together for peace and against aggression in Ukraine.\n"
       "The United States will keep its word.\n")
UNGDC = {
    f"{TXT}/Session 77 - 2022/USA_77_2022.txt": USA,
    f"{TXT}/Session 25 - 1970/RUS_25_1970.txt": "We greet the Assembly.\nPeace in Viet Nam.\n",
    f"{TXT}/Session 46 - 1991/YUG_46_1991.txt": "Yugoslavia speaks.\n",
    f"{TXT}/Session 21 - 1966/FRA_21_1966.txt": "La France.\n",
    f"{TXT}/Session 35 - 1980/.Rhistory": "library(quanteda)\n",
    "ungdc/README.txt": "How to cite.\n",
    "ungdc/Speakers_by_session.xlsx": speakers_xlsx(ROWS),
}
BRIEFING = """---
title: "Press Briefing by Press Secretary Jen Psaki, March 1, 2021"
date: 2021-03-01
source_url: https://www.whitehouse.gov/briefing-room/press-briefings/2021/03/01/press-briefing/
published_time: 2021-03-01T18:30:00-05:00
tags: [Press Briefings]
---

James S. Brady Press Briefing Room

MS. PSAKI: Good afternoon. We have news about Canada today.

Q: Thank you, Jen. What about Mexico?

MS. PSAKI: We are talking to Mexico.
"""
REMARKS = BRIEFING.replace("Press Briefing by Press Secretary Jen Psaki", "Remarks by "
                           "President Biden and Prime Minister Trudeau in Joint Press Conference")
WHITEHOUSE = {
    "whitehouse/press-briefings/2021-03/press-briefing-by-jen-psaki.md": BRIEFING,
    "whitehouse/speeches-remarks/2021-03/remarks-joint.md": REMARKS.replace("news", "words"),
    "whitehouse/speeches-remarks/2021-03/notes.txt": "not a transcript",
    "whitehouse/README.md": "About the collection.",
}


@pytest.fixture(autouse=True)
def reference_data(db):
    call_command("loaddata", "countries", "topics", verbosity=0)


def run(*args):
    out = io.StringIO()
    call_command("import_corpus", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture(params=["tar", "folder"])
def ungdc(request, tmp_path):
    if request.param == "tar":
        return write_tar_xz(tmp_path / "ungdc.tar.xz", UNGDC)
    return write_folder(tmp_path / "ungdc", UNGDC)


@pytest.mark.django_db
def test_a_un_speech_gets_its_country_session_speaker_post_title_and_passages(
        ungdc, search_index):
    out = run("ungdc", str(ungdc), "--publish")
    assert "4 imported (4 published), 0 already there, 3 skipped, 0 refused" in out
    assert "an R session's command history" in out
    speech = Interview.objects.get(details__file=f"{TXT}/Session 77 - 2022/USA_77_2022.txt")
    assert speech.title == ("Address by Joseph R. Biden, United States, 77th session of the "
                            "General Assembly, 2022")
    assert (speech.kind, speech.date.isoformat(), speech.date_precision) == (
        "speech", "2022-01-01", "year")
    assert speech.speaking_country.code == "US"
    assert speech.source == Source.objects.get(name="UN General Debate Corpus")
    assert speech.details["session"] == 77
    assert speech.raw_text == USA
    assert {"UA"} <= set(speech.countries.values_list("code", flat=True))
    passages = list(speech.answers.order_by("position"))
    assert [(a.position, a.turn, a.paragraph) for a in passages] == [
        (1, 1, 1), (2, 1, 2), (3, 1, 3)]
    assert "\n".join(a.text for a in passages) + "\n" == USA  # every word kept
    biden = passages[0].speaker  # the curated official the table's name resolves to
    assert biden.name == "Joe Biden" and {a.speaker for a in passages} == {biden}
    role = biden.roles.get(origin="UN General Debate speakers table")
    assert (role.title, role.start.year, role.end.year, role.precision) == (
        "President", 2022, 2022, Role.Precision.YEAR)


@pytest.mark.django_db
def test_titles_and_countries_of_states_that_spoke_under_other_names(ungdc, search_index):
    run("ungdc", str(ungdc))
    titles = set(Interview.objects.values_list("title", flat=True))
    assert "Address by Gromyko, Soviet Union, 25th session of the General Assembly, 1970" in titles
    # Nobody in the table for France in 1966: the country alone.
    assert "Address by France, 21st session of the General Assembly, 1966" in titles
    yugoslavia = Interview.objects.get(title__contains="Yugoslavia")
    assert yugoslavia.speaking_country == Country.objects.get(code="YU", name="Yugoslavia")
    gromyko = Interview.objects.get(title__contains="Gromyko").answers.first().speaker
    assert gromyko.roles.get().title == "Minister for Foreign Affairs"


@pytest.mark.django_db
def test_without_publish_everything_is_a_draft_and_nothing_is_indexed(ungdc, search_index):
    out = run("ungdc", str(ungdc))
    assert "4 imported (0 published)" in out and "nothing new to index" in out
    assert not Interview.objects.published().exists()


@pytest.mark.django_db
def test_running_again_imports_nothing_and_does_not_rebuild_the_index(ungdc, search_index):
    run("ungdc", str(ungdc), "--publish")
    again = run("ungdc", str(ungdc), "--publish")
    assert "0 imported (0 published), 4 already there" in again
    assert "nothing new to index" in again and "Indexed" not in again
    assert Interview.objects.count() == 4


@pytest.mark.django_db
def test_a_few_new_files_are_indexed_one_by_one_not_by_a_rebuild(tmp_path, search_index):
    first = write_folder(tmp_path / "first", {k: v for k, v in UNGDC.items() if "USA" not in k})
    run("ungdc", str(first), "--publish")
    out = run("ungdc", str(write_folder(tmp_path / "all", UNGDC)), "--publish")
    assert "1 imported (1 published), 3 already there" in out
    assert "updated 3 document(s) of 1 new interview(s)" in out
    assert compare_index().clean


@pytest.mark.django_db
def test_an_import_interrupted_midway_resumes_without_duplicates_or_half_interviews(
        ungdc, search_index, monkeypatch):
    saved = collection.load_statement
    calls = []

    def dies_on_the_third(statement, run_, publish):
        calls.append(statement.path)
        interview = saved(statement, run_, publish)
        if len(calls) == 3:  # after its rows are written, before the batch commits
            raise KeyboardInterrupt
        return interview

    monkeypatch.setattr(collection, "BATCH", 2)
    monkeypatch.setattr(collection, "load_statement", dies_on_the_third)
    with pytest.raises(CommandError, match="Run the command again"):
        run("ungdc", str(ungdc), "--publish")
    # The first batch of two is saved; the one under way is rolled back whole.
    assert Interview.objects.count() == 2
    assert Answer.objects.filter(interview__in=Interview.objects.all()).count() == \
        Answer.objects.count()
    monkeypatch.setattr(collection, "load_statement", saved)
    out = run("ungdc", str(ungdc), "--publish")
    assert "2 imported (2 published), 2 already there" in out
    assert Interview.objects.count() == 4
    assert len(set(Interview.objects.values_list("checksum", flat=True))) == 4
    for interview in Interview.objects.all():
        paragraphs = [p for p in interview.raw_text.splitlines() if p.strip()]
        assert interview.answers.count() == len(paragraphs)
    assert compare_index().clean


@pytest.mark.django_db
def test_a_file_that_fails_to_save_is_refused_alone(ungdc, search_index, monkeypatch):
    saved = collection.load_statement

    def fails_for_russia(statement, run_, publish):
        interview = saved(statement, run_, publish)
        if "RUS_" in statement.path:
            raise ValueError("the disk is full")
        return interview

    monkeypatch.setattr(collection, "load_statement", fails_for_russia)
    out = run("ungdc", str(ungdc), "--publish")
    assert "3 imported (3 published), 0 already there, 3 skipped, 1 refused" in out
    assert "not saved: the disk is full: ungdc/TXT/Session 25 - 1970/RUS_25_1970.txt" in out
    assert not Interview.objects.filter(title__contains="Gromyko").exists()
    assert not Answer.objects.filter(speaker__name="Gromyko").exists()
    assert compare_index().clean


@pytest.mark.django_db
def test_a_speaker_made_for_a_failed_file_is_made_again_for_the_next(tmp_path, search_index,
                                                                      monkeypatch):
    # Two speeches the same year by one name: the second finds the first's speaker.
    twice = {**UNGDC, f"{TXT}/Session 25 - 1970/UKR_25_1970.txt": "Again.\n"}
    rows = [*ROWS, (1970, 25, "UKR", "Ukrainian SSR", "Mr. GROMYKO", "Minister")]
    twice["ungdc/Speakers_by_session.xlsx"] = speakers_xlsx(rows)
    saved, failed = collection.load_statement, []

    def fails_once(statement, run_, publish):
        interview = saved(statement, run_, publish)
        if "RUS_" in statement.path and not failed:
            failed.append(statement.path)
            raise ValueError("the disk is full")
        return interview

    monkeypatch.setattr(collection, "load_statement", fails_once)
    out = run("ungdc", str(write_folder(tmp_path / "ungdc", twice)), "--publish")
    assert "4 imported (4 published), 0 already there, 3 skipped, 1 refused" in out
    speech = Interview.objects.get(details__file=f"{TXT}/Session 25 - 1970/UKR_25_1970.txt")
    assert speech.answers.get().speaker.name == "Gromyko"


@pytest.mark.django_db
def test_limit_stops_after_that_many_statements(ungdc, search_index):
    assert "2 imported" in run("ungdc", str(ungdc), "--limit", "2")
    assert Interview.objects.count() == 2


@pytest.mark.django_db
def test_an_archive_without_reference_data_is_told_to_load_it(ungdc):
    Country.objects.all().delete()
    with pytest.raises(CommandError, match="loaddata countries"):
        run("ungdc", str(ungdc))


@pytest.mark.django_db
def test_a_missing_collection_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("ungdc", str(tmp_path / "nowhere.tar.xz"))


@pytest.mark.django_db
def test_briefing_room_files_get_title_date_source_url_and_kind(tmp_path, search_index):
    path = write_tar_xz(tmp_path / "wh.tar.xz", WHITEHOUSE)
    out = run("whitehouse", str(path), "--publish")
    assert "2 imported (2 published), 0 already there, 2 skipped, 0 refused" in out
    briefing = Interview.objects.get(kind="briefing")
    assert briefing.title == "Press Briefing by Press Secretary Jen Psaki, March 1, 2021"
    assert (briefing.date.isoformat(), briefing.date_precision) == ("2021-03-01", "day")
    assert briefing.source_url.startswith("https://www.whitehouse.gov/briefing-room/")
    assert briefing.source.name == "White House briefing room"
    assert briefing.details["tags"] == ["Press Briefings"]
    assert briefing.details["published"].startswith("2021-03-01T18:30")
    assert briefing.raw_text == BRIEFING
    assert briefing.questions.count() == 1 and briefing.answers.count() == 2
    assert {"CA", "MX"} <= set(briefing.countries.values_list("code", flat=True))
    joint = Interview.objects.exclude(pk=briefing.pk).get()
    assert joint.kind == "joint_press_conference"
    assert compare_index().clean


@pytest.mark.django_db
def test_loading_a_speech_takes_a_fixed_number_of_queries_whatever_its_length(
        tmp_path, search_index, django_assert_max_num_queries):
    long = "".join(f"Paragraph {n} of a long speech on peace.\n" for n in range(200))
    files = {**UNGDC, f"{TXT}/Session 77 - 2022/USA_77_2022.txt": long}
    path = write_folder(tmp_path / "ungdc", {k: v for k, v in files.items()
                                              if "USA" in k or k.endswith("xlsx")})
    from archive.ingest.corpora.ungdc import read_ungdc
    speech = next(e for e in read_ungdc(path) if hasattr(e, "document"))
    run_ = collection._Run(speech.source)
    with django_assert_max_num_queries(40):
        interview = collection.load_statement(speech, run_, True)
    assert interview.answers.count() == 200
