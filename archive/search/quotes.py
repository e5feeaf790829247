"""The quote check: which published answers come closest to a pasted quote.

Candidates come from the search index, never from a scan: the quote's rarest
words (document counts from the backend, `SearchBackend.document_frequencies`)
are searched for together, and the best-ranked answers are aligned with the quote
(archive/search/alignment.py). Only published answers are in the index, so a draft
is never a candidate.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from haystack.inputs import Exact, Raw
from haystack.query import SearchQuerySet

from archive.search import backend
from archive.search.alignment import align, diff_html, tokens
from archive.search.analysis import MixedAnalyzer
from archive.search.results import Hit
from archive.text import squeeze

MAX_CHARS = 1000
RARE_WORDS = 10  # searched for together
CANDIDATES = 30  # answers aligned with the quote
THRESHOLD = 0.7  # the similarity from which an answer is called a match
SHOWN, NEAREST = 5, 3
ANALYZER = MixedAnalyzer()
ALLOWED_CONTROLS = "\t\n\r"


class QuoteError(ValueError):
    """Input the quote check refuses; its text says why, for the reader."""


def clean_quote(text):
    """The quote as checked (whitespace squeezed), or QuoteError."""
    text = text or ""
    if any(_junk(char) for char in text):
        raise QuoteError("The text holds control characters or bytes that are not text "
                         "(was it copied from a binary file?). Paste only the words.")
    text = squeeze(text)
    if not text:
        raise QuoteError("Paste the quote to check.")
    if len(text) > MAX_CHARS:
        raise QuoteError(f"The quote is {len(text):,} characters long; at most "
                         f"{MAX_CHARS:,} are checked. Paste the part you want to check.")
    if not tokens(text):
        raise QuoteError("The text holds no words to look for.")
    return text


def _junk(char):
    if char in ALLOWED_CONTROLS:
        return False
    # Control, surrogate, private-use and unassigned code points, and U+FFFD, which
    # Django puts in place of bytes that are not UTF-8.
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cs", "Co", "Cn")


@dataclass
class Match:
    hit: Hit
    date: datetime.date | None
    similarity: float
    passage: str  # the words said, in the matched window
    diff: str  # HTML, escaped: the said words with the quote's differences marked
    cut_before: bool
    cut_after: bool

    @property
    def percent(self):
        return round(self.similarity * 100)


@dataclass
class QuoteCheck:
    quote: str
    matches: list  # at or above THRESHOLD, best first
    nearest: list  # when nothing matched: the closest candidates


def rare_words(text, count=RARE_WORDS):
    """Up to `count` of `text`'s words that the index holds, the rarest first."""
    # One surface form per indexed word: "negotiation" and "negotiations" are one.
    surface = {}
    for token in ANALYZER(text, mode="query", keeporiginal=True):
        surface.setdefault(token.text, token.original)
    words = list(surface.values())
    found = backend.current().document_frequencies(words)
    held = sorted((word for word in words if found.get(word)),
                  key=lambda word: (found[word], -len(word), word))
    return held[:count]


def candidates(words, limit=CANDIDATES):
    """The published answers holding most of `words` (search results)."""
    if not words:
        return []
    sqs = SearchQuerySet().filter(content=Raw(f"({' OR '.join(words)})"))
    return list(sqs.filter(type=Exact("answer"))[:limit])


def check_quote(text):
    """The QuoteCheck of `text` (already cleaned by clean_quote)."""
    quote = tokens(text)
    scored = []
    for result in candidates(rare_words(text)):
        alignment = align(quote, tokens(result.text or ""))
        scored.append(Match(
            hit=Hit.from_result(result), date=_as_date(getattr(result, "date", None)),
            similarity=round(alignment.similarity, 3), passage=alignment.passage(),
            diff=diff_html(quote, alignment), cut_before=alignment.cut_before,
            cut_after=alignment.cut_after,
        ))
    scored.sort(key=lambda match: -match.similarity)  # stable: index rank breaks ties
    matches = [m for m in scored if m.similarity >= THRESHOLD][:SHOWN]
    return QuoteCheck(text, matches, [] if matches else scored[:NEAREST])


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, str) and value:
        return datetime.date.fromisoformat(value[:10])
    return value or None
