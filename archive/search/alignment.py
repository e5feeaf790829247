"""How close a pasted quote is to what was said, and how the words differ.

Both texts become tokens: a Latin-script word (compared stemmed, so "negotiation"
meets "negotiations") or one Chinese character (Chinese is aligned character by
character: a misremembered word is often one character off). rapidfuzz finds the
window of the statement that best matches the quote (partial ratio over tokens),
the window is widened and aligned word by word (Levenshtein opcodes), and the
similarity is the better of the ordered ratio and the token-sorted ratio, which
forgives clauses put in another order. No database, no index: pure functions.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from rapidfuzz import fuzz
from rapidfuzz.distance import Indel, Levenshtein

from archive.search.analysis import stem_word
from archive.text import HAN, HAN_RANGES, bare_word

TOKEN = re.compile(rf"[{HAN_RANGES}]|\w+(?:[.'’]\w+)*", re.UNICODE)
# Reordered clauses score by their words alone, a little below the same words in order.
UNORDERED_WEIGHT = 0.92
CLAUSE_END = re.compile(r"[,.;:!?，。；：！？、]")
CLAUSE_WORDS, CLAUSE_SCORE = 3, 70


@dataclass(frozen=True)
class Token:
    key: str  # what is compared
    text: str  # as written
    tail: str  # what follows it up to the next token: spaces, punctuation


def tokens(text):
    """The tokens of `text`; joining each text and tail gives `text` back from its
    first word on."""
    found = list(TOKEN.finditer(text))
    out = []
    for i, match in enumerate(found):
        end = found[i + 1].start() if i + 1 < len(found) else len(text)
        word = match.group()
        key = word if HAN.fullmatch(word) else stem_word(bare_word(word.casefold()))
        out.append(Token(key, word, text[match.end():end]))
    return out


@dataclass(frozen=True)
class Alignment:
    similarity: float  # 0-1
    window: list  # the statement's tokens that the quote matches
    opcodes: list  # (tag, quote start, quote end, window start, window end)
    cut_before: bool  # the statement goes on before the window
    cut_after: bool

    def passage(self):
        """The statement's words in the window, as said."""
        return _joined(self.window).strip()


def align(quote, statement):
    """The Alignment of `quote`'s tokens with the best window of `statement`'s."""
    q, s = [t.key for t in quote], [t.key for t in statement]
    if not q or not s:
        return Alignment(0.0, [], [], False, False)
    start, end = _window(quote, q, s)
    w = s[start:end]
    opcodes = Levenshtein.opcodes(q, w)
    ordered = Indel.normalized_similarity(q, w)
    unordered = Indel.normalized_similarity(sorted(q), sorted(w)) * UNORDERED_WEIGHT
    return Alignment(max(ordered, unordered), statement[start:end],
                     [tuple(op) for op in opcodes], start > 0, end < len(s))


def _window(quote, q, s):
    """(start, end) of the statement's tokens the quote stands for: the best window
    of the quote's length, stretched to where each of its clauses matches nearby
    (clauses put in another order), then to the words aligned with the quote's ends
    (a dropped clause makes the said words longer than the quote); what the clauses
    add loses the words at either end that the quote does not have."""
    if len(q) >= len(s):
        return 0, len(s)
    best = fuzz.partial_ratio_alignment(q, s)
    low, high = best.dest_start, best.dest_end
    reach = low, high  # clauses matching in another order
    for clause in _clauses(quote):
        if len(clause) < CLAUSE_WORDS or len(clause) == len(q):
            continue
        found = fuzz.partial_ratio_alignment(clause, s)
        near = found.dest_start >= low - len(q) and found.dest_end <= high + len(q)
        if found.score >= CLAUSE_SCORE and near:
            reach = min(reach[0], found.dest_start), max(reach[1], found.dest_end)
    slack = max(8, len(q) // 2)
    region = max(0, low - slack), min(len(s), high + slack)
    ops = Levenshtein.opcodes(q, s[region[0]:region[1]])
    aligned = [op for op in ops if op.tag != "insert"]  # statement-only words at the ends
    if aligned:
        low, high = region[0] + aligned[0].dest_start, region[0] + aligned[-1].dest_end
    core = low, high
    low, high = min(low, reach[0]), max(high, reach[1])
    words = set(q)
    while low < core[0] and s[low] not in words:
        low += 1
    while high > core[1] and s[high - 1] not in words:
        high -= 1
    return low, high


def _clauses(quote):
    """The quote's keys cut where punctuation ends a clause."""
    clauses, current = [], []
    for token in quote:
        current.append(token.key)
        if CLAUSE_END.search(token.tail):
            clauses.append(current)
            current = []
    return [*clauses, current] if current else clauses


def _joined(run):
    return "".join(t.text + t.tail for t in run)


def diff_html(quote, alignment):
    """The statement's words in the window, with the quote's differences marked:
    <del> what the quote has that was not said, <ins> what was said that the quote
    leaves out or changed. Every word escaped; punctuation as said."""
    parts = []
    for tag, qs, qe, ws, we in alignment.opcodes:
        said, pasted = alignment.window[ws:we], quote[qs:qe]
        if tag == "equal":
            parts.append(escape(_joined(said)))
            continue
        if pasted:
            parts.append(_marked("del", pasted))
            if said:  # a space between the two versions, unless both are Chinese
                parts.append("" if HAN.fullmatch(said[0].text) else " ")
            elif pasted[-1].tail[-1:].isspace():
                parts.append(" ")
        if said:
            parts.append(_marked("ins", said) + escape(said[-1].tail))
    return mark_safe("".join(parts).strip())


def _marked(tag, run):
    """The run's words in <tag>, without what follows the last of them."""
    return f"<{tag}>{escape(_joined(run)[: -len(run[-1].tail) or None])}</{tag}>"
