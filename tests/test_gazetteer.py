"""The gazetteer: which countries a transcript mentions, and which it only seems to."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.ingest.gazetteer import find_countries
from tests.samples import sample

REPO = Path(__file__).resolve().parents[1]
XINHUA = "xinhua-wang-yi-interview-2020-09-16.txt"


def fixture_records():
    return json.loads((REPO / "fixtures" / "countries.json").read_text(encoding="utf-8"))


# --- The fixture -------------------------------------------------------------


def test_fixture_is_a_django_fixture_with_unique_codes_and_slugs():
    records = fixture_records()
    fields = [r["fields"] for r in records]
    assert {r["model"] for r in records} == {"archive.country"}
    assert len({f["code"] for f in fields}) == len(fields) >= 249
    assert len({f["slug"] for f in fields}) == len(fields)
    assert len({r["pk"] for r in records}) == len(records)
    assert all(isinstance(f["aliases"], list) and isinstance(f["demonyms"], list) for f in fields)


def test_fixture_lists_hong_kong_macao_and_taiwan_under_their_own_names():
    names = {r["fields"]["code"]: r["fields"]["name"] for r in fixture_records()}
    assert (names["HK"], names["MO"], names["TW"]) == ("Hong Kong", "Macao", "Taiwan")


def test_fixture_uses_common_names_and_keeps_official_ones():
    by_code = {r["fields"]["code"]: r["fields"] for r in fixture_records()}
    assert by_code["RU"]["name"] == "Russia"
    assert by_code["CN"]["official_name"] == "People's Republic of China"
    assert by_code["OM"]["official_name"] == "Sultanate of Oman"
    assert "美国" in by_code["US"]["aliases"] and "DPRK" in by_code["KP"]["aliases"]
    assert "Kyrgyz" in by_code["KG"]["demonyms"]


def test_build_script_rewrites_the_fixture_identically():
    before = (REPO / "fixtures" / "countries.json").read_bytes()
    subprocess.run(
        [sys.executable, "fixtures/build_countries.py"], cwd=REPO, check=True, capture_output=True
    )
    assert (REPO / "fixtures" / "countries.json").read_bytes() == before


# --- Names, demonyms, abbreviations -------------------------------------------


def test_countries_come_in_order_of_first_mention_without_repeats():
    assert find_countries("Oman and China; China and Oman again.") == ["OM", "CN"]


def test_names_official_names_and_demonyms_all_count():
    assert find_countries("the Sultanate of Oman") == ["OM"]
    assert find_countries("the Republic of Sierra Leone") == ["SL"]
    assert find_countries("Kyrgyz and Kazakh officials met Afghan envoys") == ["KG", "KZ", "AF"]
    assert find_countries("Russians and Americans") == ["RU", "US"]


def test_common_names_and_old_names_count():
    text = "Burma, Swaziland, Ivory Coast, Czech Republic, Turkey, Vatican, Laos, Syria"
    assert find_countries(text) == ["MM", "SZ", "CI", "CZ", "TR", "VA", "LA", "SY"]


def test_typographic_apostrophes_match_like_straight_ones():
    assert find_countries("People’s Republic of China and Côte d’Ivoire") == ["CN", "CI"]


def test_us_pronoun_is_not_the_united_states():
    assert find_countries("Tell us what you think.") == []
    assert find_countries("Tell us what the US thinks.") == ["US"]


def test_us_in_capitals_only_text_counts_after_the_but_not_after_a_verb():
    assert find_countries("LET US KNOW") == []
    assert find_countries("THE US AND CHINA") == ["US", "CN"]


def test_abbreviations_with_dots_count():
    assert find_countries("the U.S. and the U.K.") == ["US", "GB"]
    assert find_countries("U.S.-China trade") == ["US", "CN"]


def test_abbreviations_count_only_in_capitals():
    assert find_countries("the DPRK and the ROK, the PRC and the UAE") == ["KP", "KR", "CN", "AE"]
    assert find_countries("uk dprk rok prc") == []


def test_dollar_amounts_are_not_the_united_states():
    assert find_countries("worth US$5 billion") == []


# --- Compounds ----------------------------------------------------------------


def test_sino_compounds_mean_china_and_the_other_country():
    assert find_countries("Sino-US relations") == ["CN", "US"]
    assert find_countries("Sino-Russian and Sino-Japanese ties") == ["CN", "RU", "JP"]


def test_hyphenated_pairs_name_both_countries():
    assert find_countries("China-Oman relations") == ["CN", "OM"]
    assert find_countries("the DPRK-US summit") == ["KP", "US"]
    assert find_countries("China-France ties") == ["CN", "FR"]


# --- Words that look like countries ------------------------------------------


def test_georgia_the_us_state_is_not_the_country():
    assert find_countries("He lives in Atlanta, Georgia.") == []
    assert find_countries("Georgia's governor signed the bill.") == []
    assert find_countries("the state of Georgia") == []
    assert find_countries("Savannah, Georgia, USA") == ["US"]
    assert find_countries("Georgia Tech won") == []


def test_georgia_the_country_counts_with_evidence():
    assert find_countries("Armenia, Georgia and Azerbaijan") == ["AM", "GE", "AZ"]
    assert find_countries("the China-Georgia free trade agreement") == ["CN", "GE"]
    assert find_countries("He flew to Tbilisi. Georgia is a partner.") == ["GE"]
    assert find_countries("the Georgian Foreign Minister") == ["GE"]


def test_bare_georgia_without_evidence_does_not_count():
    assert find_countries("Georgia voted on Tuesday.") == []


def test_jordan_as_a_persons_name_is_not_the_country():
    assert find_countries("Michael Jordan played") == []
    assert find_countries("Jordan Peterson said") == []
    assert find_countries("Michael B. Jordan said") == []


def test_jordan_the_country_counts():
    assert find_countries("King Abdullah II of Jordan") == ["JO"]
    assert find_countries("Jordan and Egypt") == ["JO", "EG"]
    assert find_countries("In Jordan, refugees") == ["JO"]


def test_chad_as_a_first_name_or_a_lake_is_not_the_country():
    assert find_countries("Chad Smith plays drums") == []
    assert find_countries("Lake Chad is shrinking") == []
    assert find_countries("Chad and Niger") == ["TD", "NE"]


def test_turkey_the_bird_is_not_the_country():
    assert find_countries("roast turkey for dinner") == []
    assert find_countries("Turkey and Syria") == ["TR", "SY"]


def test_longest_name_wins_for_the_guineas():
    assert find_countries("Papua New Guinea") == ["PG"]
    assert find_countries("Equatorial Guinea") == ["GQ"]
    assert find_countries("Guinea-Bissau") == ["GW"]
    assert find_countries("Guinea") == ["GN"]
    assert find_countries("the island of New Guinea") == []


def test_similar_names_stay_apart():
    assert find_countries("Niger and Nigeria") == ["NE", "NG"]
    assert find_countries("Dominica and the Dominican Republic") == ["DM", "DO"]
    assert find_countries("Mali and Somalia") == ["ML", "SO"]
    assert find_countries("Sudan and South Sudan") == ["SD", "SS"]


def test_the_two_congos_are_told_apart_and_bare_congo_is_ambiguous():
    assert find_countries("the Republic of the Congo") == ["CG"]
    assert find_countries("the Democratic Republic of the Congo") == ["CD"]
    assert find_countries("the DRC") == ["CD"]
    assert find_countries("the Congo River") == []


def test_korea_alone_and_the_korean_peninsula_are_not_countries():
    assert find_countries("Korea") == []
    assert find_countries("the Korean Peninsula") == []
    assert find_countries("South Korea and North Korea") == ["KR", "KP"]
    assert find_countries("South Korean and North Korean officials") == ["KR", "KP"]


def test_chinese_taipei_hong_kong_and_macao_are_their_own_entries():
    assert find_countries("Chinese Taipei") == ["TW"]
    assert find_countries("Hong Kong and Macau") == ["HK", "MO"]
    assert find_countries("Macao") == ["MO"]


def test_us_states_and_australian_states_are_not_countries():
    assert find_countries("New Mexico, New Jersey and New South Wales") == []


def test_indian_ocean_and_american_indians_are_not_india():
    assert find_countries("the Indian Ocean") == []
    assert find_countries("American Indian tribes") == []
    assert find_countries("India and Indian exports") == ["IN"]


def test_regions_named_after_america_are_not_the_united_states():
    assert find_countries("Latin America and South America") == []
    assert find_countries("the Americas") == []
    assert find_countries("America's allies") == ["US"]


def test_seas_named_after_china_are_not_china():
    assert find_countries("freedom of navigation in the South China Sea") == []


def test_a_capital_standing_for_its_government_is_the_country():
    assert find_countries("Washington and Beijing") == ["US", "CN"]
    assert find_countries("Beijing's position is clear.") == ["CN"]
    assert find_countries("莫斯科和北京") == ["RU", "CN"]


def test_a_capital_inside_a_longer_name_is_not_the_country():
    assert find_countries("The Beijing Youth Daily asked about George Washington.") == []
    assert find_countries("as the Washington Post reported") == []


def test_names_in_capitals_count():
    assert find_countries("CHINA AND RUSSIA") == ["CN", "RU"]


# --- Chinese ---------------------------------------------------------------


def test_chinese_names_and_side_forms_count():
    assert find_countries("美国总统称") == ["US"]
    assert find_countries("美方扬言对中方实施制裁") == ["US", "CN"]
    assert find_countries("俄罗斯、赞比亚和布隆迪") == ["RU", "ZM", "BI"]
    assert find_countries("香港、澳门和台湾") == ["HK", "MO", "TW"]


def test_chinese_pairs_name_both_countries():
    assert find_countries("中俄关系") == ["CN", "RU"]
    assert find_countries("中美双方") == ["CN", "US"]
    assert find_countries("中俄蒙三国") == ["CN", "RU", "MN"]


def test_chinese_words_hiding_a_short_name_do_not_count():
    assert find_countries("中美洲国家") == []
    assert find_countries("完美方案") == []
    assert find_countries("在会谈中越来越多") == []
    assert find_countries("中老年人") == []
    assert find_countries("朝鲜半岛和内蒙古") == []
    assert find_countries("印度洋") == []
    assert find_countries("南海地区") == []


def test_chinese_among_them_is_not_china():
    assert find_countries("其中俄罗斯表示") == ["RU"]


# --- Input and options --------------------------------------------------------


@pytest.mark.parametrize("text", [None, 123, "", "\x00\ud800", "(" * 1000, "中" * 1000])
def test_arbitrary_input_never_raises(text):
    assert find_countries(text) == []


def test_countries_can_be_passed_as_dicts_or_objects():
    class Row:
        code, name, official_name, aliases, demonyms = "XX", "Freedonia", "", ["FDN"], []

    rows = [{"code": "YY", "name": "Sylvania", "demonyms": ["Sylvanian"]}, Row()]
    assert find_countries("Sylvanians and FDN, Freedonia", countries=rows) == ["YY", "XX"]


# --- Sample transcripts -----------------------------------------------------


def test_xinhua_interview_mentions_the_countries_visited_and_discussed():
    codes = find_countries(sample(XINHUA))
    # Visited: RU KZ KG MN; the US (Indo-Pacific question); Afghan talks in Qatar;
    # Tajikistan's coming elections.
    assert set(codes) == {"CN", "RU", "KZ", "KG", "MN", "US", "AF", "QA", "TJ"}


def test_chinese_briefing_mentions_its_countries():
    text = sample("009_mfa-zh_2020-05-27_zhao-lijian_regular.txt")
    assert find_countries(text) == ["RU", "CN", "US", "HK", "BI", "ZM", "IN"]


def test_white_house_press_conference_mentions_its_countries():
    text = sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt")
    assert set(find_countries(text)) == set("SG US CN KP MM UA RU TR FR DE GB".split())
