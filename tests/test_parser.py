"""The transcript parser: text in, `Document` out. No database.

Read top to bottom, this is the parser's specification: the golden Xinhua interview,
the real third-party samples, then one convention at a time on small inline texts.
"""

import datetime
import re
from collections import Counter
from pathlib import Path

import pytest

from archive.ingest.document import Kind
from archive.ingest.parser import parse
from tests.golden import assert_matches_golden
from tests.samples import sample

REPO = Path(__file__).resolve().parents[1]
XINHUA = REPO / "fixtures" / "transcripts" / "xinhua-wang-yi-interview-2020-09-16.txt"
GOLDEN = REPO / "tests" / "data" / "xinhua-wang-yi-interview-2020-09-16.json"


def questions(doc):
    return [e.question for e in doc.exchanges if e.question]


def answers(doc):
    return [a for e in doc.exchanges for a in e.answers]


def turns(doc):
    return [t for e in doc.exchanges for t in ([e.question] if e.question else []) + e.answers]


# --- The Xinhua interview: the golden file is the spec ---------------------------------


@pytest.fixture(scope="module")
def xinhua():
    return parse(XINHUA.read_text(encoding="utf-8"))


def test_xinhua_matches_the_golden_file_exactly(xinhua):
    assert_matches_golden(xinhua.as_json(), GOLDEN)


def test_xinhua_has_six_questions_each_answered_by_wang_yi(xinhua):
    assert len(xinhua.exchanges) == 6
    for exchange in xinhua.exchanges:
        assert exchange.question.speaker == "Reporter"
        assert [a.speaker for a in exchange.answers] == ["Wang Yi"]


def test_xinhua_speakers_and_roles_come_from_labels_and_headline(xinhua):
    assert [(s.name, s.role) for s in xinhua.speakers] == [
        ("Reporter", ""),
        ("Wang Yi", "State Councilor and Foreign Minister"),
    ]


def test_xinhua_first_question_spans_two_paragraphs(xinhua):
    first = xinhua.exchanges[0].question.text.split("\n\n")
    assert len(first) == 2
    assert first[0].startswith("With the current global epidemic situation")
    assert first[1].startswith("What issues were discussed")


def test_xinhua_dateline_gives_day_and_place_but_no_year(xinhua):
    assert xinhua.date is None
    assert xinhua.as_json()["partial_date"] == "--09-16"
    assert xinhua.location == "Beijing"
    assert any("year is missing" in w for w in xinhua.warnings)


def test_xinhua_numbering_is_not_part_of_the_questions(xinhua):
    # The file numbers questions "1.", "2.", none, none, "V.", "6.".
    texts = [q.text for q in questions(xinhua)]
    assert texts[1].startswith("What results have been achieved")
    assert texts[4].startswith("The United States seeks")
    assert not any(re.match(r"(\d+|V)\.", t) for t in texts)


def test_xinhua_preamble_is_the_dateline_and_the_lead_in(xinhua):
    assert len(xinhua.preamble) == 2
    assert xinhua.preamble[0].startswith("Xinhua News Agency, Beijing, September 16-")
    assert xinhua.preamble[1] == "The content is as follows:"


def test_xinhua_countries_and_a_phrase_in_the_last_answer(xinhua):
    assert {"CN", "RU", "KZ", "KG", "MN", "US", "AF", "QA", "TJ"} <= set(xinhua.countries)
    assert "37 million Afghan people" in xinhua.exchanges[5].answers[0].text
    assert xinhua.kind == Kind.INTERVIEW
    assert xinhua.language == "en"


# --- The other real transcripts (read from shared/samples, never copied) ------------------


def test_mfa_english_q_and_a_are_attributed_to_the_headline_spokesperson():
    doc = parse(sample("001_mfa-en_2018-05-11_geng-shuang_regular.txt"))
    assert doc.kind == Kind.PRESS_CONFERENCE
    assert doc.date == datetime.date(2018, 5, 11)
    assert len(questions(doc)) == 10
    assert {q.speaker for q in questions(doc)} == {"Reporter"}
    assert {a.speaker for a in answers(doc)} == {"Geng Shuang"}
    assert [(s.name, s.role) for s in doc.speakers] == [
        ("Geng Shuang", "Foreign Ministry Spokesperson"),
        ("Reporter", ""),
    ]
    assert doc.preamble == []
    assert {"SL", "OM", "FR", "ES", "AR", "KP", "JP"} <= set(doc.countries)


def test_mfa_english_announcements_before_the_first_question_are_opening_remarks():
    doc = parse(sample("001_mfa-en_2018-05-11_geng-shuang_regular.txt"))
    opening = doc.exchanges[0]
    assert opening.question is None
    assert [a.speaker for a in opening.answers] == ["Geng Shuang"]
    paragraphs = opening.answers[0].text.split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("At the invitation of President Julius Maada")
    assert doc.exchanges[1].question.text.startswith("You just announced State Councilor")
    assert doc.exchanges[-1].answers[0].text.startswith("We have noted relevant reports.")


def test_mfa_outlet_labels_are_askers():
    doc = parse(sample("005_mfa-en_2020-05-14_zhao-lijian_outlet-labels.txt"))
    assert doc.date == datetime.date(2020, 5, 14)
    assert [q.speaker for q in questions(doc)] == [
        "CCTV", "AFP", "Beijing Media Network", "RIA Novosti", "Shenzhen TV",
        "Xinhua News Agency", "Yonhap News Agency", "Beijing Youth Daily", "AFP",
        "China News Service", "CRI", "CNR", "AFP", "China Daily", "Reuters",
    ]  # fmt: skip
    assert len(doc.exchanges) == 15
    assert {a.speaker for a in answers(doc)} == {"Zhao Lijian"}
    assert doc.exchanges[0].answers[0].text.startswith("The 73rd WHA will be held")
    assert doc.exchanges[0].answers[0].text.count("\n\n") == 2
    assert {"TW", "US", "KR", "AF"} <= set(doc.countries)


def test_mfa_chinese_full_width_labels_and_chinese_dates():
    doc = parse(sample("009_mfa-zh_2020-05-27_zhao-lijian_regular.txt"))
    assert doc.language == "zh"
    assert doc.kind == Kind.PRESS_CONFERENCE
    assert doc.title == "2020年5月27日外交部发言人赵立坚主持例行记者会"
    assert doc.date == datetime.date(2020, 5, 27)
    assert doc.preamble == ["2020-05-27"]
    assert [q.speaker for q in questions(doc)] == [
        "总台央视记者", "路透社记者", "总台国广记者", "中新社记者", "彭博社记者", "路透社记者",
        "印度报业托拉斯记者",
    ]  # fmt: skip
    assert {a.speaker for a in answers(doc)} == {"赵立坚"}
    assert ("赵立坚", "外交部发言人") in [(s.name, s.role) for s in doc.speakers]
    assert doc.exchanges[0].question.text.startswith("俄罗斯外长拉夫罗夫昨天表示")
    assert doc.exchanges[3].answers[0].text.count("\n\n") == 1
    assert {"RU", "US", "BI", "ZM", "IN"} <= set(doc.countries)


def test_un_speech_without_labels_is_one_answer_by_an_unknown_speaker():
    doc = parse(sample("013_unga-gd_2022_CHN_wang-yi.txt"))
    assert doc.kind == Kind.SPEECH
    assert doc.title == ""  # the file starts with the speech itself
    assert len(doc.exchanges) == 1
    speech = doc.exchanges[0]
    assert speech.question is None
    assert [a.speaker for a in speech.answers] == ["Unknown"]
    paragraphs = speech.answers[0].text.split("\n\n")
    # 40 lines, three of which are wrapped tails of the line before.
    assert len(paragraphs) == 37
    assert paragraphs[0].startswith(
        "We are at a time fraught with challenges. The coronavirus disease (COVID-19) keeps"
    )
    assert paragraphs[9].endswith("the vast majority of countries.")
    assert paragraphs[-1].startswith("Next month, the CPC will convene")
    assert doc.date is None
    assert {"CN", "UA", "AF", "TW"} <= set(doc.countries)


def test_white_house_joint_press_conference():
    doc = parse(sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt"))
    assert doc.kind == Kind.JOINT_PRESS_CONFERENCE
    assert doc.location == "East Room"
    assert doc.preamble == ["East Room", "1:28 P.M. EDT", "1:42 P.M. EDT"]
    assert doc.date is None  # the transcript itself carries no date
    assert [(s.name, s.role) for s in doc.speakers] == [
        ("President Biden", "President"),
        ("Prime Minister Lee", "Prime Minister"),
        ("Reporter", ""),
    ]
    # One question each leader agreed to take; hand-offs and thanks are no questions.
    assert len(questions(doc)) == 2
    assert doc.as_json()["questions"] == 2
    opening = doc.exchanges[0]
    assert opening.question is None
    assert [(a.speaker, a.kind) for a in opening.answers] == [
        ("President Biden", "statement"),
        ("Prime Minister Lee", "statement"),
        ("President Biden", "procedural"),
    ]
    assert {"SG", "US", "UA", "RU", "KP", "MM"} <= set(doc.countries)


def test_white_house_questions_are_answered_by_both_leaders():
    doc = parse(sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt"))
    first = doc.exchanges[1]
    assert first.question.text.startswith("Thank you, Mr. President. What is your view")
    assert (first.question.name, first.question.outlet) == ("Darlene Superville", "AP")
    assert [(a.speaker, a.kind) for a in first.answers] == [
        ("President Biden", "answer"),
        ("Prime Minister Lee", "procedural"),  # "I call on Dawn Tan, Channel NewsAsia."
    ]
    assert first.answers[0].text.startswith("We’ll see. I don’t read anything")


def test_white_house_an_interrupted_question_and_its_resumption_are_one():
    doc = parse(sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt"))
    second = doc.exchanges[2]
    assert second.question.text.startswith("Good afternoon, Mr. President. Good afternoon —")
    assert "\n\nOh. Good afternoon, Mr. President." in second.question.text
    assert (second.question.name, second.question.outlet) == ("Dawn Tan", "Channel NewsAsia")
    # "Use the mic." came between the two parts; the thanks at the end follow the answer.
    assert [(a.text, a.kind) for a in second.answers[:1]] == [("Use the mic.", "procedural")]
    assert second.answers[1].text.startswith("I think if you put it at a very broad level")
    assert {a.kind for a in second.answers[2:]} == {"procedural"}
    assert all(a.courtesy for a in second.answers[2:])


def test_white_house_a_laugh_is_marked_in_the_turn_before_it_not_a_turn():
    doc = parse(sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt"))
    assert not any(t.text == "(Laughs.)" for t in doc.turns)
    [turn] = [t for t in doc.turns if t.stage_directions]
    [laugh] = turn.stage_directions
    assert turn.kind == "question" and turn.text.endswith("\n\n(Laughs.)")
    assert (turn.text[laugh.start : laugh.end], laugh.label) == ("(Laughs.)", "PRESIDENT BIDEN")


def test_white_house_names_without_titles():
    doc = parse(sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt"))
    officials = {(t.label, t.name, t.role) for t in doc.turns if not t.asker}
    assert officials == {
        ("PRESIDENT BIDEN", "Biden", "President"),
        ("PRIME MINISTER LEE", "Lee Hsien Loong", "Prime Minister"),
    }


def test_white_house_hard_wrapped_lines_are_joined_within_paragraphs():
    doc = parse(sample("018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt"))
    welcome = doc.exchanges[0].answers[0].text
    assert welcome.startswith("Welcome back to the White House. I’m honored to welcome Prime")
    assert welcome.split("\n\n")[-1] == "The floor is yours."
    assert all("\n" not in p for t in turns(doc) for p in t.text.split("\n\n"))
    assert doc.exchanges[-1].answers[-1].text == "Thank you, gentlemen."


# --- Nothing is lost ---------------------------------------------------------------------

# A Chinese character is a word, also next to digits or Latin letters ("0一" is two).
_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_\u3400-\u9fff\uf900-\ufaff]+")
_NUMBERING = re.compile(r"\d{1,3}|[ivx]{1,5}|q\d{1,3}")  # "1.", "IV.", "Q1."


def words(text):
    return Counter(w.casefold() for w in _WORD.findall(text))


def assert_nothing_lost(source):
    """Title, preamble, and each turn's label and text hold every word of the source
    but the numbering before labels ("1.", "V."), and nothing else; the exchanges
    hold the same turns."""
    doc = parse(source)
    folded = [d.label for t in doc.turns for d in t.stage_directions if d.label]
    kept = words("\n".join([doc.title, *doc.preamble, *folded,
                            *(f"{t.label} {t.text}" for t in doc.turns)]))  # fmt: skip
    missing, invented = words(source) - kept, kept - words(source)
    assert all(_NUMBERING.fullmatch(w) for w in missing), missing
    assert sum(missing.values()) <= len(doc.turns)
    assert not invented, invented
    assert words("\n".join(t.text for t in turns(doc))) == words(
        "\n".join(t.text for t in doc.turns)
    )


@pytest.mark.parametrize(
    "name",
    [
        "001_mfa-en_2018-05-11_geng-shuang_regular.txt",
        "005_mfa-en_2020-05-14_zhao-lijian_outlet-labels.txt",
        "009_mfa-zh_2020-05-27_zhao-lijian_regular.txt",
        "013_unga-gd_2022_CHN_wang-yi.txt",
        "018_wh_2022-03-29_biden-lee-hsien-loong_joint-pc.txt",
    ],
)
def test_no_word_of_a_sample_is_lost(name):
    assert_nothing_lost(sample(name))


def test_no_word_of_the_xinhua_interview_is_lost():
    assert_nothing_lost(XINHUA.read_text(encoding="utf-8"))


# --- Label conventions -----------------------------------------------------------------

HEADLINE = "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on May 2, 2019"


def only_exchange(text):
    doc = parse(text)
    assert len(doc.exchanges) == 1, doc.as_json()
    return doc.exchanges[0]


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Reporter: Is it true?", "Reporter"),
        ("Q: Is it true?", "Reporter"),
        ("Q Is it true?", "Reporter"),  # White House: a bare Q, no colon
        ("Q\u00a0\u00a0 Is it true?", "Reporter"),
        ("QUESTION: Is it true?", "Reporter"),
        ("问：是真的吗？", "Reporter"),
        ("AFP: Is it true?", "AFP"),
        ("Reuters: Is it true?", "Reuters"),
        ("Beijing Media Network: Is it true?", "Beijing Media Network"),
        ("路透社记者：是真的吗？", "路透社记者"),
    ],
)
def test_question_labels(line, speaker):
    exchange = only_exchange(f"Title\n\n{line}\n\nMR. KIRBY: Yes.")
    assert exchange.question.speaker == speaker
    assert not exchange.question.text.startswith(("Q", ":", "："))


@pytest.mark.parametrize(
    ("line", "speaker"),
    [
        ("Wang Yi: Yes.", "Wang Yi"),
        ("PRESIDENT BIDEN: Yes.", "President Biden"),
        ("MR. KIRBY: Yes.", "Mr. Kirby"),
        ("THE PRESIDENT: Yes.", "The President"),
        ("A: Yes.", "Hua Chunying"),  # named only in the headline
        ("答：是的。", "Hua Chunying"),
    ],
)
def test_answer_labels(line, speaker):
    exchange = only_exchange(f"{HEADLINE}\n\nQ: Is it true?\n\n{line}")
    assert [a.speaker for a in exchange.answers] == [speaker]
    assert exchange.answers[0].text in ("Yes.", "是的。")


def test_chinese_headline_names_the_spokesperson_for_answers():
    doc = parse("2020年5月27日外交部发言人赵立坚主持例行记者会\n\n问：有何评论？\n答：注意到了。")
    assert [(s.name, s.role) for s in doc.speakers] == [
        ("Reporter", ""),
        ("赵立坚", "外交部发言人"),
    ]
    assert doc.exchanges[0].answers[0].text == "注意到了。"


def test_answers_without_a_named_official_are_unknown_and_warned_about():
    doc = parse("Some press conference\n\nQ: Why?\n\nA: Because.")
    assert doc.exchanges[0].answers[0].speaker == "Unknown"
    assert any("no official" in w for w in doc.warnings)


def test_at_a_spokesperson_press_conference_other_named_labels_ask():
    doc = parse(f"{HEADLINE}\n\nAl Jazeera: Any comment?\n\nHua Chunying: No comment.")
    assert doc.exchanges[0].question.speaker == "Al Jazeera"
    assert doc.exchanges[0].answers[0].speaker == "Hua Chunying"


@pytest.mark.parametrize("numbering", ["1. ", "V. ", "(3) ", "Q1. ", "12) ", "（二）", ""])
def test_numbering_before_a_turn_is_not_part_of_it(numbering):
    label = "" if numbering.startswith("Q") else "Reporter: "
    exchange = only_exchange(f"Interview\n\n{numbering}{label}Why?\n\nWang Yi: Because.")
    assert exchange.question.speaker == "Reporter"
    assert exchange.question.text == "Why?"


@pytest.mark.parametrize(
    "line",
    [
        "Between 00:00 and 24:00 the office is closed.",
        "1:28 P.M. EDT",
        "The content is as follows: three points.",
        "He said: we will see.",
        "However: this is a sentence.",
        "Note: the transcript was edited.",
        "他指出：这是一个句子。",
        "This is a very long sentence that happens to contain: a colon.",
    ],
)
def test_lines_that_only_look_like_labels_are_not_turns(line):
    exchange = only_exchange(f"Title\n\nQ: Why?\n\nWang Yi: Because.\n\n{line}\n\nEnd.")
    assert exchange.answers[0].text == f"Because.\n\n{line}\n\nEnd."


def test_a_single_title_case_word_is_a_speaker_only_when_it_recurs():
    heading = only_exchange("Title\n\nQ: Why?\n\nWang Yi: Two reasons.\n\nSecurity: we are safe.")
    assert heading.answers[0].text == "Two reasons.\n\nSecurity: we are safe."
    doc = parse("Title\n\nQ: Why?\n\nLavrov: Because.\n\nQ: Sure?\n\nLavrov: Yes.")
    assert [a.speaker for a in answers(doc)] == ["Lavrov", "Lavrov"]


def test_a_follow_up_is_a_question():
    doc = parse(f"{HEADLINE}\n\nAFP: Why?\n\nA: Because.\n\nFollow-up: Really?\n\nA: Yes.")
    assert [q.speaker for q in questions(doc)] == ["AFP", "Reporter"]


def test_stage_notes_stay_in_the_text_and_are_not_speakers():
    doc = parse(
        "Title\n\nQ: Why?\n\nTHE PRESIDENT: (Laughs.) Because.\n\n(Laughter.)\n\n"
        "(As interpreted.)\n\nQ: And?"
    )
    answer = doc.exchanges[0].answers[0].text
    assert answer == "(Laughs.) Because.\n\n(Laughter.)\n\n(As interpreted.)"
    assert [s.name for s in doc.speakers] == ["Reporter", "The President"]


def test_a_label_alone_on_its_line_takes_the_next_paragraph():
    exchange = only_exchange("Title\n\nQ\n\nWhy?\n\nMR. KIRBY:\n\nBecause.")
    assert exchange.question.text == "Why?"
    assert exchange.answers[0].text == "Because."


# --- Exchanges ------------------------------------------------------------------------


def test_several_answers_to_one_question_form_one_exchange():
    exchange = only_exchange(
        "Joint Press Conference\n\nQ: For both of you.\n\n"
        "PRESIDENT BIDEN: First.\n\nPRIME MINISTER LEE: Second."
    )
    assert [a.speaker for a in exchange.answers] == ["President Biden", "Prime Minister Lee"]


def test_answers_before_any_question_are_opening_remarks():
    doc = parse("Briefing\n\nMS. PSAKI: Hi, everyone.\n\nQ: Why?\n\nMS. PSAKI: Because.")
    assert doc.exchanges[0].question is None
    assert doc.exchanges[0].answers[0].text == "Hi, everyone."
    assert doc.exchanges[1].question.text == "Why?"


def test_a_turn_runs_over_several_paragraphs():
    exchange = only_exchange("Title\n\nQ: One?\n\nTwo?\n\nWang Yi: Three.\n\nFour.")
    assert exchange.question.text == "One?\n\nTwo?"
    assert exchange.answers[0].text == "Three.\n\nFour."


# --- Paragraphs ------------------------------------------------------------------------


def test_hard_wrapped_lines_are_joined_and_whitespace_lines_are_blank():
    text = (
        "Title\n\nTHE PRESIDENT:  Welcome to the\n  White House, and thank\nyou all.  \n"
        "\u00a0 \u00a0\nNext paragraph.\n\n"
    )
    answer = only_exchange(text).answers[0]
    assert answer.text == "Welcome to the White House, and thank you all.\n\nNext paragraph."


def test_one_paragraph_per_line_keeps_lines_apart_but_joins_wrapped_tails():
    text = (
        "Title\n\nWang Yi: First sentence is complete.\nSecond line starts anew.\n"
        "A line that breaks mid\n(sentence) continues here,\nand here.\n"
    )
    assert only_exchange(text).answers[0].text.split("\n\n") == [
        "First sentence is complete.",
        "Second line starts anew.",
        "A line that breaks mid (sentence) continues here, and here.",
    ]


def test_wrapped_chinese_lines_join_without_a_space():
    doc = parse("标题\n\n赵立坚：中方\n注意到\n有关报道\n\n赵立坚：好")
    assert answers(doc)[0].text == "中方注意到有关报道"


# --- Title, preamble, kind, language, location ------------------------------------------


def test_the_title_is_the_first_line_and_preamble_what_precedes_the_first_turn():
    doc = parse("Some Interview\n\nWashington, D.C.\n\nThe following is a transcript:\n\nQ: Hi?")
    assert doc.title == "Some Interview"
    assert doc.preamble == ["Washington, D.C.", "The following is a transcript:"]
    assert doc.location == "Washington, D.C."


def test_white_house_place_and_time_lines_are_preamble():
    doc = parse(
        "Press Briefing by Press Secretary Jen Psaki\n\nJames S. Brady Press Briefing Room\n\n"
        "12:41 P.M. EDT\n\nMS. PSAKI:  Hi everyone.\n\nQ    Jen, a question?"
    )
    assert doc.location == "James S. Brady Press Briefing Room"
    assert doc.preamble == ["James S. Brady Press Briefing Room", "12:41 P.M. EDT"]
    assert ("Ms. Psaki", "Press Secretary") in [(s.name, s.role) for s in doc.speakers]


def test_a_salutation_is_not_taken_for_a_title():
    doc = parse("Mr. President,\n\nI congratulate you on your election.")
    assert doc.title == ""
    assert doc.exchanges[0].answers[0].text.startswith("Mr. President,")


def test_a_body_sentence_is_not_taken_for_a_title():
    doc = parse(
        "We meet at a difficult time. The world has changed in ways that none of us could "
        "have foreseen, and we must respond together.\nThank you."
    )
    assert doc.title == ""
    assert any("title" in w for w in doc.warnings)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Foreign Ministry Spokesperson X's Regular Press Conference", Kind.PRESS_CONFERENCE),
        ("2020年5月27日外交部发言人赵立坚主持例行记者会", Kind.PRESS_CONFERENCE),
        ("Remarks by A and B in Joint Press Conference", Kind.JOINT_PRESS_CONFERENCE),
        ("Wang Yi gives an interview to Xinhua", Kind.INTERVIEW),
        ("Press Briefing by Press Secretary Jen Psaki", Kind.BRIEFING),
        ("Statement at the General Debate", Kind.SPEECH),
        ("Remarks at the Summit", Kind.SPEECH),
        ("Statement on the Situation", Kind.STATEMENT),
    ],
)
def test_kind_comes_from_the_headline(title, kind):
    assert parse(f"{title}\n\nQ: Hi?\n\nWang Yi: Hello.").kind == kind


def test_kind_without_a_telling_headline_comes_from_the_shape():
    assert parse("Untitled\n\nSome words.").kind == Kind.SPEECH
    assert parse("Untitled\n\nQ: Hi?\n\nWang Yi: Hello.").kind == Kind.INTERVIEW
    assert parse("Untitled\n\nWang Yi: Hello.").kind == Kind.STATEMENT


def test_language_is_chinese_when_mostly_chinese_characters():
    assert parse("标题\n\n问：WHO和COVID-19的问题？\n答：我们注意到了。").language == "zh"
    assert parse("Title\n\nQ: 中国?\n\nA: Yes, China.").language == "en"


def test_a_speech_named_in_its_title_is_attributed_to_that_speaker():
    doc = parse("Speech by Foreign Minister Wang Yi at the Forum\n\nDear friends, welcome.")
    assert doc.kind == Kind.SPEECH
    assert [(s.name, s.role) for s in doc.speakers] == [("Wang Yi", "Foreign Minister")]
    assert doc.exchanges[0].answers[0].text == "Dear friends, welcome."


# --- Dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Press Conference on September 16, 2020",
        "Press Conference on 16 September 2020",
        "Press Conference on Sept. 16, 2020",
        "Press Conference 2020-09-16",
        "2020年9月16日外交部发言人汪文斌主持例行记者会",
    ],
)
def test_full_dates_in_the_title(title):
    doc = parse(f"{title}\n\nQ: Hi?")
    assert doc.date == datetime.date(2020, 9, 16)
    assert doc.partial_date is None
    assert not any("date" in w or "year" in w for w in doc.warnings)


def test_a_date_line_in_the_preamble():
    doc = parse("例行记者会\n\n2020-05-27\n\n问：有何评论？")
    assert doc.date == datetime.date(2020, 5, 27)
    assert doc.preamble == ["2020-05-27"]


def test_a_dateline_without_a_year_gives_a_partial_date_and_a_warning():
    doc = parse("Interview\n\nBeijing, September 16 (Xinhua) -- Wang Yi spoke.\n\nQ: Hi?")
    assert doc.date is None
    assert doc.partial_date == (9, 16)
    assert doc.location == "Beijing"
    assert any("year is missing" in w for w in doc.warnings)


def test_dates_in_answers_are_events_not_the_transcript_date():
    doc = parse("Interview\n\nQ: Hi?\n\nWang Yi: We met on May 12, 2019.")
    assert doc.date is None and doc.partial_date is None
    assert any("No date" in w for w in doc.warnings)


def test_impossible_dates_are_ignored():
    assert parse("Press Conference on February 30, 2020\n\nQ: Hi?").date is None


# --- Robustness -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\u00a0\n\t",
        "\x00\x01\x02\ufffd\ufffe" * 50,
        "word " * 100_000,
        "x" * 1_000_000,
        ":" * 10_000,
        "Q\n" * 5_000,
        "A:\n" * 5_000,
        "(" * 10_000,
        "1.\nV.\n(3)\nQ1.\n" * 500,
        "May 1, 2020, " * 10_000,
        "Beijing, " * 10_000,
        "\r\n\r\nTitle\r\rQ: Hi?\r\nA: Yes.\u2028\u2029\x85",
        "".join(chr(c) for c in range(1, 0x3000, 7)),
    ],
)
def test_arbitrary_input_never_raises(text):
    doc = parse(text)
    assert isinstance(doc.as_json(), dict)


def test_empty_input_is_an_empty_document_with_a_warning():
    doc = parse("")
    assert doc.exchanges == [] and doc.title == ""
    assert doc.warnings == ["The transcript is empty."]


def test_topics_are_passed_through_to_the_tagger():
    doc = parse("Title\n\nQ: Hi?", topics=[])
    assert doc.topics == []
