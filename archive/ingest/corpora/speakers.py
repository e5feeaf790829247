"""The UN General Debate's table of who spoke (`Speakers_by_session.xlsx`), and its
names cleaned into the names people are known by.

The table was typed by hand over decades: country codes with trailing spaces or
typos, names in capitals ("Mr. ROJAS GALDAMES"), with honorifics, commas, OCR'd
Greek and Cyrillic letters that look Latin ("ΒEMANANJARA"), Windows-1252 bytes read
as Latin-1 ("Ga\x9aparovič"). Cleaning keeps every part of a name that could be the
name: titles that people are known by ("Sheikh", "Prince", "Sir", "Dr.", Burmese
"U") stay; only forms of address ("Mr.", "H.E.") and letters after the name go.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from dataclasses import dataclass

import openpyxl

COLUMNS = {
    "year": "Year",
    "session": "Session",
    "code": "ISO Code",
    "country": "Country",
    "name": "Name of Person Speaking",
    "post": "Post",
}

# Codes the table mistypes, each checked against the row's country name and the
# speech files of that session: "PKR" is the row of the DPRK (PRK), "YDYE" is South
# Yemen's ISO 3166-3 code where the files use YMD, "EC" the European Council (EU).
CODE_FIXES = {
    "CZK": "CSK", "DKN": "DNK", "EC": "EU", "PAR": "PRY", "PKR": "PRK", "POR": "PRT",
    "YDYE": "YMD", "ZFA": "ZAF",
}  # fmt: skip
# Rows whose code is another country's, told by the country name and the speaker
# (Anna Lindh was Sweden's foreign minister in 2001; Clifford Mamba Swaziland's).
ROW_FIXES = {("CHE", 56, "Sweden"): "SWE", ("SWE", 56, "Swaziland"): "SWZ"}

# Forms of address, not names; repeated ("H.E. Mr.").
_ADDRESS = re.compile(
    r"^(?:H\.\s*[EM]\.|(?:His|Her)\s+(?:Royal\s+Highness|Excellency|Majesty|Highness)"
    r"|Mrs|Mr|Ms|Mme|Mlle|Miss|Madame|Monsieur)(?:[.;:,]|(?=\s))\s*",
    re.IGNORECASE,
)
_AFTER_NAME = re.compile(
    r"(?:,?\s*\((?:first\s+)?name[^)]*\)|,\s*(?:MP|M\.P\.|T\.D\.?|TD|MBBS|MD|PhD|Ph\.D\.|QC|KC)"
    r"|[\s,:;]+)$"
)
_ROMAN = re.compile(r"^(?=[IVXL])X{0,3}(?:IX|IV|V?I{0,3})$|^L?X{0,3}$")
_INITIALS = re.compile(r"^(?:[A-Z]\.)+$")
_PARTICLES = {"de", "da", "del", "della", "di", "do", "dos", "das", "du", "van", "von", "der",
              "den", "bin", "ibn", "bint", "y", "e", "la"}  # fmt: skip
_SMALL_WORDS = {"of", "the", "and", "for", "in", "on", "to", "a"}
_LOOKALIKES = str.maketrans(
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧАВЕКМНОРСТУХаеорсухі", "ABEZHIKMNOPTYXABEKMHOPCTYXaeopcyxi"
)
# Whole-word misspellings the table repeats (112 rows say "Foregn").
_POST_FIXES = {"Foregn": "Foreign", "minister": "Minister"}


@dataclass(frozen=True)
class Row:
    line: int  # in the sheet, counting the header as line 1
    year: int | None
    session: int | None
    code: str
    country: str
    raw_name: str
    raw_post: str

    @property
    def name(self) -> str:
        return clean_name(self.raw_name)

    @property
    def post(self) -> str:
        return clean_post(self.raw_post)


@dataclass(frozen=True)
class Speaker:
    name: str  # "" when the table names nobody, or names two people
    post: str
    warning: str = ""


class SpeakersTable:
    """Rows by (alpha-3 code, session)."""

    def __init__(self, rows: list[Row]):
        self.rows = rows
        self.by_key: dict[tuple[str, int], list[Row]] = defaultdict(list)
        for row in rows:
            if row.code and row.session is not None:
                self.by_key[(row.code, row.session)].append(row)

    def speaker(self, code: str, session: int) -> Speaker:
        rows = self.by_key.get((code, session), [])
        if not rows:
            missing = f"The speakers table has no row for {code} at session {session}."
            return Speaker("", "", missing)
        names = list(dict.fromkeys(r.name for r in rows if r.name))
        posts = list(dict.fromkeys(r.post for r in rows if r.post))
        if len(names) > 1:
            listed = " and ".join(names)
            return Speaker("", "", f"The speakers table names {listed} for {code} at "
                                   f"session {session}; the speech names neither.")
        if not names:
            return Speaker("", posts[0] if posts else "",
                           f"The speakers table names nobody for {code} at session {session}.")
        return Speaker(names[0], posts[0] if posts else "")


def read_speakers_table(data: bytes) -> SpeakersTable:
    """The table in the bytes of the .xlsx; raises ValueError when it has no such table."""
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors all mean "not a table"
        raise ValueError(f"the speakers table cannot be opened ({exc})") from exc
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
            if all(title in header for title in COLUMNS.values()):
                index = {field: header.index(title) for field, title in COLUMNS.items()}
                return SpeakersTable(
                    [_row(line, values, index) for line, values in enumerate(rows, start=2)]
                )
    finally:
        book.close()
    raise ValueError(f"no sheet has the columns {', '.join(COLUMNS.values())}")


def _row(line, values, index):
    def cell(field):
        i = index[field]
        value = values[i] if i < len(values) else None
        return "" if value is None else str(value)

    code = cell("code").strip().upper()
    code = CODE_FIXES.get(code, code)
    session = _integer(cell("session"))
    country = " ".join(cell("country").split())
    return Row(
        line=line,
        year=_integer(cell("year")),
        session=session,
        code=ROW_FIXES.get((code, session, country), code),
        country=country,
        raw_name=cell("name"),
        raw_post=cell("post"),
    )


def _integer(text):
    try:
        return int(float(text))
    except ValueError:
        return None


# --- names ------------------------------------------------------------------------------


def clean_name(raw: str) -> str:
    """ "Mr. Antonio Isaac MONTEIRO" -> "Antonio Isaac Monteiro"; "" for no name."""
    name = " ".join(_fix_bytes(raw).split())
    if re.search(r"[A-Za-z]", name):
        name = name.translate(_LOOKALIKES)
    name = re.sub(r"^Mr;", "Mr.", name)
    while (stripped := _ADDRESS.sub("", name, count=1)) != name:
        name = stripped
    while (stripped := _AFTER_NAME.sub("", name)) != name:
        name = stripped
    words = name.split()
    return " ".join(_uncapitalise(w, i, len(words)) for i, w in enumerate(words))


def clean_post(raw: str) -> str:
    """ "PRIME MINISTER" -> "Prime Minister"; "Minister for Foregn Affairs" fixed."""
    post = " ".join(_fix_bytes(raw).split()).strip(" ,;:")
    words = [_POST_FIXES.get(w, w) for w in post.split()]
    if post.isupper() and len(post) > 3:
        words = [w.lower() if w.lower() in _SMALL_WORDS and i else w.capitalize()
                 for i, w in enumerate(words)]
    return " ".join(words)


def _fix_bytes(text: str) -> str:
    """Windows-1252 punctuation and letters that were read as Latin-1 control codes."""
    def fix(match):
        try:
            return match.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return match.group()

    return re.sub(r"[\x80-\x9f]", fix, text)


def _uncapitalise(word: str, position: int, count: int) -> str:
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or not word.isupper() or _INITIALS.match(word):
        return word
    if position and _ROMAN.match(word):  # Abdullah II, Frederik IX; but Xi first
        return word
    if 0 < position < count - 1 and word.lower() in _PARTICLES:
        return word.lower()
    return re.sub(r"[^\W\d_]+", _capitalise_part, word.lower(), flags=re.UNICODE)


def _capitalise_part(match):
    part, start, whole = match.group(), match.start(), match.string
    # After an apostrophe only a one-letter prefix makes a new capital: O'Brien,
    # N'Diaye; but Motee'a.
    if start >= 2 and whole[start - 1] in "'’" and start - 1 > 1:
        return part
    if part.startswith("mc") and len(part) > 3:
        return "Mc" + part[2:].capitalize()
    return part.capitalize()
