"""Search snippets: the best two passages of a text, what matched in <mark>.

Both backends make them here, with the index's own analyzer, so a Chinese word or
a stemmed English one is marked exactly when it is what matched, and a phrase is
marked as one unit where its words stand together (not wherever one of them is).
Passages are whole sentences where they fit and are otherwise cut between words
(between clauses or words in Chinese, which has no spaces), with "…" wherever
text is left out. Every piece of the text is escaped: a transcript quoting
`<script>` comes back as text.
"""

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive.search.analysis import MixedAnalyzer
from archive.text import HAN_RUN

ANALYZER = MixedAnalyzer()
MAX_CHARS = 240  # one passage: about two sentences of a spoken answer
PASSAGES = 2
ELLIPSIS = "…"

# A sentence ends at . ! ? (then a closing quote or bracket, then a space) before
# what can start a sentence, or at Chinese 。！？, or at a line break; not after
# a title or an initial ("Mr. Wang", "J. Kirby", "U.S. and").
SENTENCE_END = re.compile(
    r"""(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bSt)
        [.!?]+["'”’)\]]*\s+(?=["“‘(\[]?[A-Z0-9\u3400-\u9fff])
      | [。！？]+[”’」』）]*\s*
      | \s*\n\s*""",
    re.VERBOSE,
)
# Where a Chinese passage may be cut, failing a sentence end: after a clause.
CLAUSE_END = re.compile(r"[，、；：,;:]\s*")
SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    key: str  # what matched: a word or a phrase, to count distinct ones
    phrase: bool


def snippet(text, terms=(), phrases=(), analyzer=ANALYZER):
    """Safe HTML: up to two passages of `text`, the analysed `terms` (words) and
    `phrases` (tuples of analysed words, in order) marked; the opening passage
    when nothing matches."""
    if not text:
        return mark_safe("")
    tokens = _tokens(text, analyzer)
    spans = _merge(_phrase_spans(tokens, phrases) + _term_spans(tokens, terms))
    passages = _best_passages(text, _sentences(text), spans, tokens)
    return mark_safe(" ".join(_render(text, start, end, spans) for start, end in passages))


def _tokens(text, analyzer):
    """(word, position, start, end) of every word as the index analyses it."""
    return [(t.text, t.pos, t.startchar, t.endchar)
            for t in analyzer(text, positions=True, chars=True, mode="index")]


def _phrase_spans(tokens, phrases):
    at = {}
    for word, pos, start, end in tokens:
        at.setdefault(pos, {}).setdefault(word, (start, end))
    spans = []
    for phrase in {tuple(p) for p in phrases if p}:
        for pos in at:
            found = [at.get(pos + i, {}).get(word) for i, word in enumerate(phrase)]
            if all(found):
                spans.append(Span(found[0][0], found[-1][1], " ".join(phrase), True))
    return spans


def _term_spans(tokens, terms):
    terms = set(terms)
    return [Span(start, end, word, False) for word, _, start, end in tokens if word in terms]


def _merge(spans):
    """Spans in text order, none overlapping: a word inside a marked phrase (or a
    Chinese sub-word inside its word) is part of the larger mark."""
    merged = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, not s.phrase)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end > last.end:
                merged[-1] = Span(last.start, span.end, last.key, last.phrase or span.phrase)
            continue
        merged.append(span)
    return merged


def _sentences(text):
    """(start, end) of each sentence, surrounding spaces left out."""
    sentences, start = [], 0
    for match in SENTENCE_END.finditer(text):
        end = match.start() + len(match.group().rstrip())
        if end > start and text[start:end].strip():
            sentences.append(_strip(text, start, end))
        start = match.end()
    if text[start:].strip():
        sentences.append(_strip(text, start, len(text)))
    return sentences


def _strip(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _best_passages(text, sentences, spans, tokens):
    """Up to PASSAGES (start, end), in text order: runs of whole sentences that fit
    in MAX_CHARS, the ones holding the most phrases, then the most distinct words,
    then the most matches, then the one leading with its match; a longer sentence is
    cut around its first match."""
    candidates = []
    for i in range(len(sentences)):
        j = i + 1
        while j < len(sentences) and sentences[j][1] - sentences[i][0] <= MAX_CHARS:
            j += 1
        start, end = sentences[i][0], sentences[j - 1][1]
        inside = [s for s in spans if s.start >= start and s.end <= end]
        candidates.append((start, end, inside))
    if not spans:
        candidates = candidates[:1]
    chosen, seen = [], set()
    for _ in range(PASSAGES):
        free = [c for c in candidates if not any(_overlap(c, k) for k in chosen)]
        if chosen:
            free = [c for c in free if c[2]]
        if not free:
            break
        best = max(free, key=lambda c: (*_score(c[2], seen), c[0] - c[2][0].start if c[2] else 0))
        chosen.append(best)
        seen |= {s.key for s in best[2]}
    return sorted(_fit(text, start, end, inside, tokens) for start, end, inside in chosen)


def _score(inside, seen):
    keys = {s.key for s in inside}
    phrases = {s.key for s in inside if s.phrase}
    return (len(phrases - seen), len(keys - seen), len(phrases), len(keys), len(inside))


def _overlap(a, b):
    return a[0] < b[1] and b[0] < a[1]


def _fit(text, start, end, inside, tokens):
    """(start, end) within MAX_CHARS: a sentence too long is cut, at a clause or a
    word boundary, around its first match (or after its opening)."""
    if end - start <= MAX_CHARS:
        return start, end
    focus = inside[0] if inside else Span(start, start, "", False)
    want = max(start, focus.start - MAX_CHARS // 3)
    if want > start:
        start = min(_starts(text, tokens, want, focus.start), default=focus.start)
    want = max(start + MAX_CHARS, focus.end)
    if want < end:
        end = max(_ends(text, tokens, focus.end, want), default=want)
    return start, end


def _starts(text, tokens, low, high):
    """Where a passage may start between `low` and `high`: after a clause (kept
    when there is one), else at a word."""
    clauses = [m.end() for m in CLAUSE_END.finditer(text, low, high)]
    return clauses or [s for _, _, s, _ in tokens if low <= s <= high] + [
        m.end() for m in SPACE.finditer(text, low, high)]


def _ends(text, tokens, low, high):
    """Where a passage may end between `low` and `high`: after a clause near the
    end, else after a word."""
    clauses = [_strip(text, low, m.end())[1] for m in CLAUSE_END.finditer(text, low, high)]
    clauses = [c for c in clauses if c > high - MAX_CHARS // 4]
    return clauses or [e for _, _, _, e in tokens if low <= e <= high] + [
        m.start() for m in SPACE.finditer(text, low, high)]


def _render(text, start, end, spans):
    parts = []
    if text[:start].strip():
        parts.append(ELLIPSIS + _gap(text[start]))
    at = start
    for span in spans:
        if span.start >= start and span.end <= end:
            parts += [escape(text[at:span.start]), "<mark>", escape(text[span.start:span.end]),
                      "</mark>"]
            at = span.end
    parts.append(escape(text[at:end]))
    if text[end:].strip():
        parts.append(_gap(text[end - 1]) + ELLIPSIS)
    return '<span class="passage">' + "".join(parts) + "</span>"


def _gap(char):
    """A space beside the ellipsis, except in Chinese, written without spaces."""
    return "" if HAN_RUN.match(char) or char in "。，、；：！？" else " "
