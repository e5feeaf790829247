"""Tag a transcript with topics: a topic applies when any of its keywords occurs.

Pure Python, no ORM: topics come from fixtures/topics.json or from any iterable
of Topic rows or dicts with `name` and `keywords`. Keywords are chosen to be
specific phrases, so one occurrence is enough.

Matching rules:
- Latin keywords match on word boundaries, ignoring case, with an optional
  plural "s"/"es" ("vaccine" finds "Vaccines"); a space in a keyword matches
  any whitespace, including a line break.
- A keyword containing an all-capitals word ("SCO", "UN Charter", "New START")
  matches case-sensitively, so "who" and "un-" never count as WHO and UN.
- Chinese keywords match anywhere: Chinese has no spaces to bound words.
- Results follow the order of `topics`, so they are deterministic.

All keywords of all topics share two trie-shaped regexes (one ignoring case),
so the text is scanned twice whatever the number of topics.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from archive.ingest.gazetteer import LEFT, RIGHT, trie_regex
from archive.text import HAN_RANGES, has_cjk, normal

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "topics.json"

ACRONYM = re.compile(r"\b[A-Z0-9]*[A-Z][A-Z0-9]+\b")


def _field(obj, name, default=None):
    """Attribute or key access, so Topic rows and dicts both work."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _normal(phrase, case_sensitive):
    """The form keywords and matched text are compared in."""
    return normal(phrase, keep_case=case_sensitive)


def _escape(ch):
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return "['’]"
    return re.escape(ch)


class Tagger:
    def __init__(self, key):
        self.names = [name for name, _ in key]
        # normalised keyword -> indexes of the topics it belongs to, per case mode
        self.index = {True: {}, False: {}}
        for i, (_, keywords) in enumerate(key):
            for keyword in keywords:
                if isinstance(keyword, str) and keyword.strip():
                    sensitive = bool(ACRONYM.search(keyword))
                    self.index[sensitive].setdefault(_normal(keyword, sensitive), set()).add(i)
        self._credit_nested_keywords()
        self.regexes = {mode: self._regex(mode) for mode in (True, False)}

    def _credit_nested_keywords(self):
        # A match consumes its text, so "Global Data Security Initiative" hides
        # "data security"; credit the topics of every keyword found inside one.
        for mode, table in self.index.items():
            for keyword in table:
                for other, topics in self.index[mode].items():
                    if other != keyword and self._inside(other, keyword):
                        table[keyword] = table[keyword] | topics

    @staticmethod
    def _inside(small, big):
        if small not in big or has_cjk(small):
            return small in big
        return re.search(rf"{LEFT}{re.escape(small)}{RIGHT}", big) is not None

    def _regex(self, case_sensitive):
        tails = {}
        for keyword in self.index[case_sensitive]:
            if has_cjk(keyword):
                tails[keyword] = ""
            else:
                plural = "(?:e?s)?" if keyword[-1:].isalpha() else ""
                tails[keyword] = plural + RIGHT
        if not tails:
            return None
        body = trie_regex(tails, escape=_escape)
        flags = 0 if case_sensitive else re.IGNORECASE
        # CJK keywords need no left boundary; Latin ones must not start mid-word.
        return re.compile(rf"(?:{LEFT}|(?=[{HAN_RANGES}])){body}", flags)

    def topics_in(self, text):
        found = set()
        for mode, regex in self.regexes.items():
            if regex is None:
                continue
            for m in regex.finditer(text):
                found |= self._topics_of(m.group(), mode)
        return [name for i, name in enumerate(self.names) if i in found]

    def _topics_of(self, matched, mode):
        table = self.index[mode]
        phrase = _normal(matched, mode)
        # The regex allows a plural the keyword lacks: try without "s"/"es".
        for candidate in (phrase, phrase[:-1], phrase[:-2]):
            if candidate in table:
                return table[candidate]
        return set()


@functools.lru_cache(maxsize=16)
def _tagger(key):
    return Tagger(key)


def _key(topics):
    """A hashable snapshot of `topics`, so a tagger is built once per list."""
    return tuple(
        (str(_field(t, "name", "")), tuple(_field(t, "keywords", None) or ())) for t in topics
    )


@functools.lru_cache(maxsize=1)
def _default_key():
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return _key(r["fields"] for r in records)


def tagger_for(topics=None) -> Tagger:
    """The tagger of `topics` (default: fixtures/topics.json), for many texts:
    reading the topics' keywords again for each text costs more than the tagging."""
    return _tagger(_default_key() if topics is None else _key(topics))


def tag_topics(text: str, topics=None) -> list[str]:
    """Names of the topics whose keywords occur in `text`, in the order of
    `topics` (default: fixtures/topics.json)."""
    if not isinstance(text, str) or not text:
        return []
    return tagger_for(topics).topics_in(text)
