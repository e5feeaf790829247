"""The curated officials: name forms in both languages and offices over time, from
fixtures/officials.json. No ORM: the parser resolves labels against it (the parse
JSON's `resolved`), and `load_officials` copies it into the database, where editors
extend it in the admin.

Each entry: {"name": "Wang Yi", "names": ["王毅"], "kind": "official", "country": "CN",
"roles": [{"title": "Minister of Foreign Affairs", "title_zh": "外交部长",
"organisation": "Ministry of Foreign Affairs of China", "start": "2013-03-16",
"end": "2022-12-30", "addressed_as": []}]}. A date may be a year alone (2018: the whole
year); "end": null is "still in office".
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from archive.ingest.identity import (
    family_first_key,
    form_key,
    resolve_in,
    sound_key,
    surname_key,
)

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "officials.json"


@dataclass(frozen=True)
class OfficialRole:
    title: str
    title_zh: str = ""
    organisation: str = ""
    country: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    precision: str = "day"
    addressed_as: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    name: str
    names: tuple[str, ...] = ()
    kind: str = "official"
    country: str = ""
    roles: tuple[OfficialRole, ...] = field(default_factory=tuple)

    @property
    def forms(self):
        return (self.name, *self.names)


def _date(value, last=False):
    """An ISO date, or a year alone: its first (or, for an end, last) day."""
    if value in (None, ""):
        return None, "day"
    if isinstance(value, int) or str(value).isdigit():
        year = int(value)
        return (datetime.date(year, 12, 31) if last else datetime.date(year, 1, 1)), "year"
    return datetime.date.fromisoformat(str(value)), "day"


def read(path=FIXTURE) -> list[Person]:
    """The people of an officials file; a malformed entry raises ValueError naming it."""
    people = []
    for n, entry in enumerate(json.loads(Path(path).read_text(encoding="utf-8")), 1):
        try:
            roles = []
            for r in entry.get("roles", []):
                start, p1 = _date(r.get("start"))
                end, p2 = _date(r.get("end"), last=True)
                roles.append(OfficialRole(
                    title=r["title"], title_zh=r.get("title_zh", ""),
                    organisation=r.get("organisation", ""), country=r.get("country", ""),
                    start=start, end=end, precision="year" if "year" in (p1, p2) else "day",
                    addressed_as=tuple(r.get("addressed_as", ())),
                ))
            people.append(Person(
                name=entry["name"], names=tuple(entry.get("names", ())),
                kind=entry.get("kind", "official"), country=entry.get("country", ""),
                roles=tuple(roles),
            ))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{Path(path).name}, entry {n}: {exc!r}") from exc
    return people


class Officials:
    """A directory (`archive.ingest.identity.Directory`) over a list of people."""

    def __init__(self, people: list[Person]):
        self.people = people
        self._index: dict[tuple[str, str], list[Person]] = {}
        for person in people:
            for form in person.forms:
                keys = [("form", form_key(form)), ("sound", sound_key(form)),
                        ("family", surname_key(form)), ("family", family_first_key(form))]
                for key in keys:
                    if key[1]:
                        bucket = self._index.setdefault(key, [])
                        if person not in bucket:
                            bucket.append(person)

    def _pairs(self, people):
        return [(p, list(p.roles)) for p in people]

    def by_form(self, key):
        return self._pairs(self._index.get(("form", key), []))

    def by_sound(self, key):
        return self._pairs(self._index.get(("sound", key), []))

    def by_family(self, key):
        return self._pairs(self._index.get(("family", key), []))

    def holding_office(self, on):
        return self._pairs(self.people)

    def resolve(self, label, *, on=None, where="") -> Person | None:
        return resolve_in(self, label, on=on, where=where)


@lru_cache(maxsize=1)
def curated() -> Officials:
    return Officials(read())
