"""Who a label names: the rules that take a label to one person, over any directory
of people (the curated officials file, `archive.ingest.officials`, or the database's
speakers, `archive.people`), and the keys names are compared by.

The rules, in order:

1. The label loses its titles ("State Councilor and Foreign Minister Wang Yi" is
   Wang Yi, "MR. KIRBY" is Kirby; `archive.ingest.names.split_title`).
2. A full name matches a name form as written (any case or spacing), else by sound:
   赵立坚, "Zhao Lijian" and "ZHAO Li-jian" are one person (pinyin).
3. A family name alone ("Kirby", "MS. PSAKI") matches the one person of that family
   name, or the one among them who held a role on the transcript's date.
4. An office alone ("THE PRESIDENT") matches whoever held it on the date, at `where`
   (an organisation or source, "White House") when more than one did.

When two people fit equally, nobody is chosen (None): a wrong attribution is worse
than a new speaker an editor merges. No ORM here.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Protocol

from archive.ingest.names import split_title
from archive.text import HAN


def form_key(name) -> str:
    """A name form compared without case, spacing or the punctuation around it."""
    return " ".join(str(name or "").split()).strip(" .,:;：").casefold()


def sound_key(name) -> str:
    """The name as it sounds, in Latin letters only: "赵立坚", "Zhao Lijian" and
    "ZHAO Li-jian" are all "zhaolijian"."""
    text = str(name or "")
    if HAN.search(text):
        from pypinyin import lazy_pinyin

        text = " ".join(lazy_pinyin(text))
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", bare.lower())


def surname_key(name) -> str:
    """The family name's sound key: the last word of a Latin-script name, the first
    character of a Chinese one ("" for a one-word name)."""
    text = " ".join(str(name or "").split())
    if HAN.search(text):
        return sound_key(text[0]) if len(text) > 1 else ""
    words = text.split()
    return sound_key(words[-1]) if len(words) > 1 else ""


def family_first_key(name) -> str:
    """The first word's sound key, for names written family name first in Latin
    letters ("Lee Hsien Loong", "Xi Jinping"); "" for Chinese script or one word."""
    words = " ".join(str(name or "").split()).split()
    return sound_key(words[0]) if len(words) > 1 and not HAN.search(words[0]) else ""


def language_of(name) -> str:
    return "zh" if HAN.search(str(name or "")) else "en"


class RoleLike(Protocol):
    start: datetime.date | None
    end: datetime.date | None
    organisation: str
    addressed_as: list


class Directory(Protocol):
    """Where people are looked up: each method returns (person, roles) pairs."""

    def by_form(self, key: str) -> list: ...
    def by_sound(self, key: str) -> list: ...
    def by_family(self, key: str) -> list: ...
    def holding_office(self, on: datetime.date) -> list: ...


def covers(role: RoleLike, on: datetime.date) -> bool:
    return (role.start is None or role.start <= on) and (role.end is None or on <= role.end)


def resolve_in(directory: Directory, label, *, on=None, where=""):
    """The one person of `directory` that `label` names on date `on`, or None."""
    text = " ".join(str(label or "").split()).strip(" :：")
    if not text:
        return None
    name, role = split_title(text)
    for key in dict.fromkeys(k for k in (form_key(text), form_key(name)) if k):
        if found := _one(directory.by_form(key), on, where):
            return found
    if name and (len(name.split()) > 1 or HAN.search(name)):
        sound = sound_key(name)
        if sound and (found := _one(directory.by_sound(sound), on, where)):
            return found
    elif name:  # a family name alone
        family = sound_key(name)
        if family and (found := _one(directory.by_family(family), on, where,
                                     need_role=bool(role))):
            return found
    if role and not name and on is not None:  # "the President" of when?
        keys = {form_key(text), form_key(role), form_key(f"the {role}")}
        return _office_holder(directory.holding_office(on), keys, on, where)
    return None


def _one(candidates, on, where, need_role=False):
    """The one candidate, else the one whose roles fit the date (and place)."""
    if len(candidates) == 1:
        person, roles = candidates[0]
        if not (need_role and on and not any(covers(r, on) for r in roles)):
            return person
    if not candidates or on is None:
        return None
    held = [(p, [r for r in roles if covers(r, on)]) for p, roles in candidates]
    held = [(p, roles) for p, roles in held if roles]
    if len(held) > 1 and where:
        held = [(p, roles) for p, roles in held if any(at(r, where) for r in roles)]
    return held[0][0] if len(held) == 1 else None


def _office_holder(pairs, keys, on, where):
    fitting = [(p, r) for p, roles in pairs for r in roles
               if covers(r, on) and keys & {form_key(a) for a in r.addressed_as}]
    if where and len({id(p) for p, _ in fitting}) > 1:
        fitting = [(p, r) for p, r in fitting if at(r, where)]
    people = list({id(p): p for p, _ in fitting}.values())
    return people[0] if len(people) == 1 else None


def at(role: RoleLike, where: str) -> bool:
    """Whether the role was held at `where` (an organisation or source name)."""
    place = form_key(where).removeprefix("the ")
    organisation = form_key(role.organisation).removeprefix("the ")
    return bool(place and organisation) and (place in organisation or organisation in place)
