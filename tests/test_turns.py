"""The turns of a conversation: questions, answers, statements and procedure, stage
directions, interpretation, and who each label names. Small inline transcripts; the
golden files (test_parser_golden.py) hold one whole transcript per kind."""

import pytest

from archive.ingest import acts, stage
from archive.ingest.parser import parse

BRIEFING = "Press Briefing by Press Secretary Dana Reyes\n\n"


def kinds(doc):
    return [(t.label, t.kind) for t in doc.turns]


def question_count(text):
    return parse(text).as_json()["questions"]


# --- what one turn does ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Thank you.", acts.COURTESY),
        ("Thanks, Karine.", acts.COURTESY),
        ("Thank you, Mr. President.", acts.COURTESY),
        ("Good afternoon, Mr. President.  Good afternoon —", acts.COURTESY),
        ("Can you hear me now?", acts.COURTESY),
        ("Hi, can you hear me?", acts.COURTESY),
        ("*Gracias*!", acts.COURTESY),
        ("Yep.", acts.ACK),
        ("Mm-hmm.", acts.ACK),
        ("Go ahead.", acts.HANDOFF),
        ("Go ahead, Zeke.", acts.HANDOFF),
        ("Jeff, go ahead.", acts.HANDOFF),
        ("Next question, please.", acts.HANDOFF),
        ("Our next question will go to Josh Boak with the Associated Press.", acts.HANDOFF),
        ("Darlene Superville, Associated Press.", acts.HANDOFF),
        ("I call on Dawn Tan, Channel NewsAsia.", acts.HANDOFF),
        ("Use the mic.", acts.HANDOFF),
        ("The floor is yours.", acts.HANDOFF),
        ("Okay. Just a couple more. Go ahead, Janne.", acts.HANDOFF),
        ("I now give the floor to His Excellency Mr. Wang Yi.", acts.HANDOFF),
        ("Karine —", acts.FLOOR),
        ("Mr. President?", acts.FLOOR),
        ("Can I follow up on that?", acts.FLOOR),
        ("Can I ask a question about Afghanistan?", acts.FLOOR),
        ("Thanks, Jen. A couple of questions on what happened in Texas.", acts.FLOOR),
        ("And —", acts.FLOOR),
        ("Why?", acts.CONTENT),
        ("Sure?", acts.CONTENT),  # an asker's "Sure?" asks
        ("Ukraine?", acts.CONTENT),  # a country, not someone addressed
        ("Because.", acts.FLOOR),  # a name or a word: the conversation decides
        ("(Inaudible.)", acts.CONTENT),  # words said, not heard
        ("(Laughter.)", acts.COURTESY),
        ("Thank you.  What is your view of the talks?", acts.CONTENT),
    ],
)
def test_what_a_turn_does(text, what):
    assert acts.act(text) == what


@pytest.mark.parametrize(
    ("text", "directions"),
    [
        ("Welcome. (Applause.) We had talks. (Laughter.)", ["(Applause.)", "(Laughter.)"]),
        ("(As interpreted.) Thank you.", ["(As interpreted.)"]),
        ("I — (crosstalk) — said no.", ["(crosstalk)"]),
        ("Yes [inaudible] and more.", ["[inaudible]"]),
        ("谢谢。（笑声）", ["（笑声）"]),
        ("Okay. (The President departs.)", ["(The President departs.)"]),
        ("The coronavirus disease (COVID-19) keeps resurfacing.", []),
        ("Senator Leahy (D-Vt.) said so.", []),
    ],
)
def test_stage_directions_are_found_where_they_stand(text, directions):
    assert [d.text for d in stage.find(text)] == directions


# --- questions ---------------------------------------------------------------------------


def test_courtesies_and_hand_offs_are_procedural_not_questions():
    doc = parse(
        BRIEFING + "MS. REYES: Hi, everyone.\n\nQ Hi.\n\nQ Can you hear me now?\n\n"
        "MS. REYES: Yep. Go ahead.\n\nQ Thank you. Is the trip on?\n\nMS. REYES: It is.\n\n"
        "Q Thank you.\n\nMS. REYES: Next question.\n\nQ Will he speak?\n\nMS. REYES: Yes."
    )
    assert doc.as_json()["questions"] == 2
    assert [t.kind for t in doc.turns] == [
        "procedural", "procedural", "procedural", "procedural", "question", "answer",
        "procedural", "procedural", "question", "answer",
    ]  # fmt: skip
    assert [t.courtesy for t in doc.turns][:4] == [True, True, True, False]


def test_an_interrupted_question_and_its_resumption_are_one_question():
    doc = parse(
        BRIEFING + "Q Dana, the President has said —\n\nMS. REYES: Well —\n\n"
        "Q — that he wants a deal. Which is it?\n\nMS. REYES: Both things can be true."
    )
    assert doc.as_json()["questions"] == 1
    [question] = [e.question for e in doc.exchanges if e.question]
    assert question.text == "Dana, the President has said —\n\n— that he wants a deal. Which is it?"
    # What the official said between the parts is kept in place, among the answers.
    assert [a.text for a in doc.exchanges[0].answers][0] == "Well —"


def test_a_question_answered_with_sorry_is_resumed_not_repeated():
    assert question_count(
        BRIEFING + "Q Climate change.\n\nMS. REYES: Sorry?\n\n"
        "Q Climate change. Is it on the agenda?\n\nMS. REYES: It is."
    ) == 1


def test_follow_ups_by_the_same_asker_are_questions_of_their_own():
    text = (
        "Foreign Ministry Spokesperson Mei Lan's Regular Press Conference\n\n"
        "AFP: Has the minister called?\n\nMei Lan: Yes.\n\nAFP: What about?\n\n"
        "Mei Lan: Trade.\n\nFollow-up: And the summit?\n\nMei Lan: Not yet."
    )
    assert question_count(text) == 3


def test_a_yes_answers_a_question_but_not_a_request_to_speak():
    assert question_count(BRIEFING + "Q Is he going?\n\nMS. REYES: Yes.") == 1
    assert question_count(
        BRIEFING + "Q Can you tell us about the call?\n\nMS. REYES: Sure.\n\n"
        "Q What did they discuss?\n\nMS. REYES: Trade and energy."
    ) == 1


def test_a_bid_for_the_floor_starts_the_question_it_leads_to():
    doc = parse(BRIEFING + "Q Karine —\n\nMS. REYES: Go ahead.\n\nQ On Ukraine, what now?\n\n"
                "MS. REYES: We keep helping.")  # fmt: skip
    assert doc.as_json()["questions"] == 1
    assert [t.kind for t in doc.turns] == ["question", "procedural", "question", "answer"]


def test_a_question_shouted_and_never_answered_is_not_counted():
    doc = parse(BRIEFING + "Q Why?\n\nMS. REYES: Because.\n\nQ Mr. President, will you go?")
    assert doc.as_json()["questions"] == 1
    assert doc.turns[-1].kind == "procedural"


def test_an_inaudible_question_that_is_answered_is_a_question():
    assert question_count(BRIEFING + "Q (Inaudible.)\n\nMS. REYES: The answer is no.") == 1


def test_remarks_before_the_first_question_are_statements():
    doc = parse(BRIEFING + "MS. REYES: Good afternoon. I have two announcements.\n\n"
                "Q What are they?\n\nMS. REYES: Here they are.")  # fmt: skip
    assert [t.kind for t in doc.turns] == ["statement", "question", "answer"]


def test_a_moderator_only_hands_over():
    doc = parse(
        "Background Press Call by Senior Administration Officials\n\n"
        "MODERATOR: Thanks for joining. This call is on background.\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: The summit opens on Tuesday.\n\n"
        "MODERATOR: Let's go to Sam Park at Bloomberg.\n\nQ What about tariffs?\n\n"
        "SENIOR ADMINISTRATION OFFICIAL: No change."
    )
    assert [t.kind for t in doc.turns] == [
        "procedural", "statement", "procedural", "question", "answer"
    ]
    assert (doc.turns[3].name, doc.turns[3].outlet) == ("Sam Park", "Bloomberg")


# --- stage directions and interpretation ----------------------------------------------


def test_a_turn_that_is_only_a_stage_direction_joins_the_turn_before_it():
    doc = parse(
        "Remarks by President Alder in a Joint Press Conference\n\nQ Will you win?\n\n"
        "PRESIDENT ALDER: (Laughs.)\n\nPRIME MINISTER BOND: He will.\n\n(Applause.)"
    )
    assert [t.label for t in doc.turns] == ["Q", "PRIME MINISTER BOND"]
    laugh, applause = (t.stage_directions[0] for t in doc.turns)
    assert (laugh.text, laugh.label) == ("(Laughs.)", "PRESIDENT ALDER")
    assert doc.turns[0].text == "Will you win?\n\n(Laughs.)"
    assert (applause.text, applause.label) == ("(Applause.)", "")
    assert doc.turns[1].text[applause.start : applause.end] == "(Applause.)"


def test_as_interpreted_marks_the_turn_interpreted():
    doc = parse(
        "Remarks by President Alder and President Moreau in Joint Press Conference\n\n"
        "Q President Moreau, when?\n\nPRESIDENT MOREAU: (As interpreted.) Next year.\n\n"
        "PRESIDENT ALDER: I agree."
    )
    assert [t.interpreted for t in doc.turns] == [False, True, False]
    assert doc.turns[1].text.startswith("(As interpreted.) ")


# --- names, roles, askers ------------------------------------------------------------------


def test_a_label_resolves_to_the_full_name_the_transcript_gives():
    doc = parse(
        "Press Briefing by Press Secretary Dana Reyes\n\n"
        "MS. REYES: I am joined today by Admiral John Kirby.\n\n"
        "MR. KIRBY: Thanks, Dana.\n\nQ Admiral, what now?\n\nMR. KIRBY: We wait."
    )
    officials = {(t.label, t.name, t.role) for t in doc.turns if not t.asker}
    assert officials == {
        ("MS. REYES", "Dana Reyes", "Press Secretary"),
        ("MR. KIRBY", "John Kirby", ""),
    }


def test_the_president_on_a_white_house_transcript_is_an_office_until_dated():
    doc = parse(
        "Remarks on the Economy\n\nState Dining Room\n\n"
        "THE PRESIDENT: Thank you all.\n\nQ Mr. President, will it pass?\n\n"
        "THE PRESIDENT: It will."
    )
    assert {(t.label, t.name, t.role) for t in doc.turns if not t.asker} == {
        ("THE PRESIDENT", "", "President of the United States")
    }


def test_the_president_is_the_headline_president_when_the_headline_names_one():
    doc = parse("Remarks by President Alder on the Economy\n\nTHE PRESIDENT: Thank you.")
    assert (doc.turns[0].name, doc.turns[0].role) == ("Alder", "President")


def test_askers_say_which_outlet_asks_in_either_language():
    doc = parse(
        "2021年4月6日外交部发言人梅兰主持例行记者会\n\n路透社记者：何时开始？\n\n梅兰：请问主管部门。\n\n"
        "Reuters: And in English?\n\n梅兰：一样。"
    )
    askers = [(t.asker, t.outlet, t.name) for t in doc.turns if t.asker]
    assert askers == [(True, "Reuters", ""), (True, "Reuters", "")]
    assert [(t.name, t.role) for t in doc.turns if not t.asker][0] == ("梅兰", "外交部发言人")


def test_a_reporter_naming_their_outlet_is_asked_for_by_it():
    doc = parse(BRIEFING + "Q TV Asahi. Prime Minister, when?\n\nMS. REYES: Soon.")
    assert doc.turns[0].outlet == "TV Asahi"


def test_a_un_record_labels_delegates_with_their_country_and_language():
    doc = parse(
        "General Assembly, Seventy-seventh session, 8th plenary meeting\n\n"
        "The President: I now give the floor to His Excellency Mr. Wang Yi, State Councilor "
        "and Minister for Foreign Affairs of China.\n\n"
        "Mr. Wang Yi (China) (spoke in Chinese): We are at a time fraught with challenges."
    )
    chair, delegate = doc.turns
    assert (chair.kind, chair.role) == ("procedural", "President of the General Assembly")
    assert (delegate.label, delegate.name, delegate.kind, delegate.interpreted) == (
        "Mr. Wang Yi (China) (spoke in Chinese)", "Wang Yi", "statement", True,
    )  # fmt: skip
    assert delegate.role == "State Councilor and Minister for Foreign Affairs of China"


# --- labels that are not labels (regressions found on the briefing-room collection) -------


def test_a_lowercase_word_before_a_colon_is_no_label():
    doc = parse(BRIEFING + "Q Will it work?\n\nMS. REYES: The answer to your\nquestion: it will.")
    assert len(doc.turns) == 2


def test_a_line_that_runs_on_is_not_a_label_even_if_it_looks_like_one():
    doc = parse(
        BRIEFING + "Q Why?\n\nMS. REYES: This is one of the advantages of the\n"
        "U.N. General Assembly: You have the whole world here.  And that is\n"
        "why we go every year, as you know."
    )
    assert [t.label for t in doc.turns] == ["Q", "MS. REYES"]


# --- speeches ----------------------------------------------------------------------------


def test_a_speech_without_labels_is_one_statement_and_warns():
    doc = parse("Speech by Foreign Minister Li Ming at the Forum\n\nDear friends, welcome.")
    assert [(t.kind, t.name, t.label) for t in doc.turns] == [("statement", "Li Ming", "")]
    assert any("No speaker labels found" in w for w in doc.warnings)


def test_one_word_asked_is_a_question_unless_it_names_the_official():
    asked = parse(BRIEFING + "Q Where will he go?\n\nMS. REYES: Abroad.\n\nQ Lagos?\n\n"
                  "MS. REYES: Yes, Lagos.")  # fmt: skip
    assert asked.as_json()["questions"] == 2
    bid = parse(BRIEFING + "Q Where will he go?\n\nMS. REYES: Abroad.\n\nQ Dana?\n\n"
                "MS. REYES: Go ahead.\n\nQ When?\n\nMS. REYES: Soon.")  # fmt: skip
    assert [t.kind for t in bid.turns][2:4] == ["question", "procedural"]
    assert bid.as_json()["questions"] == 2


def test_a_turn_without_words_is_kept_with_its_label():
    # Found by the fuzz test: "A::" has no words, and no stage direction to fold.
    doc = parse("Q\rA::")
    assert [t.label for t in doc.turns] == ["Q", "A"]


def test_a_shouted_label_beside_the_headline_official_is_an_official_not_an_asker():
    # At a spokesperson's press conference other named labels ask ("Al Jazeera:"), but in
    # White House capitals they are officials: there, reporters are "Q".
    doc = parse(
        "Press Gaggle by Press Secretary Dana Reyes\n\nQ Is he going?\n\n"
        "AIDE: (Inaudible.)\n\nMS. REYES: Yes. Sorry, guys, we're going to have to sit."
    )
    assert [(t.label, t.asker, t.kind) for t in doc.turns] == [
        ("Q", True, "question"), ("AIDE", False, "procedural"), ("MS. REYES", False, "answer"),
    ]  # fmt: skip


def test_a_label_naming_only_an_office_takes_the_name_the_preamble_gives():
    doc = parse(
        "Daily Press Briefing by the Office of the Spokesperson for the Secretary-General\n\n"
        "The following is a near-verbatim transcript of today's noon briefing by Stéphane "
        "Dujarric, Spokesman for the Secretary-General.\n\nSpokesman: Edie?\n\n"
        "Question: Has he called?\n\nSpokesman: Not today.\n\nCorrespondent: Thank you."
    )
    assert [(t.label, t.name, t.kind) for t in doc.turns] == [
        ("Spokesman", "Stéphane Dujarric", "procedural"),
        ("Question", "", "question"),
        ("Spokesman", "Stéphane Dujarric", "answer"),
        ("Correspondent", "", "procedural"),
    ]
