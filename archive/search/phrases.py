"""Phrase history: who said a phrase first, and when each speaker and each country
first took it up.

The backend reads the earliest uses from the index itself (`first_uses`: the
matches' date and facet columns on Whoosh, DISTINCT ON in PostgreSQL); only the
stored fields of those earliest statements reach Python. Answers only: a phrase
is "used" by the officials who say it, not by the reporters who ask about it.
"""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from haystack.inputs import Exact

from archive.models import Country
from archive.search import backend
from archive.search.backend import as_values
from archive.search.results import names

FIELDS = ("speaker_slug", "country")


@dataclass
class Use:
    speaker: str
    countries: list  # names of the countries of the statement's interview
    date: datetime.date
    date_display: str
    title: str
    url: str
    text: str

    @property
    def country(self):
        return ", ".join(self.countries)


@dataclass
class History:
    first: Use | None
    by_speaker: list  # (speaker name, Use), earliest first
    by_country: list  # (country name, Use), earliest first

    def firsts(self):
        """Every first use by a speaker or a country, earliest first:
        (kind, who, Use) with kind "speaker" or "country"."""
        rows = [("speaker", who, use) for who, use in self.by_speaker]
        rows += [("country", who, use) for who, use in self.by_country]
        return sorted(rows, key=lambda row: (row[2].date, row[0], row[1]))


def phrase_history(sqs):
    """The History of the statements `sqs` (a search form's query) matches."""
    query = sqs.filter(type=Exact("answer")).query.build_query()
    found = backend.current().first_uses(query, FIELDS)
    countries = names(Country, "code")

    def use(stored):
        return _use(stored, countries)

    def earliest(pairs):
        return sorted(pairs, key=lambda pair: (pair[1].date, pair[0]))

    return History(
        first=use(found["first"]) if found["first"] else None,
        by_speaker=earliest((u.speaker, u) for u in map(use, found["speaker_slug"].values())),
        by_country=earliest((countries.get(code, code), use(s))
                            for code, s in found["country"].items()),
    )


def _use(stored, countries):
    slug, position = stored["interview_slug"], int(stored["position"])
    return Use(
        speaker=stored.get("speaker_name") or "Unknown speaker",
        countries=[countries.get(code, code) for code in as_values(stored.get("country"))],
        date=_date(stored["date"]),
        date_display=stored.get("date_display", ""),
        title=stored.get("title", ""),
        url=reverse("answer-detail", args=[slug, position]),
        text=stored.get("text", ""),
    )


def _date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str):
        return datetime.date.fromisoformat(value[:10])
    return value
