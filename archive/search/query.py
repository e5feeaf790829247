"""Reading what a searcher typed: validate the query syntax, or fall back to words.

Understood: words (all must match), "exact phrases", OR, AND, NOT, -word,
prefix*, (groups), and field filters such as speaker:"wang yi" or year:2020.
Anything malformed (a lone quote, a dangling operator, unknown fields, a wall of
symbols) becomes a plain search for the words in it, with a short notice. The
output is Lucene-style syntax, which Whoosh, Solr and Elasticsearch all read.
"""

import re
from dataclasses import dataclass

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


class Malformed(ValueError):
    pass


@dataclass
class SearchQuery:
    text: str  # the query for the search engine; "" means nothing to search for
    notice: str = ""  # why the query was read differently from how it was typed
    words: tuple = ()  # plain words, for "did you mean" and highlighting


def words_of(raw):
    return tuple(m.group() for m in re.finditer(rf"{WORD_CHARS}+", raw))


def plain_words(raw):
    return tuple(w for w in words_of(raw) if w not in OPERATORS)


def parse_query(raw):
    raw = (raw or "").strip()
    notice = ""
    if len(raw) > MAX_LENGTH:
        raw = raw[:MAX_LENGTH]
        notice = f"Your search was shortened to its first {MAX_LENGTH} characters."
    if not raw:
        return SearchQuery("", notice)
    try:
        return SearchQuery(_translate(raw), notice, plain_words(raw))
    except Malformed as problem:
        words = plain_words(raw)
        fallback = f"{problem} We searched for the words instead."
        return SearchQuery(" ".join(words), (notice + " " + fallback).strip(), tuple(words))


def _translate(raw):
    parts, depth, expect_term = [], 0, True
    for m in TOKEN.finditer(raw):
        kind = _kind(m)
        if kind == "space" or (kind == "other" and m.group() in HARMLESS):
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
        parts.append(_term(m, kind))
        expect_term = False
    if expect_term and parts:
        raise Malformed("The search ends with an operator.")
    if depth:
        raise Malformed("The brackets do not match.")
    if not parts:
        raise Malformed("There are no words to search for.")
    return " ".join(parts)


def _kind(m):
    for name in ("field", "phrase", "lquote", "paren", "word", "space", "other"):
        if m.group(name) is not None:
            return name
    return "other"


def _term(m, kind):
    if kind == "field":
        name = m.group("field").lower()
        if name not in FIELDS:
            raise Malformed(f"There is no field called {name!r}.")
        target, exact = FIELDS[name]
        value = m.group("fvalue").strip('"')
        value = " ".join(words_of(value)) if not exact else value.strip()
        if not value:
            raise Malformed(f"The field {name!r} has no value.")
        if exact:
            value = value.upper() if TYPED[name].upper else value.lower()
            return f'{target}:"{value}"'
        return f'{target}:"{value}"' if " " in value else f"{target}:{value}"
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
