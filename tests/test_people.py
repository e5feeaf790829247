"""People, not labels: one speaker per person, dated roles, outlets in any language."""

import datetime

import pytest

from archive.models import Outlet, Role, Speaker, SpeakerName
from archive.people import outlet_for, record_role, resolve, resolve_or_create

pytestmark = pytest.mark.django_db

D = datetime.date


# The speaker resolution table: a label as a transcript writes it, the transcript's
# date (and, for an office alone, where it was said) -> the one person it names, from
# the curated officials (fixtures/officials.json) in an empty archive.
@pytest.mark.parametrize(("label", "on", "where", "person"), [
    ("MR. KIRBY", D(2023, 3, 1), "", "John Kirby"),
    ("Admiral John Kirby", D(2023, 3, 1), "", "John Kirby"),
    ("john kirby", None, "", "John Kirby"),
    ("柯比", D(2023, 3, 1), "", "John Kirby"),
    ("THE PRESIDENT", D(2022, 3, 29), "The White House", "Joe Biden"),
    ("THE PRESIDENT", D(2019, 6, 1), "", "Donald Trump"),
    ("THE PRESIDENT", D(2025, 6, 1), "", "Donald Trump"),
    ("THE PRESIDENT", D(2015, 6, 1), "", "Barack Obama"),
    ("THE VICE PRESIDENT", D(2015, 6, 1), "", "Joe Biden"),
    ("THE PRESIDENT", None, "", None),  # the President of when?
    ("PRESIDENT BIDEN", D(2022, 3, 29), "", "Joe Biden"),
    ("PRIME MINISTER LEE", D(2022, 3, 29), "", "Lee Hsien Loong"),
    ("MS. PSAKI", D(2021, 6, 1), "", "Jen Psaki"),
    ("MS. JEAN-PIERRE", D(2023, 6, 1), "", "Karine Jean-Pierre"),
    ("Secretary Blinken", D(2023, 6, 1), "", "Antony Blinken"),
    ("Wang Yi", D(2020, 9, 16), "", "Wang Yi"),
    ("王毅", D(2020, 9, 16), "", "Wang Yi"),
    ("State Councilor and Foreign Minister Wang Yi", D(2020, 9, 16), "", "Wang Yi"),
    ("国务委员兼外长王毅", D(2020, 9, 16), "", "Wang Yi"),
    ("赵立坚", D(2020, 5, 27), "", "Zhao Lijian"),  # by sound: pinyin
    ("ZHAO Lijian", None, "", "Zhao Lijian"),
    ("Foreign Ministry Spokesperson Hua Chunying", D(2021, 3, 1), "", "Hua Chunying"),
    ("汪文斌", D(2021, 3, 1), "", "Wang Wenbin"),
    ("毛宁", D(2023, 3, 1), "", "Mao Ning"),
    ("林剑", D(2024, 3, 1), "", "Lin Jian"),
    ("MR. SMITH", D(2023, 3, 1), "", None),  # nobody of that name
])
def test_a_label_resolves_to_the_one_person_it_names(label, on, where, person):
    found = resolve(label, on=on, where=where)
    assert (found.name if found else None) == person


def test_a_curated_official_becomes_one_speaker_with_names_and_dated_roles():
    first = resolve("王毅", on=D(2020, 9, 16))
    assert resolve("Wang Yi") == resolve("State Councilor and Foreign Minister Wang Yi") == first
    assert first.curated and Speaker.objects.count() == 1
    held = {r.title for r in first.roles.on(D(2020, 9, 16))}
    assert held == {"Minister of Foreign Affairs", "State Councilor and Foreign Minister"}
    assert first.role_on(D(2024, 1, 1)).title == "Minister of Foreign Affairs"


def test_a_family_name_shared_by_two_people_is_settled_by_who_held_office_then():
    john = Speaker.objects.create(name="John Smith")
    record_role(john, "Spokesperson", start=D(2022, 1, 1), end=D(2024, 1, 1))
    mary = Speaker.objects.create(name="Mary Smith")
    record_role(mary, "Spokesperson", start=2010, end=2012)
    assert resolve("MR. SMITH", on=D(2023, 3, 1)) == john
    assert resolve("MS. SMITH", on=D(2011, 3, 1)) == mary
    assert resolve("Smith") is None  # no date: either of them


def test_an_unknown_label_makes_one_speaker_without_titles_and_a_dated_role():
    first = resolve_or_create("Prime Minister Mark Rutte", on=D(2023, 3, 28))
    assert first.name == "Mark Rutte"
    [role] = first.roles.all()
    assert (role.title, role.start, role.end) == ("Prime Minister", D(2023, 3, 28), D(2023, 3, 28))
    again = resolve_or_create("PRIME MINISTER RUTTE", on=D(2023, 3, 28))
    assert again == first
    assert Speaker.objects.count() == 1


def test_roles_recorded_again_widen_their_span_instead_of_repeating():
    speaker = Speaker.objects.create(name="Ana Delegate")
    record_role(speaker, "Minister for Foreign Affairs", start=2019, end=2019)
    record_role(speaker, "Minister for Foreign Affairs", start=2021, end=2021)
    [role] = Role.objects.filter(speaker=speaker)
    assert (role.start, role.end, role.precision) == (D(2019, 1, 1), D(2021, 12, 31), "year")
    assert role.span() == "2019–2021"


def test_name_forms_are_kept_per_language_with_their_sound():
    wang = Speaker.objects.create(name="Wang Yi", aliases=["王毅"])
    forms = {(n.name, n.language, n.sound) for n in SpeakerName.objects.filter(speaker=wang)}
    assert forms == {("Wang Yi", "en", "wangyi"), ("王毅", "zh", "wangyi")}


def test_outlets_in_two_languages_are_one_outlet():
    assert outlet_for("路透社记者") == outlet_for("Reuters") == outlet_for("Reuters reporter")
    assert Outlet.objects.count() == 1
    assert "路透社" in Outlet.objects.get().names
    assert outlet_for("Some Local Gazette").name == "Some Local Gazette"


def test_two_speakers_merged_are_one_and_a_wrong_merge_is_split_again_with_history():
    from archive.ingest.document import Document, Exchange, Turn
    from archive.ingest.load import load_document
    from archive.models import Answer
    from archive.people import merge_speakers, split_speaker

    doc = Document(title="Briefing", exchanges=[Exchange(None, [
        Turn("MS. DOE", "One.", label="MS. DOE"),
        Turn("MR. ROE", "Two.", label="MR. ROE"),
    ])])
    interview = load_document("raw", doc).interview
    doe, roe = (Speaker.objects.get(name=n) for n in ("Doe", "Roe"))
    roe_pk = roe.pk
    merge_speakers(roe, doe)
    assert {a.speaker for a in interview.answers.all()} == {doe}
    assert not Speaker.objects.filter(pk=roe_pk).exists()
    assert "Roe" in Speaker.objects.get(pk=doe.pk).aliases
    answer = Answer.objects.get(text="Two.")
    assert [h.speaker_id for h in answer.history.order_by("history_date")] == [roe_pk, doe.pk]

    split_off = split_speaker(doe, ["MR. ROE"], "Rob Roe")
    assert Answer.objects.get(text="Two.").speaker == split_off
    assert Answer.objects.get(text="One.").speaker == doe
    with pytest.raises(ValueError, match="nothing was changed"):
        split_speaker(doe, ["MR. NOBODY"], "Nobody")
