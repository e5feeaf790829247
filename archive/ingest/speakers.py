"""Who each turn's label names: a person without titles, their role, and for askers
their outlet ("MR. KIRBY" -> John Kirby, "PRIME MINISTER LEE" -> Lee Hsien Loong,
"路透社记者" -> an asker from Reuters).

Only the transcript itself is read: its headline's officials and the full names it
mentions ("joined by Admiral John Kirby"). "THE PRESIDENT" on a White House transcript
names whoever held the office that day; without a headline naming them the name is
left empty and the role says which office it is, for a curated table to resolve.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from archive.ingest import acts, labels, names, stage
from archive.ingest.document import SpeakerInfo, Turn, TurnKind
from archive.ingest.labels import Label, Official
from archive.ingest.outlets import canonical_outlet, known_outlet

_WHITE_HOUSE = re.compile(
    r"White House|Air Force One|Brady Press Briefing Room|Oval Office|Roosevelt Room|East Room"
    r"|Rose Garden|State Dining Room|South Lawn|Eisenhower Executive Office Building"
    r"|\b[AP]\.?M\.? (?:[ECMP][DS]T|AK[DS]T|HST)\b"
)
WHITE_HOUSE = "White House"
# Where "THE PRESIDENT" is said: the White House, or a UN body whose chair it names.
HOUSES = (WHITE_HOUSE, "General Assembly", "Security Council", "Human Rights Council",
          "Economic and Social Council")  # fmt: skip
# "THE PRESIDENT", "THE VICE PRESIDENT" on a White House transcript.
_US_OFFICES = {
    "President": "President of the United States",
    "Vice President": "Vice President of the United States",
    "First Lady": "First Lady of the United States",
    "Second Gentleman": "Second Gentleman of the United States",
}
_FULL_NAME = re.compile(
    r"(?<![\w’'.-])(?:[A-Z][a-z’'-]+|[A-Z]\.(?:[A-Z]\.)?)"
    r"(?:\s+(?:[A-Z][a-z’'-]+|[A-Z]\.|de|van|von|der|bin|al)){1,5}(?![\w’'-])"
)
# Capitalised words that open a sentence or a phrase rather than a person's name.
_NOT_GIVEN_NAMES = set(
    """
    the this that these those and but so or if when what why how where who which thank
    thanks today yesterday tomorrow now then well yes no okay look again also as at in on of
    for with from by to our my your his her their we i you he she they it dear good great
    new north south east west united american americans white house senate congress
    democrats republicans democratic republican national federal supreme court state states
    department let just every all both many some any one two first last next after before
    during since until while because however meanwhile here there happy merry is are was
    were do does did can could will would should may might must has have had not even only
    please hi hello hey oh mister january february march april june july august september
    october november december monday tuesday wednesday thursday friday saturday sunday
    christmas easter covid air force camp fort mount lake saint san los las el
    """.split()
)


def resolve(turns: list[Turn], turn_labels: list[Label | None], officials: list[Official],
            text: str, house: str = "", head: str = "") -> None:  # fmt: skip
    """Fill each turn's `name`, `role` and `outlet`; `turn_labels[i]` is the label of
    `turns[i]` (None for a turn the parser made: opening remarks, a speech); `house` is
    where the transcript was made, one of HOUSES or ""; `head` its title and preamble."""
    mentions = full_names(text)
    labelled = {
        _official_for(names.split_title(labels.without_notes(lb.raw))[0], officials)
        for lb in turn_labels
        if lb
    }
    for turn, label in zip(turns, turn_labels, strict=True):
        if turn.asker:
            turn.name, turn.role, turn.outlet = _asker(label)
        else:
            turn.name, turn.role = _official(turn, label, officials, mentions, house,
                                             labelled)  # fmt: skip
            if not turn.name and turn.role and label:
                turn.name = holder_named(turn.role, head)


def _asker(label: Label | None) -> tuple[str, str, str]:
    if label is None or label.name == labels.REPORTER:
        return "", "", ""  # "Q", "问", "Reporter": someone in the room
    if labels.is_outlet(label.raw) or labels.is_cjk_asker(label.raw):
        return "", "", canonical_outlet(label.raw)
    name, _role = names.split_title(label.raw)
    return name, "", ""


def _official(turn, label, officials, mentions, house, labelled) -> tuple[str, str]:
    if label is None or label.role == labels.ANSWER:
        # Opening remarks, a speech or "A:": the headline's official, if it names one.
        official = _official_for(turn.speaker, officials)
        return (official.name, official.role) if official else ("", "")
    name, role = names.split_title(labels.without_notes(label.raw))
    official = _official_for(name, officials)
    if official:
        return official.name, official.role or role
    if not name:
        return _by_office(label.raw, role, officials, labelled, house)
    if len(name.split()) == 1:
        name = _full_name(name, mentions)
    return name, role


def holder_named(role: str, head: str) -> str:
    """Who the title or preamble says holds `role`: "… briefing by Stéphane Dujarric,
    Spokesman for the Secretary-General" names the "Spokesman:" of the transcript."""
    if not role or not head:
        return ""
    office = re.escape(role)
    for pattern in (rf"(?P<name>(?:\w[\w’'.-]*\s+){{1,4}}?\w[\w’'-]*),?\s+(?:the\s+)?{office}\b",
                    rf"\b{office}\s+(?P<name>\w[\w’'-]*(?:\s+\w[\w’'-]*){{1,3}})"):  # fmt: skip
        for match in re.finditer(pattern, head, re.IGNORECASE):
            words = [w for w in match["name"].split() if w[:1].isupper()]
            words = words[-3:] if pattern.startswith("(?P") else words[:3]
            while words and (words[0].casefold() in _NOT_GIVEN_NAMES
                             or names.is_office_word(words[0])):  # fmt: skip
                words.pop(0)
            if len(words) >= 2 and not any(names.is_office_word(w) for w in words):
                return " ".join(words)
    return ""


def _official_for(name: str, officials: list[Official]) -> Official | None:
    """The headline official `name` refers to: "Lee" or "Mr. Lee" is Lee Hsien Loong."""
    if not name:
        return None
    bare = names.split_title(name)[0] or name
    for official in officials:
        if bare == official.name or (
            " " not in bare and bare.casefold() in official.name.casefold().split()
        ):
            return official
    return None


def _by_office(raw: str, role: str, officials, labelled, house) -> tuple[str, str]:
    """ "THE PRESIDENT": the one headline official holding the office, if no label
    of its own names them; otherwise only the office."""
    definite = raw.casefold().startswith("the ")
    holders = [o for o in officials if o.role.casefold() == role.casefold()]
    if definite and house == WHITE_HOUSE and role in _US_OFFICES:
        role = _US_OFFICES[role]
    elif definite and house and role in ("President", "Vice-President", "Acting President"):
        role = f"{role} of the {house}"  # the chair of a UN body
    if definite and len(holders) == 1 and holders[0] not in labelled:
        return holders[0].name, role
    return "", role


def full_names(text: str) -> dict[str, Counter]:
    """Full names the text mentions, by each name's last word and first word:
    {"Kirby": Counter({"John Kirby": 3}), "John": ...}."""
    found: dict[str, Counter] = defaultdict(Counter)
    for match in _FULL_NAME.finditer(text):
        name = names.split_title(match[0])[0]
        words = name.split()
        while words and words[0].casefold().rstrip(".") in _NOT_GIVEN_NAMES:
            words.pop(0)
        if not 2 <= len(words) <= 4 or any(names.is_office_word(w) for w in words):
            continue
        full = " ".join(words)
        found[words[-1]][full] += 1
        found["^" + words[0]][full] += 1
    return found


def _full_name(surname: str, mentions: dict[str, Counter]) -> str:
    """ "Kirby" -> "John Kirby" when the text gives the full name; "Xi" -> "Xi Jinping"
    for names written family name first."""
    for key in (surname, "^" + surname):
        if mentions.get(key):
            return mentions[key].most_common(1)[0][0]
    return surname


_INTRODUCED = re.compile(
    r"(?:give|yield|pass|turn) the floor (?:over )?to |(?:call|calling) (?:up)?on |"
    r"(?:invite|inviting|welcome|introduce) "
)


def introduced(turns: list[Turn]) -> None:
    """Take a speaker's full name and office from the chair's introduction: "I now give
    the floor to His Excellency Mr. Wang Yi, State Councilor and Minister for Foreign
    Affairs of China" names the "Mr. Wang Yi (China)" who speaks next."""
    for before, turn in zip(turns, turns[1:], strict=False):
        if turn.asker or before.asker or not turn.name:
            continue
        match = _INTRODUCED.search(before.text)
        if not match:
            continue
        person, _, office = before.text[match.end() :].partition(",")
        office = re.split(r"[.;:]\s|\.$| to (?:take the floor|speak|address)", office)[0]
        full, title_role = names.split_title(person)
        if not full or not set(turn.name.split()) <= set(full.split()):
            continue
        turn.name = full
        turn.role = turn.role or " ".join(office.split()) or title_role


_SELF_INTRODUCED = re.compile(
    r"\b(?i:from|with)\s+(?:the\s+)?(?P<outlet>[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){0,4})\s*[.,]"
)


def outlet_named_by_asker(text: str) -> str:
    """ "TV Asahi. My name is …" or "Ikejiri from Asahi Shimbun. …": the outlet a
    reporter names at the start of their question, when the outlet table knows it."""
    opening = stage.without_directions(text)[:160]
    first = re.split(r"(?<=[.!?])\s", opening, maxsplit=1)[0]
    found = known_outlet(first)
    if found:
        return found
    match = _SELF_INTRODUCED.search(opening)
    words = re.split(r"[\s.,]+", match["outlet"]) if match else []
    # "CBS. Question": the longest run of words that is an outlet of the table.
    found = (known_outlet(" ".join(words[:n])) for n in range(len(words), 0, -1))
    return next((outlet for outlet in found if outlet), "")


def name_askers_called(turns: list[Turn]) -> None:
    """ "Darlene Superville, Associated Press." before a question, or "TV Asahi." at its
    start: who asks it, and for which outlet."""
    for i, turn in enumerate(turns):
        if turn.kind != TurnKind.QUESTION or (i and turns[i - 1].question == turn.question):
            continue
        reporter, outlet = _called_before(turns[:i]) or ("", "")
        outlet = outlet or turn.outlet or outlet_named_by_asker(turn.text)
        if not (reporter or outlet):
            continue
        for part in turns[i:]:
            if part.kind == TurnKind.QUESTION and part.question == turn.question:
                part.name = part.name or reporter
                part.outlet = part.outlet or canonical_outlet(outlet)


def _called_before(turns: list[Turn]) -> tuple[str, str] | None:
    """The reporter and outlet an official last called on, looking back over the
    procedural turns ("Can you hear me?", "Yes.") to the answer before them."""
    for turn in reversed(turns):
        if not turn.asker:
            called = acts.called(acts.last_sentence(turn.text))
            if called:
                return called
        if turn.kind != TurnKind.PROCEDURAL:
            return None
    return None


def same_person(display: str, official: str) -> bool:
    """ "President Biden" is "Biden"; "Prime Minister Lee" is "Lee Hsien Loong"."""
    if not display or not official:
        return False
    return display == official or display.split()[-1] in official.split()


def speaker_list(turns: list[Turn], officials: list[Official]) -> list[SpeakerInfo]:
    """The speakers by display name, in order of first turn, with the person and the
    labels they spoke under."""
    seen: dict[str, SpeakerInfo] = {}
    people: dict[str, set[str]] = {}
    for turn in turns:
        if turn.speaker not in seen:
            role = _headline_role(turn.speaker, officials)
            seen[turn.speaker] = SpeakerInfo(turn.speaker, role, asker=turn.asker)
        people.setdefault(turn.speaker, set()).add(turn.name)
        if turn.label and turn.label not in seen[turn.speaker].labels:
            seen[turn.speaker].labels.append(turn.label)
    for speaker, info in seen.items():
        # "Reporter" stands for everyone who asked unnamed: no one person.
        found = people[speaker]
        info.person = found.pop() if len(found) == 1 else ""
    return list(seen.values())


def _headline_role(name: str, officials: list[Official]) -> str:
    """The office the headline gives this speaker, or the one their label starts with."""
    for official in officials:
        if same_person(name, official.name):
            return official.role
    return next((w for w in labels.OFFICES if name.startswith(w + " ")), "")


def house_of(head: str) -> str:
    """Where the transcript was made, when its title or preamble says so (see HOUSES)."""
    if _WHITE_HOUSE.search(head):
        return WHITE_HOUSE
    return next((house for house in HOUSES if house in head), "")
