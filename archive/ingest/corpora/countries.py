"""Which country speaks: ISO 3166-1 alpha-3 codes (as corpora write them) to the
archive's countries, with the name the country spoke under in that year.

Current countries come from pycountry and fixtures/countries.json (the archive's
alpha-2 codes and display names); states that no longer exist, and the European
Union, from fixtures/historic_countries.json, which also holds the former names.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import pycountry

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


@dataclass(frozen=True)
class Speaking:
    """The country a statement is filed under, and what it was called at the time."""

    code: str  # the archive's alpha-2 code (Country.code)
    name: str  # the archive's display name for that code
    name_then: str  # the name in that year ("Soviet Union" for RUS in 1970)


class UnknownCountry(LookupError):
    """An alpha-3 code that neither ISO 3166 nor the historic table knows."""


@functools.lru_cache(maxsize=1)
def _tables():
    current = json.loads((FIXTURES / "countries.json").read_text(encoding="utf-8"))
    names = {r["fields"]["code"]: r["fields"]["name"] for r in current}
    historic = json.loads((FIXTURES / "historic_countries.json").read_text(encoding="utf-8"))
    alpha3 = {}
    for state in historic["states"]:
        alpha3[state["alpha_3"]] = state["code"]
        names[state["code"]] = state["name"]
    return names, alpha3, historic["names_at_the_time"]


def historic_states() -> list[dict]:
    """The states the fixture lacks, as fixtures/historic_countries.json proposes them."""
    path = FIXTURES / "historic_countries.json"
    return json.loads(path.read_text(encoding="utf-8"))["states"]


def speaking_country(alpha_3: str, year: int) -> Speaking:
    """The country behind `alpha_3` in `year`; raises UnknownCountry."""
    names, historic, then = _tables()
    code = historic.get(alpha_3)
    if code is None:
        country = pycountry.countries.get(alpha_3=alpha_3)
        if country is None or country.alpha_2 not in names:
            raise UnknownCountry(f"'{alpha_3}' is not an ISO 3166 alpha-3 code the archive knows")
        code = country.alpha_2
    name_then = names[code]
    for first, last, former, *moved in then.get(alpha_3, []):
        if first <= year <= last:
            name_then = former
            if moved:
                code = moved[0]
    return Speaking(code, names[code], name_then)
