"""Dates and times as transcripts write them in headlines, datelines and preambles.

Only the transcript's own metadata is searched (title and preamble), never the
answers: "on May 12" in an answer is an event, not the day of the transcript.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, name in enumerate(
        "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1
    )
}
_MONTH_NAME = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
    r"|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH = rf"(?P<month>{_MONTH_NAME})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

# Full dates, most specific first.
_FULL_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),  # May 11, 2018
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),  # 11 May 2018
    re.compile(rf"\b{_YEAR}[-/.](?P<month>\d{{1,2}})[-/.](?P<day>\d{{1,2}})\b"),  # 2020-05-27
    re.compile(rf"{_YEAR}\s*年\s*(?P<month>\d{{1,2}})\s*月\s*(?P<day>\d{{1,2}})\s*日"),
]
# A day without a year: a dateline such as "Beijing, September 16-" or "9月16日电".
_PARTIAL_DATES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*\d)", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH}(?![\w.])(?!,?\s*\d)", re.IGNORECASE),
    re.compile(r"(?<![年\d])(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日"),
]

# "Xinhua News Agency, Beijing, September 16-": the place is the part just before the day.
_DATELINE_DAY = re.compile(
    rf",\s*{_MONTH_NAME}\.?\s+\d{{1,2}}(?:,?\s*\d{{4}})?\s*[-–—(]", re.IGNORECASE
)
_PLACE = re.compile(r"[A-Z][\w .'’-]{0,39}")
_ZH_DATELINE = re.compile(r"^新华社(?P<place>[\u4e00-\u9fff]{2,6}?)\d{1,2}月\d{1,2}日电")

_WEEKDAY = re.compile(r"^(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s*", re.IGNORECASE)
_TIME_LINE = re.compile(
    r"^\d{1,2}[:.]\d{2}\s*(?:[AP]\.?\s?M\.?)?(?:\s+[A-Z]{2,5})?$", re.IGNORECASE
)


# No statement in the archive is older; an earlier date is a misreading or a typo.
EARLIEST = datetime.date(1800, 1, 1)


def date_doubt(date: datetime.date, now: datetime.datetime | None = None) -> str:
    """Why `date` cannot be the day of a statement ("1750-05-11 is before 1800",
    "… is in the future"), or "" when it can."""
    now = now or datetime.datetime.now(datetime.UTC)
    # The day is already under way somewhere (UTC+14) while still ahead in UTC:
    # a briefing in Beijing is dated "today" hours before London's midnight.
    if date > (now + datetime.timedelta(hours=14)).date():
        return f"{date.isoformat()} is in the future"
    if date < EARLIEST:
        return f"{date.isoformat()} is before {EARLIEST.year}"
    return ""


@dataclass
class FoundDate:
    date: datetime.date | None = None
    # (month, day) when only a day without a year was found.
    partial: tuple[int, int] | None = None


def find_date(texts: Iterable[str]) -> FoundDate:
    """The first full date in `texts`; failing that, the first day without a year."""
    texts = [t for t in texts if t]
    for text in texts:
        for pattern in _FULL_DATES:
            for match in pattern.finditer(text):
                date = _full(match)
                if date:
                    return FoundDate(date=date)
    for text in texts:
        for pattern in _PARTIAL_DATES:
            for match in pattern.finditer(text):
                partial = _partial(match)
                if partial:
                    return FoundDate(partial=partial)
    return FoundDate()


def is_date_line(text: str) -> bool:
    """A paragraph that is nothing but a date, e.g. "2020-05-27" or "May 11, 2018"."""
    text = _WEEKDAY.sub("", text.strip(" ,.()"))
    if len(text) > 40:
        return False
    return any(p.fullmatch(text) for p in _FULL_DATES)


def is_time_line(text: str) -> bool:
    """A paragraph that is nothing but a clock time, e.g. "1:28 P.M. EDT"."""
    return bool(_TIME_LINE.match(text.strip()))


def dateline_place(text: str) -> str | None:
    """The place of a news dateline opening `text` ("Beijing"), or None if there is none."""
    head = text[:160]
    day = _DATELINE_DAY.search(head)
    if day:
        parts = [part.strip() for part in head[: day.start()].split(",")]
        if all(0 < len(part) <= 40 for part in parts) and _PLACE.fullmatch(parts[-1]):
            return parts[-1]
    match = _ZH_DATELINE.match(head)
    return match["place"] if match else None


def _month_number(value: str) -> int:
    if value.isdigit():
        return int(value)
    return _MONTHS.get(value.lower()[:3], 0)


def _full(match: re.Match) -> datetime.date | None:
    try:
        return datetime.date(int(match["year"]), _month_number(match["month"]), int(match["day"]))
    except ValueError:
        return None


def _partial(match: re.Match) -> tuple[int, int] | None:
    month, day = _month_number(match["month"]), int(match["day"])
    try:
        datetime.date(2000, month, day)  # a leap year, so February 29 is accepted
    except ValueError:
        return None
    return month, day
