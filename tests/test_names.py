"""Names without titles: `split_title` on speaker labels, headlines and the UN speakers
table, and the canonical names of news outlets."""

import pytest

from archive.ingest.names import proper_case, split_parts, split_title
from archive.ingest.outlets import canonical_outlet, known_outlet


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        # White House labels, shouted
        ("MR. KIRBY", "Kirby", ""),
        ("MS. JEAN-PIERRE", "Jean-Pierre", ""),
        ("MS. O’CONNELL", "O’Connell", ""),
        ("SECRETARY MCDONOUGH", "McDonough", "Secretary"),
        ("DR. SHERWOOD-RANDALL", "Sherwood-Randall", ""),
        ("PRIME MINISTER LEE", "Lee", "Prime Minister"),
        ("PRESIDENT VON DER LEYEN", "Von der Leyen", "President"),
        ("THE PRESIDENT", "", "President"),
        ("THE VICE PRESIDENT", "", "Vice President"),
        ("SENIOR ADMINISTRATION OFFICIAL", "", "Senior Administration Official"),
        ("MODERATOR", "", "Moderator"),
        ("ACTING ADMINISTRATOR SLAVITT", "Slavitt", "Acting Administrator"),
        ("SURGEON GENERAL MURTHY", "Murthy", "Surgeon General"),
        ("MS. KING", "King", ""),  # a surname after Ms., not a queen
        # ranks
        ("Admiral John Kirby", "John Kirby", "Admiral"),
        ("VICE ADMIRAL GAUTIER", "Gautier", "Vice Admiral"),
        ("LIEUTENANT GENERAL SIMS", "Sims", "Lieutenant General"),
        ("NSC Coordinator for Strategic Communications Admiral John Kirby", "John Kirby",
         "NSC Coordinator for Strategic Communications"),
        # offices in headlines
        ("State Councilor and Foreign Minister Wang Yi", "Wang Yi",
         "State Councilor and Foreign Minister"),
        ("Foreign Ministry Spokesperson Geng Shuang", "Geng Shuang",
         "Foreign Ministry Spokesperson"),
        ("Prime Minister Lee Hsien Loong of Singapore", "Lee Hsien Loong",
         "Prime Minister of Singapore"),
        ("Secretary of State Antony Blinken", "Antony Blinken", "Secretary of State"),
        ("Commerce Secretary Gina Raimondo", "Gina Raimondo", "Commerce Secretary"),
        ("Senior Director for Europe Amanda Sloat", "Amanda Sloat", "Senior Director for Europe"),
        ("Deputy Prime Minister and Minister of Foreign Affairs Ayman Safadi", "Ayman Safadi",
         "Deputy Prime Minister and Minister of Foreign Affairs"),
        ("Secretary General Guterres", "Guterres", "Secretary General"),
        # the UN speakers table: names and posts
        ("H.E. Mr. Xi Jinping", "Xi Jinping", ""),
        ("HE Mr. Wang Yi", "Wang Yi", ""),
        ("Mr. Joseph R. BIDEN", "Joseph R. Biden", ""),
        ("Mrs. Mia Amor MOTTLEY", "Mia Amor Mottley", ""),
        ("The Honourable Penny Wong", "Penny Wong", ""),
        ("H.E. Sheikh Tamim Bin Hamad Al-Thani", "Tamim Bin Hamad Al-Thani", "Sheikh"),
        ("His Majesty King Abdullah II Ibn Al Hussein", "Abdullah II Ibn Al Hussein", "King"),
        ("President", "", "President"),
        ("Minister for Foreign Affairs", "", "Minister for Foreign Affairs"),
        ("Mr. President", "", "President"),
        # no title at all
        ("Wang Yi", "Wang Yi", ""),
        ("Reuters", "Reuters", ""),
        # Chinese
        ("王毅", "王毅", ""),
        ("外交部发言人赵立坚", "赵立坚", "外交部发言人"),
        ("国务委员兼外长王毅", "王毅", "国务委员兼外长"),
        ("拉夫罗夫外长", "拉夫罗夫", "外长"),
        ("王毅先生", "王毅", ""),
        ("", "", ""),
    ],
)  # fmt: skip
def test_split_title(text, name, role):
    assert split_title(text) == (name, role)


def test_split_parts_keeps_the_place_apart():
    assert split_parts("Prime Minister Lee Hsien Loong of Singapore") == (
        "Lee Hsien Loong", "Prime Minister", "of Singapore",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("shouted", "proper"),
    [
        ("KIRBY", "Kirby"),
        ("MCDONOUGH", "McDonough"),
        ("O’CONNELL", "O’Connell"),
        ("JEAN-PIERRE", "Jean-Pierre"),
        ("URSULA VON DER LEYEN", "Ursula von der Leyen"),
        ("XI Jinping", "Xi Jinping"),
        ("Abdullah II", "Abdullah II"),
        ("J. Biden", "J. Biden"),
        ("Kishida Fumio", "Kishida Fumio"),
    ],
)
def test_proper_case(shouted, proper):
    assert proper_case(shouted) == proper


@pytest.mark.parametrize(
    ("label", "outlet"),
    [
        ("Reuters", "Reuters"),
        ("路透社记者", "Reuters"),
        ("Reuters reporter", "Reuters"),
        ("法新社记者", "AFP"),
        ("Agence France-Presse", "AFP"),
        ("彭博社记者", "Bloomberg"),
        ("美联社记者", "AP"),
        ("Associated Press", "AP"),
        ("The Associated Press", "AP"),
        ("新华社记者", "Xinhua"),
        ("Xinhua News Agency", "Xinhua"),
        ("总台央视记者", "CCTV"),
        ("中央广播电视总台记者", "CCTV"),
        ("总台国广记者", "CRI"),
        ("环球时报记者", "Global Times"),
        ("日本广播协会记者", "NHK"),
        ("凤凰卫视记者", "Phoenix TV"),
        ("韩联社记者", "Yonhap"),
        ("Yonhap News Agency", "Yonhap"),
        ("塔斯社记者", "TASS"),
        ("共同社记者", "Kyodo"),
        ("中新社记者", "China News Service"),
        ("印度报业托拉斯记者", "PTI"),
        ("Shenzhen TV", "Shenzhen TV"),
        ("Harbour Daily", "Harbour Daily"),  # not in the table: kept as written
        ("海港日报记者", "海港日报"),
    ],
)
def test_outlets_in_two_languages_are_one_outlet(label, outlet):
    assert canonical_outlet(label) == outlet


def test_only_outlets_of_the_table_are_known():
    assert known_outlet("the Washington Post") == "The Washington Post"
    assert known_outlet("Channel NewsAsia") == "Channel NewsAsia"
    assert known_outlet("Harbour Daily") == ""
