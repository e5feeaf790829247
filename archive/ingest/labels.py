"""Speaker labels at the start of a paragraph ("Q:", "Wang Yi:", "PRESIDENT BIDEN:",
"路透社记者：") and the officials a headline names.

A label is recognised conservatively: it must be short and read like a name, a news
outlet or a role, so that a sentence which merely contains a colon ("The content is
as follows:", "Between 00:00 and 24:00") is never mistaken for a speaker.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from archive.ingest import names
from archive.text import HAN, HAN_RANGES

QUESTION = "question"
ANSWER = "answer"
NAME = "name"  # a named person: an answerer unless the context says otherwise

REPORTER = "Reporter"  # display name for anonymous askers (Q, 问, QUESTION)

_GENERIC = {
    "q": QUESTION, "question": QUESTION, "reporter": QUESTION, "journalist": QUESTION,
    "correspondent": QUESTION,
    "questioner": QUESTION, "audience member": QUESTION, "问": QUESTION, "记者": QUESTION,
    "follow-up": QUESTION, "follow up": QUESTION, "追问": QUESTION,
    "a": ANSWER, "answer": ANSWER, "答": ANSWER,
}  # fmt: skip

# "1.", "V.", "(3)", "Q1.", "一、", "（二）" before a label.
_NUMBERING = re.compile(
    r"^(?:\(\s*(?:\d{1,3}|[IVXivx]{1,5})\s*\)|（[\d一二三四五六七八九十]{1,3}）"
    r"|(?:\d{1,3}|[IVX]{1,5})[.)．、]|[一二三四五六七八九十]{1,3}、"
    r"|(?P<q>Q\d{1,3})(?:[.:：)]|(?!\w)))\s*"  # "Q1." or "Q1 ", not the start of "Q3A"
)
# "Q:", "Q." or a bare "Q" followed by a space (White House transcripts).
_BARE_Q = re.compile(r"^Q(?:\s*[:：.]|\s(?!\s*(?:and|&)\s)|$)\s*")
_COLON_LABEL = re.compile(r"^(?P<label>[^:：]{1,40}?)\s*[:：]\s*")
# A UN record's label: "Mr. Wang Yi (China) (spoke in Chinese):", "The President (spoke in
# French):" — a name, then up to two remarks in parentheses.
_NOTED_LABEL = re.compile(
    r"^(?P<label>(?P<name>[^:：()]{1,40}?)\s*(?:\([^():：]{1,40}\)\s*){1,2})[:：]\s*"
)
_INTERPRETED = re.compile(r"\((?:spoke in|interpretation from|through an interpreter)[^()]*\)",
                          re.IGNORECASE)  # fmt: skip

_CJK = HAN
_CJK_LABEL = re.compile(f"^[{HAN_RANGES}A-Za-z·]{{1,12}}$")
# Candidates for names that count only when used as a label more than once.
_RECURRING = re.compile(
    f"^(?P<label>[{HAN_RANGES}·]{{2,4}}|[A-Z][a-z][\\w'’-]{{0,30}})\\s*[:：]"
)
# Words a name label may contain; each must start with a capital letter or be one of these.
_CONNECTORS = {"of", "the", "and", "de", "del", "da", "van", "von", "der", "al", "bin", "la", "le"}
# Title-case words that introduce something other than a speaker.
_NOT_SPEAKERS = set(
    """
    note notes update source sources editor's photo video related translation subject date
    time location venue transcript dear ladies excellency excellencies tags keywords
    attachment address tel email website reference first second third fourth fifth firstly
    secondly thirdly finally however therefore example http https www see also contact
    copyright
    """.split()
)
# A label ending in one of these words, or containing a known outlet, is a news outlet.
_OUTLET_ENDINGS = set(
    """
    news agency tv television daily times press radio media network service post journal
    broadcasting channel tribune herald gazette telegraph weekly magazine online observer
    novosti wire
    """.split()
)
_OUTLETS = set(
    """
    afp ap bbc cbs cctv cgtn cnn cnr cri dpa efe nhk kbs npr nbc abc ria tass ansa reuters
    bloomberg xinhua yonhap kyodo sputnik phoenix euronews dw rtl itar-tass al-jazeera
    asahi nikkei mainichi yomiuri kommersant ukrinform bernama antara lusa anadolu wafa
    ptv ani pti prensa interfax jiji tbs fuji mbc sbs arirang vnexpress rthk tvb cna nyt
    wsj
    """.split()
)
# Offices that open a speaker's display name ("Prime Minister Lee"), longest first.
OFFICES = (
    "Prime Minister",
    "Foreign Minister",
    "Deputy Secretary",
    "Press Secretary",
    "President",
    "Premier",
    "Minister",
    "Secretary",
    "Chancellor",
    "Ambassador",
    "Spokesperson",
    "Spokesman",
    "Spokeswoman",
    "Director",
    "Chairman",
    "Governor",
    "Admiral",
    "General",
    "Envoy",
)
# Words that make a label a titled person (an official) rather than an asker.
TITLED = (*OFFICES, "Mr.", "Ms.", "Mrs.", "Dr.", "The")


@dataclass(frozen=True)
class Label:
    raw: str  # as written, without numbering and colon
    name: str  # display name ("" for an answer label whose speaker the headline names)
    role: str  # QUESTION, ANSWER or NAME


def split_label(paragraph: str, known: Collection[str] = ()) -> tuple[Label | None, str]:
    """The paragraph's leading label and the text after it, or (None, paragraph)."""
    numbering = _NUMBERING.match(paragraph)
    if numbering:
        rest = paragraph[numbering.end() :]
        label, text = _leading_label(rest, known)
        if label:
            return label, text
        if numbering["q"]:  # "Q1. What ..." numbers a question without a label
            return Label(numbering["q"], REPORTER, QUESTION), rest
    return _leading_label(paragraph, known)


def is_label_line(line: str, known: Collection[str] = ()) -> bool:
    return split_label(line, known)[0] is not None


def recurring_names(lines: Iterable[str], minimum: int = 2) -> set[str]:
    """Short Chinese names ("赵立坚：") and single words ("Lavrov:") used as a label
    on several lines. Once only, they are more likely a heading or a sentence."""
    counts = Counter(m["label"] for line in lines if (m := _RECURRING.match(line)))
    return {
        name
        for name, count in counts.items()
        if count >= minimum and name.casefold() not in _NOT_SPEAKERS
    }


def _leading_label(text: str, known: Collection[str]) -> tuple[Label | None, str]:
    bare = _BARE_Q.match(text)
    if bare:
        return Label("Q", REPORTER, QUESTION), text[bare.end() :]
    noted = _NOTED_LABEL.match(text)
    if noted:
        label = classify(noted["name"].strip(), known)
        if label:
            return Label(noted["label"].strip(), label.name, label.role), text[noted.end() :]
    match = _COLON_LABEL.match(text)
    if not match:
        return None, text
    label = classify(match["label"].strip(), known)
    if label is None:
        return None, text
    return label, text[match.end() :]


def without_notes(raw: str) -> str:
    """ "Mr. Wang Yi (China) (spoke in Chinese)" -> "Mr. Wang Yi"."""
    return re.sub(r"\s*\([^()]*\)", "", raw).strip()


def says_interpreted(raw: str) -> bool:
    """Whether a label says the words are an interpretation ("(spoke in Arabic)")."""
    return bool(_INTERPRETED.search(raw))


def classify(raw: str, known: Collection[str] = ()) -> Label | None:
    """What kind of speaker `raw` names, or None if it is not a speaker label."""
    if raw[:1].islower():
        return None  # "question: …" starting a wrapped line is the middle of a sentence
    generic = _GENERIC.get(raw.casefold())
    if generic == QUESTION:
        return Label(raw, REPORTER, QUESTION)
    if generic == ANSWER:
        return Label(raw, "", ANSWER)
    if raw in known:
        return Label(raw, display_name(raw), NAME)
    if _CJK.search(raw):
        return _classify_cjk(raw)
    if not _reads_like_name(raw):
        return None
    if is_outlet(raw):
        return Label(raw, raw, QUESTION)
    if " " not in raw and not raw.isupper():
        return None  # "Security: ..." is a heading unless it recurs (see recurring_names)
    return Label(raw, display_name(raw), NAME)


def _classify_cjk(raw: str) -> Label | None:
    # Any short Chinese text before a colon could be a label ("他指出："), so only
    # askers are accepted here; names must be known (headline) or recurring.
    if not _CJK_LABEL.match(raw):
        return None
    if raw.endswith(("记者", "问")):
        return Label(raw, raw, QUESTION)
    return None


def is_cjk_asker(raw: str) -> bool:
    """ "路透社记者", "总台央视记者": a Chinese label of someone asking."""
    return bool(_CJK.search(raw)) and _classify_cjk(raw) is not None


def _reads_like_name(raw: str) -> bool:
    words = raw.split()
    if not 1 <= len(words) <= 6 or any(ch.isdigit() for ch in raw):
        return False
    if not all(ch.isalpha() or ch in " .'’&-" for ch in raw):
        return False
    if not words[0][0].isupper() or words[0].casefold() in _NOT_SPEAKERS:
        return False
    return all(w[0].isupper() or w in _CONNECTORS for w in words)


def is_outlet(raw: str) -> bool:
    words = [w.casefold().strip(".") for w in raw.split()]
    return words[-1] in _OUTLET_ENDINGS or any(w in _OUTLETS for w in words)


def display_name(raw: str) -> str:
    """ "PRESIDENT BIDEN" -> "President Biden"; mixed case and acronyms stay as written."""
    letters = [ch for ch in raw if ch.isalpha()]
    if not letters or not all(ch.isupper() for ch in letters):
        return raw
    if len(raw.split()) == 1 and len(letters) < 5:
        return raw  # "AFP", "CNN": an acronym, not a shouted name
    return " ".join(_title_word(w) for w in raw.split())


def _title_word(word: str) -> str:
    if re.fullmatch(r"(?:[A-Z]\.){2,}", word):  # "U.S." stays an abbreviation
        return word
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


@dataclass(frozen=True)
class Official:
    name: str
    role: str


# Title-case words of a headline that end an official's name ("… Jean-Pierre En Route").
_NOT_NAMES = set(
    """
    press conference regular joint remarks interview statement speech briefing debate
    session assembly meeting gaggle call background on-the-record en route aboard
    visit trip summit working previewing announcing following discussing regarding marking
    highlighting outlining
    on at in of to with from for by during after before ahead via and the vs january february
    march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday
    """.split()
)
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|[a-z]{1,3})$")  # "Jean-Pierre", "de", "M.J."
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_ZH_OFFICIAL = re.compile(
    r"(?P<role>(?:国务委员兼)?外交部(?:长|发言人)|国务委员|外长|发言人)"
    "(?P<name>[" + HAN_RANGES + "]{2,3}?)"
    r"(?=主持|接受|答|出席|在|就|会见|同|举行|发表|[:：]|$)"
)


def find_officials(title: str) -> list[Official]:
    """Officials a headline names with their office, in order of mention:
    "Foreign Ministry Spokesperson Geng Shuang's Regular Press Conference" ->
    [Official("Geng Shuang", "Foreign Ministry Spokesperson")]."""
    found = [Official(m["name"], m["role"]) for m in _ZH_OFFICIAL.finditer(title)]
    tokens = title.split()
    i = 0
    while i < len(tokens):
        if not names.opens_office(tokens, i):
            i += 1
            continue
        span, end = _office_span(tokens, i)
        name, office, _place = names.split_parts(" ".join(span))
        if office and _reads_like_a_name(name):
            found.append(Official(name, office))
            i = end
        else:
            i += 1  # "Official Working Visit of Chancellor Merkel": try the next word
    return found


def _reads_like_a_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 5 and all(
        _NAME_WORD.match(w) and w.casefold() not in _NOT_NAMES and not names.is_office_word(w)
        for w in words
    )


def _office_span(tokens: list[str], i: int) -> tuple[list[str], int]:
    """The words from `i` that hold one office and name, and the index after them."""
    span: list[str] = []
    start = i
    while i < len(tokens):
        token = tokens[i]
        bare = _POSSESSIVE.sub("", token).rstrip(",;:")
        lowered = bare.casefold()
        if lowered == "and":
            if names.split_title(" ".join(span))[0] or not names.opens_office(tokens, i + 1):
                break  # "President Biden and Prime Minister Lee": two officials
        elif not bare or lowered in _NOT_NAMES and lowered not in ("of", "for", "the", "to"):
            if not names.opens_office(tokens, i) or names.split_title(" ".join(span))[0]:
                break
        elif bare[0].islower() and lowered not in ("of", "for", "the", "to", "de", "van", "von"):
            break
        span.append(bare)
        i += 1
        if bare != token:
            break  # a possessive or a comma ends the name
    return span, max(i, start + 1)
