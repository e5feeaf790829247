"""A person's name apart from their titles: "State Councilor and Foreign Minister Wang Yi"
-> ("Wang Yi", "State Councilor and Foreign Minister"), "MR. KIRBY" -> ("Kirby", "").

Pure string work, no document and no database: the parser uses it on speaker labels
and headlines, the corpus importer on the UN speakers table ("H.E. Mr. Xi Jinping",
"Minister for Foreign Affairs"). Honorifics ("Mr.", "H.E.", "Dr.") are dropped; offices,
ranks and royal titles are the role.
"""

from __future__ import annotations

import functools
import re

from archive.text import HAN, HAN_RANGES

# Dropped without becoming the role: forms of address, not offices.
_HONORIFICS = [
    "his excellency", "her excellency", "their excellencies", "excellency", "h.e.", "he",
    "his majesty", "her majesty", "his royal highness", "her royal highness", "his highness",
    "her highness", "h.m.", "h.r.h.", "hrh", "his holiness", "the honourable",
    "the honorable", "the right honourable", "the rt. hon.", "rt. hon.", "right honourable",
    "honourable", "honorable", "hon.", "mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "mx.",
    "dr.", "dr", "prof.", "professor", "sir", "dame", "madam", "madame", "mme", "m.", "sr.",
    "sra.", "senor", "señor", "señora", "shri", "smt.", "the", "h. e.",
]  # fmt: skip
# Head words of an office or rank: a title ends at the last of these before the name.
_OFFICE_HEADS = set(
    """
    president premier chancellor minister secretary councilor councillor ambassador
    spokesperson spokesman spokeswoman director chairman chairwoman chairperson chair
    governor envoy representative advisor adviser coordinator administrator commissioner
    counselor counsellor speaker senator congressman congresswoman mayor leader head
    officer official aide moderator operator participant king queen prince princess emir
    amir sultan sheikh shaikh pope cardinal archbishop bishop reverend rev. monsignor
    admiral general colonel major captain commander lieutenant sergeant gen. adm. col.
    lt. maj. capt. cmdr. sgt. coach chief justice attorney surgeon deputy vice acting
    assistant under first lady gentleman member delegate observer rapporteur
    undersecretary under-secretary secretary-general director-general inspector solicitor
    consul surgeon
    """.split()
)
# Words that qualify an office before its head ("Foreign Minister", "Press Secretary").
_OFFICE_WORDS = _OFFICE_HEADS | set(
    """
    state foreign press prime national security senior principal special executive
    permanent former interim lead managing white house administration ministry
    military crew air force one nsc u.s. us un eu nato fema cdc hhs dhs omb nec dpc usaid
    usda usda's strategic communications economic domestic policy council crown
    """.split()
)
# What may follow "of"/"for" inside an office: "Minister for Foreign Affairs and Trade".
_COMPLEMENT_WORDS = set(
    """
    foreign affairs state defense defence trade commerce finance justice health homeland
    security national economic development energy treasury interior education agriculture
    labor labour transportation transport veterans housing urban environment climate
    science technology international cooperation european union worship communications
    strategic information the and of for affairs human services public relations
    commonwealth overseas external industry planning culture tourism infrastructure
    digital women children social welfare council nations united states people's economics
    competitiveness policy response coordination management resilience intergovernmental
    legislative political military operations cyber emerging technologies
    """.split()
)
_CONNECTORS = {"and", "of", "for", "the", "on", "to"}
_RANKS = set(
    """
    admiral general colonel major captain commander lieutenant sergeant gen. adm. col. lt.
    maj. capt. cmdr. sgt.
    """.split()
)
_RANK_QUALIFIERS = {"vice", "rear", "lieutenant", "major", "brigadier", "deputy"}
# Particles inside a surname: lower case unless they open the name ("von der Leyen").
_PARTICLES = {"von", "van", "der", "den", "de", "del", "della", "da", "dos", "du", "la", "le",
              "bin", "binti", "al", "el", "ibn", "y"}  # fmt: skip
_ROMAN = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|X)$")
# Known abbreviations kept in capitals in a role ("NSC Coordinator").
_ACRONYMS = {"nsc", "u.s.", "us", "un", "u.n.", "eu", "nato", "fema", "cdc", "hhs", "dhs",
             "omb", "nec", "dpc", "usaid", "usda", "ceq", "ostp", "ustr", "nih", "fda", "epa",
             "sba", "hud", "doj", "dod", "va", "nasa", "cia", "fbi", "ii", "iii", "iv",
             "asean", "who", "imf", "wto", "g7", "g20", "covid-19", "covid"}  # fmt: skip

# Chinese offices that open a label or headline ("外交部发言人赵立坚", "国务委员兼外长王毅").
_ZH_ROLE = re.compile(
    r"^(?P<role>(?:中国|中方|国务院)?(?:(?:国务委员|国务院总理|国家主席|国家副主席|副总理|总理|主席"
    r"|外交部(?:副?部长|发言人|部长助理)|外交部长|外长|副外长|部长助理|部长|副部长|发言人|大使|特使|司长"
    r"|秘书长|总统|副总统|首相|国务卿|主任|书记|委员)[兼和、]?)+)"
    "(?P<name>[" + HAN_RANGES + "·]{2,12})$"
)
# ... or follow the name ("拉夫罗夫外长", "王毅先生").
_ZH_SUFFIX = re.compile(
    "^(?P<name>[" + HAN_RANGES + "·]{2,12}?)"
    r"(?P<role>外长|部长|大使|总统|总理|首相|主席|国务卿|发言人"
    r"|先生|女士|阁下)$"
)
_ZH_HONORIFICS = {"先生", "女士", "阁下"}
_CJK = HAN


def split_title(text: str) -> tuple[str, str]:
    """(name, role): the name without titles, properly capitalised, and the office or
    rank it carried ("" when it had none or only a form of address)."""
    name, office, place = split_parts(text)
    return name, f"{office} {place}" if office and place else office


# A transcript names the same few people in every turn, and resolving each label
# splits the same texts again and again.
@functools.lru_cache(maxsize=8192)
def split_parts(text: str) -> tuple[str, str, str]:
    """(name, office, place): "Prime Minister Lee Hsien Loong of Singapore" ->
    ("Lee Hsien Loong", "Prime Minister", "of Singapore")."""
    text = " ".join(str(text or "").split()).strip(" ,;:")
    if not text:
        return "", "", ""
    if _CJK.search(text):
        return (*_split_chinese(text), "")
    words = text.split()
    start = _skip_honorifics(words, 0)
    end = _office_end(words, start)
    if end == len(words) == start + 1 and _is_surname_after_address(words, start):
        end = start  # "MS. KING" is Ms. King, not a queen's title
    name_words, place = _trailing_place(words[end:])
    role_words = _strip_honorifics_inside(words[start:end])
    while _ends_in_rank(role_words):
        role_words.pop()  # "NSC Coordinator … Admiral Paul Whitby": the office, not the rank
    role = proper_role(" ".join(role_words))
    name = proper_case(" ".join(_strip_honorifics_inside(name_words)))
    return name, role, place if role else ""


def is_office_word(word: str) -> bool:
    """Whether the word belongs to an office rather than a name ("Economics", "Press")."""
    lowered = word.casefold().rstrip(",")
    return lowered in _OFFICE_WORDS or lowered in _COMPLEMENT_WORDS - _CONNECTORS


def opens_office(words: list[str], i: int) -> bool:
    """Whether an office or rank starts at words[i] ("Press Secretary …", "Admiral …")."""
    if i >= len(words):
        return False
    word = words[i].casefold().rstrip(",")
    qualifier = word in _OFFICE_WORDS or word in _COMPLEMENT_WORDS - _CONNECTORS
    return word in _OFFICE_HEADS or (qualifier and _head_follows(words, i))


def _is_surname_after_address(words: list[str], start: int) -> bool:
    personal = {"mr.", "mr", "mrs.", "mrs", "ms.", "ms", "miss", "mx.", "dr.", "dr"}
    vocative = {
        "president",
        "secretary",
        "ambassador",
        "minister",
        "chairman",
        "chairwoman",
        "speaker",
        "mayor",
        "governor",
        "leader",
        "premier",
        "chancellor",
    }
    opened = start > 0 and words[start - 1].casefold() in personal
    return opened and words[start].casefold().rstrip(",") not in vocative


def _ends_in_rank(words: list[str]) -> bool:
    """ "… Communications Admiral": a rank after an office. "Vice Admiral" is a rank of its
    own, and "Secretary General" or "Surgeon General" one office."""
    if len(words) < 2 or words[-1].casefold() not in _RANKS:
        return False
    if all(w.casefold() in _RANKS | _RANK_QUALIFIERS for w in words):
        return False
    return words[-2].casefold() not in _OFFICE_HEADS


def _skip_honorifics(words: list[str], i: int) -> int:
    while i < len(words):
        matched = _honorific_at(words, i)
        if not matched:
            break
        i += matched
    return i


def _honorific_at(words: list[str], i: int) -> int:
    """How many words from `i` form a form of address (0 for none)."""
    for size in (3, 2, 1):
        phrase = " ".join(words[i : i + size]).casefold().rstrip(",")
        if len(words) - i >= size and phrase in _HONORIFICS:
            if phrase in ("the", "he", "m.") and i + size >= len(words):
                return 0  # "The" or "He" alone is no title; "M." may be an initial
            if phrase == "he" and words[i] != "HE":
                return 0  # "HE" is the UN's "H.E."; "He" is a word
            return size
    return 0


def _office_end(words: list[str], start: int) -> int:
    """Index just after the office phrase that opens words[start:] (start if none)."""
    end = start
    i = start
    while i < len(words):
        word = words[i].casefold().rstrip(",")
        if word in _OFFICE_HEADS:
            i += 1
            end = i
        elif (word in _OFFICE_WORDS or word in _COMPLEMENT_WORDS - _CONNECTORS) and _head_follows(
            words, i
        ):
            i += 1  # "Press Secretary", "Commerce Secretary"
        elif word in ("of", "for", "to") and end == i and i > start:
            j = i + 1
            while j < len(words) and words[j].casefold().rstrip(",") in _COMPLEMENT_WORDS:
                j += 1
            if j == i + 1 and len(words) - j >= 3 and words[j][:1].isupper():
                j += 1  # "Senior Director for Europe Amanda Sloat": a place, then the name
            if j == i + 1 or words[j - 1].casefold() in _CONNECTORS:
                break  # "Lee Hsien Loong of Singapore": the place follows the name
            i = end = j
        elif word == "and" and end == i and _head_follows(words, i + 1):
            i += 1
        elif _honorific_at(words, i) and end == i and i > start:
            i += _honorific_at(words, i)  # "Minister H.E. Mr. ..." keeps going
            end = i
        else:
            break
    if end >= len(words) and end > start:
        # Only an office ("Minister for Foreign Affairs", "THE PRESIDENT"): no name.
        return len(words)
    return end


def _head_follows(words: list[str], i: int) -> bool:
    """Whether an office head comes within the next few office words from `i`."""
    for j in range(i, min(i + 6, len(words))):
        word = words[j].casefold().rstrip(",")
        if word in _OFFICE_HEADS:
            return True
        if word not in _OFFICE_WORDS and word not in _COMPLEMENT_WORDS:
            return False
    return False


def _strip_honorifics_inside(words: list[str]) -> list[str]:
    kept, i = [], 0
    while i < len(words):
        size = _honorific_at(words, i)
        if size and words[i].casefold() != "the":
            i += size
            continue
        kept.append(words[i])
        i += 1
    while kept and kept[0].casefold() == "the":
        kept.pop(0)
    return kept


def _trailing_place(words: list[str]) -> tuple[list[str], str]:
    """ "Lee Hsien Loong of Singapore" -> (["Lee", "Hsien", "Loong"], "of Singapore")."""
    lowered = [w.casefold() for w in words]
    for marker in ("of", "for"):
        if marker in lowered[1:]:
            at = lowered.index(marker, 1)
            return words[:at], " ".join(words[at:])
    return words, ""


def _split_chinese(text: str) -> tuple[str, str]:
    compact = text.replace(" ", "")
    match = _ZH_ROLE.match(compact)
    if match:
        name, role = match["name"], match["role"]
        suffix = _ZH_SUFFIX.match(name)
        if suffix and suffix["role"] in _ZH_HONORIFICS:
            name = suffix["name"]
        return name, role
    match = _ZH_SUFFIX.match(compact)
    if match:
        role = "" if match["role"] in _ZH_HONORIFICS else match["role"]
        return match["name"], role
    return compact, ""


def proper_case(name: str) -> str:
    """Capitalise shouted words of a name: "KIRBY" -> "Kirby", "MCDONOUGH" -> "McDonough",
    "O’CONNELL" -> "O’Connell", "VON DER LEYEN" -> "von der Leyen"; "XI Jinping" ->
    "Xi Jinping". Words already in mixed case, initials and numerals stay as written."""
    words = name.split()
    shouted = [_is_shouted(w) for w in words]
    out = []
    for i, (word, loud) in enumerate(zip(words, shouted, strict=True)):
        if not loud:
            out.append(word)
        elif word.casefold() in _PARTICLES and i > 0 and i < len(words) - 1:
            out.append(word.casefold())
        else:
            out.append(_capitalise(word))
    return " ".join(out)


def _is_shouted(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or not all(ch.isupper() for ch in letters):
        return False
    if _ROMAN.match(word.rstrip(".,")):
        return False
    return not re.fullmatch(r"(?:[A-Z]\.)+,?", word)  # "J." or "U.S." is no shout


def _capitalise(word: str) -> str:
    parts = re.split(r"([-’'])", word)
    out = []
    for part in parts:
        if part in ("-", "’", "'") or not part:
            out.append(part)
            continue
        lowered = part[:1] + part[1:].lower()
        if lowered.startswith("Mc") and len(lowered) > 3:
            lowered = "Mc" + lowered[2:].capitalize()
        out.append(lowered)
    joined = "".join(out)
    # "O’" and "D’" open a name whose next part is capitalised; "’s" closes a possessive.
    return re.sub(r"(?<=[’'])S$", "s", joined)


def proper_role(role: str) -> str:
    """ "PRIME MINISTER" -> "Prime Minister"; "NSC COORDINATOR" -> "NSC Coordinator";
    a role in mixed case stays as written."""
    words = role.split()
    if not words or not any(_is_shouted(w) for w in words):
        return role
    out = []
    for i, word in enumerate(words):
        lowered = word.casefold()
        if lowered in _ACRONYMS and lowered not in ("us", "who"):
            out.append(word)
        elif lowered in _CONNECTORS and i > 0:
            out.append(lowered)
        else:
            out.append(_capitalise(word) if _is_shouted(word) else word)
    return " ".join(out)
