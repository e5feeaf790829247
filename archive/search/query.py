"""Reading what a searcher typed: validate the query syntax, or fall back to words.

Understood: words (all must match), "exact phrases", OR, AND, NOT, -word,
prefix*, (groups), field filters such as speaker:"wang yi", country:china or
year:2020, and from:/to: dates (2020, 2020-05 or 2020-05-14) that bound the whole
search. Anything malformed (a lone quote, a dangling operator, unknown fields, a
wall of symbols) becomes a plain search for the words in it, with a short notice;
a field's value that names nothing is said so, with the nearest name. The output is
Lucene-style syntax, which Whoosh, Solr and Elasticsearch all read.

Pure: the caller passes `resolve`, which turns what was typed after a field name
into the index's key (archive/search/values.py reads the names from the database).
"""

import calendar
import datetime
import difflib
import re
from dataclasses import dataclass, field

from archive.search.schema import TYPED
from archive.text import HAN_RANGES, bare_word

MAX_LENGTH = 500
# field name typed by the searcher -> index field, and whether values are exact keys
FIELDS = {typed: (field.name, field.exact) for typed, field in TYPED.items()}
OPERATORS = {"AND", "OR", "NOT"}
# Punctuation people type or paste around words; it separates words and means nothing.
HARMLESS = set(".,;!?、，。；！？：…")
# What the analyzer reads as words: letters, digits and Chinese characters.
WORD_CHARS = rf"[\w{HAN_RANGES}]"
TOKEN = re.compile(
    rf"""
    (?P<field>[A-Za-z]+):(?P<fvalue>"[^"]*"|{WORD_CHARS}[\w\-]*)
  | (?P<neg>-)?(?P<phrase>"[^"]*")
  | (?P<lquote>")
  | (?P<paren>[()])
  | (?P<negword>-)?(?P<word>{WORD_CHARS}+(?:[.'’-]{WORD_CHARS}+)*)(?P<star>\*)?
  | (?P<space>\s+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)


# Typed dates bounding the whole search: from:2020 is 1 January 2020 on.
DATES = {"from": "date_from", "to": "date_to"}
DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


class Malformed(ValueError):
    pass


class UnknownValue(ValueError):
    """What was typed after a field name names nothing; the message says so."""

    def __init__(self, message, suggestion=None):
        super().__init__(message)
        self.suggestion = suggestion  # a value that would name something, or None


@dataclass
class SearchQuery:
    text: str  # the query for the search engine; "" means nothing to search for
    notice: str = ""  # why the query was read differently from how it was typed
    words: tuple = ()  # plain words (no field's), for "did you mean" and highlighting
    dates: dict = field(default_factory=dict)  # {"date_from": date, "date_to": date}
    subjects: tuple = ()  # (field, key) of the exact field filters, as facets name them
    corrected: str = ""  # the query with each unknown value replaced by the nearest


@dataclass
class _Found:
    """What reading the field filters notes besides the query text."""

    resolve: object
    notices: list = field(default_factory=list)
    dates: dict = field(default_factory=dict)
    subjects: list = field(default_factory=list)
    fixes: list = field(default_factory=list)  # (typed token, corrected token)


def words_of(raw):
    return tuple(m.group() for m in re.finditer(rf"{WORD_CHARS}+", raw))


def plain_words(raw):
    """The words of `raw` outside field filters: a field name or value is never
    spelled as a word."""
    return tuple(
        w for m in TOKEN.finditer(raw) if m.group("field") is None
        for w in words_of(m.group()) if w not in OPERATORS
    )


def respell(raw, spelled):
    """`raw` with its plain words (plain_words) replaced in turn by `spelled`; field
    filters, operators and punctuation stay as typed."""
    spelled = iter(spelled)

    def word(w):
        return w.group() if w.group() in OPERATORS else next(spelled, w.group())

    return "".join(
        m.group() if m.group("field") is not None
        else re.sub(rf"{WORD_CHARS}+", word, m.group())
        for m in TOKEN.finditer(raw)
    )


def _keep(name, value):
    """`value` as typed, with no resolution: the case the index keeps it in."""
    field_ = TYPED[name]
    target, exact = FIELDS[name]
    if not exact:
        return target, " ".join(words_of(value)), False
    return target, value.upper() if field_.upper else value.lower(), True


def parse_query(raw, resolve=None):
    """`resolve(typed field, value)` -> (index field, value, exact), or raises
    UnknownValue; without it values are taken as typed."""
    raw = (raw or "").strip()
    notice = ""
    if len(raw) > MAX_LENGTH:
        raw = raw[:MAX_LENGTH]
        notice = f"Your search was shortened to its first {MAX_LENGTH} characters."
    if not raw:
        return SearchQuery("", notice)
    found = _Found(resolve or _keep)
    try:
        text = _translate(raw, found)
    except Malformed as problem:
        found = _Found(resolve or _keep)
        text = _fallback(raw, found)
        notice = f"{notice} {problem} We searched for the words instead."
    corrected = raw
    for typed, fixed in found.fixes:
        corrected = corrected.replace(typed, fixed, 1)
    return SearchQuery(
        text, " ".join([notice, *found.notices]).strip(), plain_words(raw), found.dates,
        tuple(found.subjects), corrected if found.fixes else "")


def _fallback(raw, found):
    """The words of a malformed query, with the field filters that read well."""
    words, filters = [], []
    for m in TOKEN.finditer(raw):
        name = (m.group("field") or "").lower()
        if name in FIELDS or name in DATES:
            filters.append(_field_term(m, found))
            continue
        if name:  # an unknown field: its value is searched as words, its name is not
            near = _near_field(name)
            if near:
                found.fixes.append((m.group(), f"{near}:{m.group('fvalue')}"))
        value = m.group("fvalue") if name else m.group()
        words += [w for w in words_of(value) if w not in OPERATORS]
    return " ".join([*words, *filter(None, filters)])


def _translate(raw, found):
    parts, depth, expect_term = [], 0, True
    for m in TOKEN.finditer(raw):
        kind = _kind(m)
        if kind == "space" or (kind == "other" and m.group() in HARMLESS):
            continue
        if kind == "field" and m.group("field").lower() in DATES:
            _field_term(m, found)  # bounds the whole search, not one term
            continue
        if kind == "other":
            raise Malformed(f"The character {m.group()!r} has no meaning in a search.")
        if kind == "lquote":
            raise Malformed("A quotation mark is not closed.")
        if kind == "paren":
            if m.group() == "(":
                if not expect_term and parts and parts[-1] not in OPERATORS:
                    parts.append("AND")
                depth += 1
                parts.append("(")
                expect_term = True
                continue
            if depth == 0 or expect_term:
                raise Malformed("The brackets do not match.")
            depth -= 1
            parts.append(")")
            continue
        if kind == "word" and m.group("word") in OPERATORS and not m.group("negword"):
            if expect_term and m.group("word") != "NOT":
                raise Malformed(f"{m.group('word')} needs a word on each side.")
            if m.group("word") == "NOT" and not expect_term:
                parts.append("AND")
            parts.append(m.group("word"))
            expect_term = True
            continue
        parts.append(_field_term(m, found) if kind == "field" else _term(m, kind))
        expect_term = False
    if expect_term and parts:
        raise Malformed("The search ends with an operator.")
    if depth:
        raise Malformed("The brackets do not match.")
    if not parts and not found.dates:
        raise Malformed("There are no words to search for.")
    return " ".join(parts)


def _kind(m):
    for name in ("field", "phrase", "lquote", "paren", "word", "space", "other"):
        if m.group(name) is not None:
            return name
    return "other"


def _field_term(m, found):
    """The query text of one field filter ("" for a date bound), noting what it says."""
    name = m.group("field").lower()
    if name not in FIELDS and name not in DATES:
        raise Malformed(f"There is no field called {name!r}.")
    value = m.group("fvalue").strip('"').strip()
    if not value or not words_of(value):
        raise Malformed(f"The field {name!r} has no value.")
    try:
        if name in DATES:
            found.dates[DATES[name]] = _date_bound(name, value)
            return ""
        target, key, exact = found.resolve(name, value)
    except UnknownValue as unknown:
        found.notices.append(str(unknown))
        if unknown.suggestion:
            found.fixes.append((m.group(), f"{name}:{_typed(unknown.suggestion)}"))
        if name in DATES:
            return ""
        target, key, exact = _keep(name, value)  # searched as typed: it finds nothing
    else:
        if exact:
            found.subjects.append((target, key))
    if exact:
        return f'{target}:"{key}"'
    key = " ".join(words_of(key))
    return f'{target}:"{key}"' if " " in key else f"{target}:{key}"


def _near_field(name):
    near = difflib.get_close_matches(name, [*FIELDS, *DATES], n=1, cutoff=0.6)
    return near[0] if near else None


def _typed(value):
    return f'"{value}"' if re.search(r"[\s:]", value) else value


def _date_bound(name, value):
    """The first (from:) or last (to:) day of the year, month or day typed."""
    m = DATE.fullmatch(value)
    try:
        if not m:
            raise ValueError
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if name == "from":
            return datetime.date(year, int(month or 1), int(day or 1))
        month = int(month or 12)
        return datetime.date(year, month, int(day or calendar.monthrange(year, month)[1]))
    except ValueError:
        raise UnknownValue(f"“{value}” is not a date: write {name}:2020, {name}:2020-05 "
                           f"or {name}:2020-05-14.") from None


def _term(m, kind):
    if kind == "phrase":
        inner = " ".join(words_of(m.group("phrase")))
        if not inner:
            raise Malformed("The quotation marks hold no words.")
        return ("NOT " if m.group("neg") else "") + f'"{inner}"'
    word = m.group("word")
    if m.group("star"):
        if len(word) < 2:
            raise Malformed("A wildcard needs at least two letters before the *.")
        word += "*"
    elif "-" in word:
        # "Sino-US" is one thing to the reader: search its parts as a phrase.
        word = '"' + " ".join(words_of(word)) + '"'
    else:
        # As the index reads them: "U.S." is "US", "China's" is "China".
        word = bare_word(word)
    return ("NOT " if m.group("negword") else "") + word
