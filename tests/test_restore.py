"""`export_jsonl` is a backup: `import_jsonl` restores it into an empty archive, all
of it or nothing, and exporting again writes the same bytes."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from haystack.query import SearchQuerySet

from archive.models import (
    Answer,
    Country,
    Interview,
    PendingIndexUpdate,
    Question,
    Source,
    Speaker,
    Topic,
)
from archive.search.drift import compare_index
from tests.factories import (
    make_country,
    make_exchange,
    make_interview,
    make_source,
    make_speaker,
    make_topic,
)

pytestmark = pytest.mark.django_db


def small_archive():
    """Published and draft, English and Chinese, full, year-only and partial dates,
    remarks without a question and a question without an answer, people with roles,
    aliases and countries, a question whose printed label is not its asker's name."""
    china = make_country("CN", "China")
    russia = make_country("RU", "Russia")
    trade = make_topic("Trade", description="Goods and tariffs.")
    wang = make_speaker("Wang Yi", role="Foreign Minister", country=china,
                        kind="official", aliases=["王毅", "WANG YI"])
    hua = make_speaker("Hua Chunying", role="Spokesperson", country=china, kind="official")
    li = make_speaker("Li Ming", kind="journalist", organisation="CCTV")
    first = make_interview(
        "Wang Yi on trade", date=datetime.date(2020, 9, 16), topics=[trade],
        countries=[china, russia], source=make_source("Xinhua News Agency"),
        location="Beijing", source_url="https://example.org/wang-yi", preamble="As follows:",
        kind=Interview.Kind.INTERVIEW, parse_warnings=["Answers are attributed to 'Unknown'."],
    )
    Answer.objects.create(interview=first, position=1, speaker=wang,
                                   text="Opening remarks.\n\nA second paragraph.")
    question, _ = make_exchange(first, question="On tariffs?", answer="We oppose them.",
                                speaker=wang, asker_label="CCTV reporter")
    question.asker = li
    question.save()
    Question.objects.create(interview=first, position=2, asker_label="Reporter",
                            text="And a question nobody answered?")
    first.publish()  # published_at set; a correction afterwards stamps corrected_at
    answer = first.answers.get(position=2)
    answer.text = "We firmly oppose them."
    answer.save()

    chinese = make_interview("王毅就中美关系答记者问", language="zh",
                             date=datetime.date(2021, 3, 7), countries=[china],
                             raw_text="王毅就中美关系答记者问\n\n问：你怎么看？\n\n答：我们欢迎。")
    make_exchange(chinese, question="你怎么看？", answer="我们欢迎。", speaker=wang,
                  asker_label="记者")
    year_only = make_interview("A briefing in 2019", date=datetime.date(2019, 1, 1),
                               date_precision=Interview.DatePrecision.YEAR)
    make_exchange(year_only, answer="A briefing.", speaker=hua)
    partial = make_interview("Wang Yi on Sierra Leone", published=False, date=None,
                             partial_month=9, partial_day=16,
                             date_precision=Interview.DatePrecision.MONTH_DAY)
    make_exchange(partial, answer="A draft answer.", speaker=wang)
    undated = make_interview("A draft with no date", published=False, date=None)
    make_exchange(undated, answer="Nothing dated.")


def export(*options):
    out = io.StringIO()
    call_command("export_jsonl", *options, stdout=out, stderr=io.StringIO())
    return out.getvalue().encode("utf-8")


def empty_the_archive():
    """What a new database has before the restore: no interviews, and (to show that
    the file brings them) no people, sources, topics or countries either."""
    for model in (Interview, Speaker, Source, Topic, Country):
        model.objects.all().delete()


def restore_file(tmp_path, data):
    path = tmp_path / "archive.jsonl"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("import_jsonl", str(path), stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("options", [(), ("--include-drafts",)], ids=["published", "all"])
def test_export_import_export_is_byte_identical(tmp_path, options):
    small_archive()
    before = export(*options)
    assert len(before.splitlines()) == (3 if not options else 5)
    empty_the_archive()
    printed = restore_file(tmp_path, before)
    assert f"{len(before.splitlines())} interviews restored" in printed
    assert export(*options) == before


def test_a_restored_interview_is_as_it_was(tmp_path):
    small_archive()
    original = Interview.objects.select_related("source").get(title="Wang Yi on trade")
    kept = {f.name: getattr(original, f.name) for f in Interview._meta.concrete_fields
            if f.name not in ("id", "uploaded_by", "source")}
    turns = [(q.position, q.asker_label, q.asker and q.asker.slug, q.text)
             for q in original.questions.all()]
    assert original.corrected_at is not None
    data = export("--include-drafts")
    empty_the_archive()
    restore_file(tmp_path, data)

    restored = Interview.objects.get(title="Wang Yi on trade")
    assert {name: getattr(restored, name) for name in kept} == kept
    assert restored.source.slug == original.source.slug
    assert [t.slug for t in restored.topics.all()] == ["trade"]
    assert [c.code for c in restored.countries.all()] == ["CN", "RU"]
    assert [(q.position, q.asker_label, q.asker and q.asker.slug, q.text)
            for q in restored.questions.all()] == turns
    assert [a.question and a.question.position for a in restored.answers.all()] == [None, 1]
    wang = Speaker.objects.get(slug="wang-yi")
    assert (wang.role, wang.kind, wang.country.code, wang.aliases) == (
        "Foreign Minister", "official", "CN", ["王毅", "WANG YI"])
    assert Speaker.objects.get(name="Li Ming").organisation == "CCTV"
    partial = Interview.objects.get(title="Wang Yi on Sierra Leone")
    assert (partial.status, partial.partial_month, partial.partial_day) == ("draft", 9, 16)
    assert restored.history.first().history_change_reason == "Restored from an export"


@pytest.mark.django_db(transaction=True)  # the restore really commits
def test_the_restore_is_searchable_once_it_commits(tmp_path, search_index):
    small_archive()
    data = export("--include-drafts")
    empty_the_archive()
    assert SearchQuerySet().count() == 0
    restore_file(tmp_path, data)
    assert [r.text for r in SearchQuerySet().filter(content="firmly")] == [
        "We firmly oppose them."]
    assert [r.text for r in SearchQuerySet().filter(content="draft")] == []  # drafts stay out
    assert PendingIndexUpdate.objects.count() == 0
    assert compare_index().clean


def test_an_archive_with_interviews_is_refused(tmp_path):
    small_archive()
    data = export()
    with pytest.raises(CommandError, match=r"already has 5 interview\(s\): import_jsonl "
                                           "restores into an empty archive only"):
        restore_file(tmp_path, data)
    assert Interview.objects.count() == 5


@pytest.mark.parametrize("damage, message", [
    (lambda lines: lines[:1] + ["{not json"] + lines[1:],
     "Line 2 is not JSON: Expecting property name enclosed in double quotes (column 2)."),
    (lambda lines: lines + [json.dumps({"title": "No slug", "restore": {}})],
     "Line 4 lacks 'slug'."),
    (lambda lines: lines[:2] + [lines[2].replace('"kind": "statement"', '"kind": "novel"')],
     "Line 3 cannot be restored: 'novel' is not a known kind"),
    (lambda lines: lines + [lines[0]], "Line 4 cannot be restored:"),  # the same twice
    (lambda lines: lines[:1] + ["[1, 2]"], "Line 2 is not an interview (a JSON object)."),
])
def test_a_damaged_file_names_the_line_and_restores_nothing(tmp_path, damage, message):
    small_archive()
    lines = export().decode().splitlines()
    empty_the_archive()
    data = ("\n".join(damage(lines)) + "\n").encode()
    with pytest.raises(CommandError) as error:
        restore_file(tmp_path, data)
    assert message in str(error.value) and "Nothing was restored." in str(error.value)
    assert not Interview.objects.exists() and not Answer.objects.exists()
    assert not Speaker.objects.exists() and not Topic.objects.exists()


def test_a_missing_or_binary_file_gets_a_message(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_jsonl", str(tmp_path / "nowhere.jsonl"))
    (tmp_path / "binary.jsonl").write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(CommandError, match="is not UTF-8 text"):
        call_command("import_jsonl", str(tmp_path / "binary.jsonl"))


def test_the_export_leaves_drafts_out_unless_asked(tmp_path):
    small_archive()
    published = [json.loads(line) for line in export().splitlines()]
    assert {r["restore"]["status"] for r in published} == {"published"}
    everything = [json.loads(line) for line in export("--include-drafts").splitlines()]
    assert {r["title"] for r in everything} - {r["title"] for r in published} == {
        "Wang Yi on Sierra Leone", "A draft with no date"}
    # Undated first, whichever database wrote it.
    assert everything[0]["title"] in {"Wang Yi on Sierra Leone", "A draft with no date"}


def test_a_speech_comes_back_with_its_speaking_country_details_and_passages(tmp_path):
    hua = make_speaker("Hua Chunying", role="Spokesperson", kind="official")
    speech = make_interview(
        "Address by Norway, 77th session of the General Assembly, 2022",
        date=datetime.date(2022, 1, 1), date_precision=Interview.DatePrecision.YEAR,
        kind=Interview.Kind.SPEECH, speaking_country=make_country("NO", "Norway"),
        details={"collection": "UN General Debate Corpus", "session": 77},
    )
    for n in (1, 2):  # one speech in two passages
        Answer.objects.create(interview=speech, position=n, speaker=hua, turn=1, paragraph=n,
                              text=f"Paragraph {n} of the address.")
    before = export()
    empty_the_archive()
    restore_file(tmp_path, before)
    assert export() == before
    speech = Interview.objects.get()
    assert (speech.speaking_country.code, speech.details["session"]) == ("NO", 77)
    assert list(speech.answers.values_list("turn", "paragraph")) == [(1, 1), (1, 2)]
