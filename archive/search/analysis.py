"""Tokenizing English and Chinese in one field.

Whoosh's default analyzer reads a run of Chinese characters as a single token, so
`香港` would never match inside a sentence. Latin-script words go through a plain
regex; Chinese runs go through jieba's dictionary segmentation. Positions count
words, not characters, so phrase queries work in both languages.
"""

import re
from functools import cache, lru_cache

from whoosh.analysis import StemFilter, Token, Tokenizer
from whoosh.analysis.analyzers import Composable
from whoosh.lang.porter2 import stem  # Snowball English: "negotiating" = "negotiation"

from archive.text import HAN_RUN, bare_word

WORD = re.compile(rf"{HAN_RUN.pattern}|\w+(?:[.'’]\w+)*", re.UNICODE)

STOP_WORDS = frozenset(
    "a an and are as at be by for from has have if in is it of on or that the this "
    "to was were will with 的 了 和".split()
)


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)  # jieba prints its dictionary loading to stderr otherwise
    return jieba


def _chinese_words(run):
    """Dictionary words of a Chinese run, with shorter dictionary words inside each."""
    jieba = _jieba()
    for word in jieba.cut(run, HMM=True):
        subwords = []
        if len(word) > 2:
            freq = jieba.dt.FREQ
            subwords = [
                word[i : i + n]
                for n in (2, 3)
                for i in range(len(word) - n + 1)
                if word[i : i + n] != word and freq.get(word[i : i + n])
            ]
        yield word, subwords


# Words repeat (Zipf): remembering each one's result makes indexing and highlighting
# several times faster. Bounded, because queries bring words too.
@lru_cache(maxsize=200_000)
def _term(word):
    """The indexed form of a non-Chinese word, before stemming; "" for a stop word.

    Lowercase; "China's" → "china", "U.S." → "us".
    """
    word = bare_word(word.lower())
    return "" if word in STOP_WORDS else word


@lru_cache(maxsize=200_000)
def stem_word(word):
    return stem(word)


class MixedTokenizer(Tokenizer):
    """Lowercased words of English and Chinese text, stop words left out; at index
    time also the dictionary words inside long Chinese words (外交部 → 外交), at the
    same position so that phrases still match."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True,
                 mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for match in WORD.finditer(value):
            text = match.group()
            # Only a run that starts with a Chinese character can be all Chinese.
            if text[0] < "\u3400" or not HAN_RUN.fullmatch(text):
                word = _term(text)
                if word:
                    yield _fill(token, word, pos, start_char + match.start(), len(text),
                                keeporiginal)
                    pos += 1
                continue
            offset = match.start()
            for word, subwords in _chinese_words(text):
                if word in STOP_WORDS:
                    offset += len(word)
                    continue
                yield _fill(token, word, pos, start_char + offset, len(word), keeporiginal)
                if mode == "index":
                    for sub in subwords:
                        at = start_char + offset + word.index(sub)
                        yield _fill(token, sub, pos, at, len(sub), keeporiginal)
                offset += len(word)
                pos += 1


def _fill(token, text, pos, startchar, length, keeporiginal):
    token.text = text
    token.boost = 1.0
    token.stopped = False
    if keeporiginal:
        token.original = text
    if token.positions:
        token.pos = pos
    if token.chars:
        token.startchar = startchar
        token.endchar = startchar + length
    return token


def query_term(word):
    """The indexed word a search for `word` looks up (stemmed, lowercased), or None
    for a stop word."""
    return next((token.text for token in _QUERY(word, mode="query")), None)


def MixedAnalyzer() -> Composable:  # noqa: N802 - analyzers are named like classes in Whoosh
    return MixedTokenizer() | StemFilter(stemfn=stem_word, ignore=None, cachesize=0)


_QUERY = MixedAnalyzer()
