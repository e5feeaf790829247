"""A synthetic archive drawn from the real transcripts' words and sentences."""

import datetime
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT.parent / "shared" / "samples", ROOT / "fixtures" / "transcripts"]


def sample_sentences():
    sentences = []
    for folder in SAMPLES:
        for path in sorted(folder.glob("*.txt")) if folder.exists() else []:
            text = path.read_text(encoding="utf-8")
            if re.search(r"[\u4e00-\u9fff]{20}", text):
                continue  # English corpus; Chinese is tested for correctness, not speed
            for sentence in re.split(r"(?<=[.?!])\s+", " ".join(text.split())):
                if 6 <= len(sentence.split()) <= 60:
                    sentences.append(sentence)
    return sentences


class Corpus:
    def __init__(self, seed=42):
        self.rng = random.Random(seed)
        self.sentences = sample_sentences()
        self.words = sorted(
            {w.lower() for s in self.sentences for w in re.findall(r"[A-Za-z]{4,}", s)}
        )

    def answer(self, words=80):
        """About `words` words: real sentences, a few words swapped to vary them."""
        out = []
        while sum(len(s.split()) for s in out) < words:
            sentence = self.rng.choice(self.sentences).split()
            if self.rng.random() < 0.5:
                sentence[self.rng.randrange(len(sentence))] = self.rng.choice(self.words)
            out.append(" ".join(sentence))
        return " ".join(out)

    def date(self):
        start = datetime.date(2010, 1, 1)
        return start + datetime.timedelta(days=self.rng.randrange(15 * 365))

    def queries(self, n=40):
        """(kind, query) pairs: one word, two words, a phrase, a word with a facet."""
        picks = []
        for _ in range(n):
            sentence = self.rng.choice(self.sentences).split()
            words = [w.strip('.,;:"“”()?!').lower() for w in sentence]
            words = [w for w in words if len(w) > 3 and w.isalpha()]
            if len(words) < 3:
                continue
            i = self.rng.randrange(len(words) - 1)
            picks += [
                ("one word", words[i], {}),
                ("two words", f"{words[i]} {words[i + 1]}", {}),
                ("phrase", '"' + " ".join(sentence[1:4]).strip('.,;:"“”()?!') + '"', {}),
                ("faceted", words[i], {"year": str(self.rng.randrange(2010, 2025))}),
            ]
        return picks
