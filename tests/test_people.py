"""People, not labels: one speaker per person, dated roles, outlets in any language."""

import datetime

import pytest

from archive.models import Outlet, Role, Speaker, SpeakerName
from archive.people import outlet_for, record_role, resolve, resolve_or_create

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def officials():
    kirby = Speaker.objects.create(name="John Kirby", aliases=["约翰·柯比"], kind="official")
    record_role(kirby, "National Security Council Coordinator for Strategic Communications",
                start=D(2022, 5, 20), end=D(2025, 1, 20), organisation="White House")
    biden = Speaker.objects.create(name="Joe Biden", kind="official")
    record_role(biden, "President", start=D(2021, 1, 20), end=D(2025, 1, 20),
                organisation="White House", addressed_as=["THE PRESIDENT"])
    trump = Speaker.objects.create(name="Donald Trump", kind="official")
    record_role(trump, "President", start=D(2017, 1, 20), end=D(2021, 1, 20),
                organisation="White House", addressed_as=["THE PRESIDENT"])
    record_role(trump, "President", start=D(2025, 1, 20), organisation="White House",
                addressed_as=["THE PRESIDENT"], origin="second term")
    wang = Speaker.objects.create(name="Wang Yi", aliases=["王毅"], kind="official")
    record_role(wang, "State Councilor and Foreign Minister", start=2018, end=2022)
    Speaker.objects.create(name="Zhao Lijian", kind="official")
    return {s.name: s for s in Speaker.objects.all()}


@pytest.mark.parametrize(("label", "on", "person"), [
    ("MR. KIRBY", D(2023, 3, 1), "John Kirby"),
    ("Admiral John Kirby", D(2023, 3, 1), "John Kirby"),
    ("john kirby", None, "John Kirby"),
    ("THE PRESIDENT", D(2023, 3, 1), "Joe Biden"),
    ("THE PRESIDENT", D(2019, 6, 1), "Donald Trump"),
    ("THE PRESIDENT", D(2025, 6, 1), "Donald Trump"),
    ("THE PRESIDENT", None, None),  # the President of when?
    ("President Biden", D(2023, 3, 1), "Joe Biden"),
    ("Wang Yi", D(2020, 9, 16), "Wang Yi"),
    ("王毅", D(2020, 9, 16), "Wang Yi"),
    ("State Councilor and Foreign Minister Wang Yi", D(2020, 9, 16), "Wang Yi"),
    ("国务委员兼外长王毅", D(2020, 9, 16), "Wang Yi"),
    ("赵立坚", None, "Zhao Lijian"),  # by sound: pinyin
    ("ZHAO Li-jian", None, "Zhao Lijian"),
    ("MS. PSAKI", D(2021, 6, 1), None),  # nobody of that name yet
])
def test_a_label_resolves_to_the_one_person_it_names(officials, label, on, person):
    found = resolve(label, on=on)
    assert (found.name if found else None) == person


def test_a_family_name_shared_by_two_people_is_settled_by_who_held_office_then(officials):
    other = Speaker.objects.create(name="Mary Kirby")
    record_role(other, "Spokesperson", start=2010, end=2012)
    assert resolve("MR. KIRBY", on=D(2023, 3, 1)).name == "John Kirby"
    assert resolve("MS. KIRBY", on=D(2011, 3, 1)).name == "Mary Kirby"
    assert resolve("Kirby") is None  # no date: either of them


def test_an_unknown_label_makes_one_speaker_without_titles_and_a_dated_role():
    first = resolve_or_create("Prime Minister Lee Hsien Loong", on=D(2023, 3, 28))
    assert first.name == "Lee Hsien Loong"
    [role] = first.roles.all()
    assert (role.title, role.start, role.end) == ("Prime Minister", D(2023, 3, 28), D(2023, 3, 28))
    again = resolve_or_create("PRIME MINISTER LEE", on=D(2023, 3, 28))
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
