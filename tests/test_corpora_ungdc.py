"""The UN General Debate Corpus read into statements: country, session, year, speaker
and post, title, paragraphs; strays skipped and bad files refused, each with a reason."""

import datetime

import pytest

from archive.ingest.corpora.countries import UnknownCountry, speaking_country
from archive.ingest.corpora.entries import Refused, Skipped, Statement
from archive.ingest.corpora.speakers import clean_name, clean_post, read_speakers_table
from archive.ingest.corpora.ungdc import ordinal, read_ungdc, title
from archive.ingest.document import Kind
from tests.corpora import speakers_xlsx, write_folder, write_tar_xz

TXT = "ungdc/TXT"
ROWS = [
    (2022, 77, "USA", "United States of America", "Mr. Joseph R. BIDEN ", "President"),
    (1970, 25, "RUS", "Union of Soviet Socialist Republics", "Mr. GROMYKO", None),
    (1985, 40, "YDYE ", "Democratic Yemen", "Mr. Imayah", None),
    (1969, 24, "CMR", "Cameroon", "Mr. NJINE", None),
    (1969, 24, "CMR", "Cameroon", "Mr. AHIDJO", "President"),
    (1958, 13, "BGR", "Bulgaria", "Mr. Lukanov", None),
    (1958, 13, "BGR", "Bulgaria", "Mr. LUKANOV ", None),
]
SPEECH = "First paragraph of the address.\nSecond  paragraph,\twith odd spacing.\n\n52. Third.\n"


def collection(**extra):
    files = {
        f"{TXT}/Session 77 - 2022/USA_77_2022.txt": SPEECH,
        f"{TXT}/Session 25 - 1970/RUS_25_1970.txt": "Address.\n",
        f"{TXT}/Session 40 - 1985/YMD_40_1985.txt": "Address.\n",
        f"{TXT}/Session 24 - 1969/CMR_24_1969.txt": "Address.\n",
        f"{TXT}/Session 13 - 1958/BGR_13_1958.txt": "Address.\n",
        f"{TXT}/Session 13 - 1958/YUG_13_1958.txt": "Address.\n",
        f"{TXT}/Session 35 - 1980/.Rhistory": "library(quanteda)\n",
        f"{TXT}/Session 47 - 1992/.DS_Store-to-UTF-8.txt": "Bud1\n",
        f"{TXT}/Session 47 - 1992/CAN_47_1992.txt": "",
        f"{TXT}/Session 47 - 1992/FRA_47_1992.txt": "la d\xe9l\xe9gation".encode("latin-1"),
        f"{TXT}/Session 47 - 1992/XXX_47_1992.txt": "Address.\n",
        f"{TXT}/Session 47 - 1992/notes.txt": "Address.\n",
        "ungdc/README.txt": "How to cite.\n",
        "ungdc/Speakers_by_session.xlsx": speakers_xlsx(ROWS),
    }
    files.update(extra)
    return files


@pytest.fixture(params=["tar", "folder"])
def entries(request, tmp_path):
    """Everything read from the small collection, as a tar and as a folder."""
    files = collection()
    if request.param == "tar":
        path = write_tar_xz(tmp_path / "ungdc.tar.xz", files)
    else:
        path = write_folder(tmp_path / "unpacked", files)
    return {e.path: e for e in read_ungdc(path)}


def test_a_speech_has_its_country_session_year_speaker_post_and_title(entries):
    speech = entries[f"{TXT}/Session 77 - 2022/USA_77_2022.txt"]
    assert isinstance(speech, Statement)
    doc = speech.document
    assert doc.title == (
        "Address by Joseph R. Biden, United States, 77th session of the General Assembly, 2022"
    )
    assert doc.kind == Kind.SPEECH
    assert (speech.date, speech.date_precision, speech.session) == (
        datetime.date(2022, 1, 1), "year", 77)
    assert speech.speaking_country == "US"
    assert [(s.name, s.role) for s in doc.speakers] == [("Joseph R. Biden", "President")]
    assert speech.source == "UN General Debate Corpus"
    assert doc.warnings == []


def test_a_speech_keeps_its_exact_text_and_every_line_becomes_a_paragraph(entries):
    speech = entries[f"{TXT}/Session 77 - 2022/USA_77_2022.txt"]
    assert speech.raw_text == SPEECH
    assert speech.paragraphs == [
        "First paragraph of the address.", "Second paragraph, with odd spacing.", "52. Third.",
    ]
    assert " ".join(speech.paragraphs).split() == SPEECH.split()
    (exchange,) = speech.document.exchanges
    assert exchange.question is None
    assert [t.speaker for t in exchange.answers] == ["Joseph R. Biden"]


def test_the_title_names_the_country_as_it_was_called_that_year(entries):
    soviet = entries[f"{TXT}/Session 25 - 1970/RUS_25_1970.txt"]
    assert soviet.speaking_country == "RU"
    assert soviet.document.title == (
        "Address by Gromyko, Soviet Union, 25th session of the General Assembly, 1970")


def test_historic_codes_are_countries_and_the_tables_code_typos_are_mended(entries):
    yemen = entries[f"{TXT}/Session 40 - 1985/YMD_40_1985.txt"]  # the table says "YDYE "
    assert yemen.speaking_country == "YD"
    assert yemen.document.speakers[0].name == "Imayah"
    assert entries[f"{TXT}/Session 13 - 1958/YUG_13_1958.txt"].speaking_country == "YU"


def test_without_a_row_the_title_names_the_country_alone_and_says_so(entries):
    yugoslavia = entries[f"{TXT}/Session 13 - 1958/YUG_13_1958.txt"]
    assert yugoslavia.document.title == (
        "Address by Yugoslavia, 13th session of the General Assembly, 1958")
    assert yugoslavia.document.speakers[0].name == "Representative of Yugoslavia"
    assert yugoslavia.document.warnings == [
        "The speakers table has no row for YUG at session 13."]


def test_two_rows_naming_two_people_name_neither_but_the_same_person_twice_is_one(entries):
    cameroon = entries[f"{TXT}/Session 24 - 1969/CMR_24_1969.txt"]
    assert cameroon.document.title.startswith("Address by Cameroon, 24th session")
    assert "names Njine and Ahidjo" in cameroon.document.warnings[0]
    bulgaria = entries[f"{TXT}/Session 13 - 1958/BGR_13_1958.txt"]
    assert bulgaria.document.speakers[0].name == "Lukanov"


def test_strays_are_skipped_and_bad_files_refused_each_with_a_reason(entries):
    def reason(name, kind):
        entry = entries[name]
        assert isinstance(entry, kind), entry
        return entry.reason

    assert "R session" in reason(f"{TXT}/Session 35 - 1980/.Rhistory", Skipped)
    assert "macOS" in reason(f"{TXT}/Session 47 - 1992/.DS_Store-to-UTF-8.txt", Skipped)
    assert reason(f"{TXT}/Session 47 - 1992/CAN_47_1992.txt", Skipped) == "an empty file"
    assert "notes" in reason("ungdc/README.txt", Skipped)
    assert "7 rows" in reason("ungdc/Speakers_by_session.xlsx", Skipped)
    assert "not UTF-8" in reason(f"{TXT}/Session 47 - 1992/FRA_47_1992.txt", Refused)
    assert "'XXX'" in reason(f"{TXT}/Session 47 - 1992/XXX_47_1992.txt", Refused)
    assert "not named like a speech" in reason(f"{TXT}/Session 47 - 1992/notes.txt", Refused)
    assert len(entries) == len(collection())


def test_without_the_speakers_table_speeches_are_read_and_say_what_is_missing(tmp_path):
    files = collection()
    del files["ungdc/Speakers_by_session.xlsx"]
    found = {e.path: e for e in read_ungdc(write_folder(tmp_path / "c", files))}
    speech = found[f"{TXT}/Session 77 - 2022/USA_77_2022.txt"]
    assert speech.document.title.startswith("Address by United States, 77th")
    assert "No speakers table" in speech.document.warnings[0]


def test_a_speakers_table_that_is_not_one_is_refused_and_the_speeches_still_read(tmp_path):
    files = collection(**{"ungdc/Speakers_by_session.xlsx": b"not a workbook"})
    found = {e.path: e for e in read_ungdc(write_folder(tmp_path / "c", files))}
    assert isinstance(found["ungdc/Speakers_by_session.xlsx"], Refused)
    assert isinstance(found[f"{TXT}/Session 77 - 2022/USA_77_2022.txt"], Statement)


def test_the_speakers_table_is_found_by_its_column_titles_in_any_order():
    header = ["Post", "Name of Person Speaking", "Country", "ISO Code", "Session", "Year"]
    table = read_speakers_table(speakers_xlsx([("King", "ABDULLAH II", "Jordan", "JOR", 79,
                                                2024)], header=header))
    assert table.speaker("JOR", 79).name == "Abdullah II"
    assert table.speaker("JOR", 79).post == "King"
    with pytest.raises(ValueError, match="no sheet has the columns"):
        read_speakers_table(speakers_xlsx([], header=["Year", "Session"]))


def test_rows_filed_under_another_countrys_code_are_moved_to_the_right_one():
    table = read_speakers_table(speakers_xlsx([
        (2001, 56, "CHE", "Sweden", "Anna Lindh", "Minister for Foreign Affairs"),
        (2001, 56, "SWE", "Swaziland", "Clifford Sibusiso Mamba", "UN Representative"),
    ]))  # fmt: skip
    assert table.speaker("SWE", 56).name == "Anna Lindh"
    assert table.speaker("SWZ", 56).name == "Clifford Sibusiso Mamba"
    assert table.speaker("CHE", 56).name == ""


@pytest.mark.parametrize("n, expected", [
    (1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (13, "13th"),
    (21, "21st"), (22, "22nd"), (23, "23rd"), (77, "77th"), (101, "101st"), (111, "111th"),
])  # fmt: skip
def test_ordinals(n, expected):
    assert ordinal(n) == expected


def test_the_title_without_a_speaker_names_the_country():
    assert title("", "Uzbekistan", 70, 2015) == (
        "Address by Uzbekistan, 70th session of the General Assembly, 2015")


@pytest.mark.parametrize("raw, name", [
    ("Mr. ROJAS GALDAMES", "Rojas Galdames"),
    ("MRS. INDIRA GANDHI", "Indira Gandhi"),
    ("H.E. Mr. Antonio Isaac MONTEIRO ", "Antonio Isaac Monteiro"),
    ("H.M. King FREDERIK IX ", "King Frederik IX"),
    ("Sheikh Hamad bin Khalifa\nAl-Thani,", "Sheikh Hamad bin Khalifa Al-Thani"),
    ("Sheikh Hasina", "Sheikh Hasina"),
    ("U Kyaw Tint Swe", "U Kyaw Tint Swe"),
    ("Dr. Lotay Tshering, MBBS, MD", "Dr. Lotay Tshering"),
    ("Mr. Scott Morrison, MP", "Scott Morrison"),
    ("Joseph R. Biden, Jr", "Joseph R. Biden, Jr"),
    ("JOSE EDUARDO DOS SANTOS", "Jose Eduardo dos Santos"),
    ("Mr. AL-SABAH ", "Al-Sabah"),
    ("O'BRIEN", "O'Brien"),
    ("Mr. MOTEE'A", "Motee'a"),
    ("XI JINPING", "Xi Jinping"),
    ("\u0392EMANANJARA", "Bemananjara"),  # a Greek capital beta from OCR
    ("Mr. J\u0435\u0430n-Claude Gakosso", "Jean-Claude Gakosso"),  # Cyrillic e and a
    ("Ivan Ga\x9aparovi\u010d", "Ivan Ga\u0161parovi\u010d"),  # Windows-1252 read as Latin-1
    ("Mr; Eric Gairy", "Eric Gairy"),
    ("Mr. DHANABALAN:", "Dhanabalan"),
    ("Mr. Cujba (first name not provided)", "Cujba"),
    ("", ""),
])  # fmt: skip
def test_names_are_cleaned_into_the_names_people_are_known_by(raw, name):
    assert clean_name(raw) == name


@pytest.mark.parametrize("raw, post", [
    ("PRIME MINISTER", "Prime Minister"),
    ("CHAIRMAN OF THE SUPREME COUNCIL", "Chairman of the Supreme Council"),
    ("Minister for Foregn Affairs", "Minister for Foreign Affairs"),
    ("Minister of Foreign Affairs ", "Minister of Foreign Affairs"),
    ("", ""),
])  # fmt: skip
def test_posts_are_tidied(raw, post):
    assert clean_post(raw) == post


# Every code the shipped collection's file names use (a list of ISO codes, not its text).
CORPUS_CODES = """AFG AGO ALB AND ARE ARG ARM ATG AUS AUT AZE BDI BEL BEN BFA BGD BGR BHR BHS BIH
BLR BLZ BOL BRA BRB BRN BTN BWA CAF CAN CHE CHL CHN CIV CMR COD COG COL COM CPV CRI CSK CUB CYP
CZE DDR DEU DJI DMA DNK DOM DZA ECU EGY ERI ESP EST ETH EU FIN FJI FRA FSM GAB GBR GEO GHA GIN GMB
GNB GNQ GRC GRD GTM GUY HND HRV HTI HUN IDN IND IRL IRN IRQ ISL ISR ITA JAM JOR JPN KAZ KEN KGZ KHM
KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT
MMR MNE MNG MOZ MRT MUS MWI MYS NAM NER NGA NIC NLD NOR NPL NRU NZL OMN PAK PAN PER PHL PLW PNG POL
PRK PRT PRY PSE QAT ROU RUS RWA SAU SDN SEN SGP SLB SLE SLV SMR SOM SRB SSD STP SUR SVK SVN SWE SWZ
SYC SYR TCD TGO THA TJK TKM TLS TON TTO TUN TUR TUV TZA UGA UKR URY USA UZB VAT VCT VEN VNM VUT WSM
YEM YMD YUG ZAF ZMB ZWE""".split()


def test_every_code_of_the_collection_is_a_country_of_the_archive():
    codes = {code: speaking_country(code, 2000).code for code in CORPUS_CODES}
    assert len(set(codes.values())) == len(CORPUS_CODES)
    assert {c: codes[c] for c in ("YUG", "CSK", "DDR", "YMD", "EU")} == {
        "YUG": "YU", "CSK": "CS", "DDR": "DD", "YMD": "YD", "EU": "EU"}


@pytest.mark.parametrize("code, year, country, name", [
    ("CHN", 1950, "TW", "Republic of China"),
    ("CHN", 1972, "CN", "China"),
    ("DEU", 1985, "DE", "West Germany"),
    ("DEU", 1991, "DE", "Germany"),
    ("COD", 1980, "CD", "Zaire"),
    ("TUR", 2021, "TR", "Turkey"),
    ("TUR", 2022, "TR", "Türkiye"),
    ("YUG", 2004, "YU", "Serbia and Montenegro"),
    ("EU", 2011, "EU", "European Union"),
])  # fmt: skip
def test_the_country_speaking_and_its_name_that_year(code, year, country, name):
    found = speaking_country(code, year)
    assert (found.code, found.name_then) == (country, name)


def test_an_unknown_code_is_a_clear_error():
    with pytest.raises(UnknownCountry, match="'XXX' is not an ISO 3166 alpha-3 code"):
        speaking_country("XXX", 2000)
