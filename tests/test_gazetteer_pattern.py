"""The gazetteer's one regex is a flat alternation, each branch starting with a plain
character (so the engine skips in C the positions no name starts at). It finds
exactly what the nested trie with a word boundary in front finds."""

import re

from hypothesis import given
from hypothesis import strategies as st

from archive.ingest import gazetteer as g
from archive.text import has_cjk

PIECES = ["China", "Chinese", "Sino-US", "US", "U.S.", "Guinea", "Papua New Guinea",
          "New Guinea", "South China Sea", "Georgia", "中美", "中俄关系", "其中", "美方",
          "方案", "印度洋", "印度", "xChina", "Chinas", "CHINA", " ", ", ", "\n", "-", "a",
          "Niger", "Nigeria", "Jordan", "Indian Ocean", "Indian"]  # fmt: skip


def nested_pattern(gazetteer):
    tails = {t: g.ZH_SIDE_TAIL for t, e in gazetteer.entries.items()
             if has_cjk(t) and len(t) == 2 and t.endswith("方") and e.codes}
    tails["Sino"] = "(?=-)"
    latin = {t: tails.get(t, g.RIGHT) for t in gazetteer.entries if not has_cjk(t)}
    cjk = {t: tails.get(t, "") for t in gazetteer.entries if has_cjk(t)}
    pairs = "|".join(f"{ch}(?!{stop})" for ch, (_, stop) in g.ZH_PAIRS.items())
    pair = f"(?<![{g.ZH_PAIR_NOT_AFTER}])中(?:{pairs})+"
    return re.compile(f"{g.LEFT}{g.trie_regex(latin)}|{g.trie_regex(cjk)}|{pair}")


GAZETTEER = g._default_gazetteer()
NESTED = nested_pattern(GAZETTEER)


def spans(pattern, text):
    return [(m.start(), m.group()) for m in pattern.finditer(text)]


@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_the_flat_pattern_finds_what_the_nested_trie_finds(pieces):
    text = "".join(pieces)
    assert spans(GAZETTEER.pattern, text) == spans(NESTED, text)


def test_trie_branches_are_the_roots_alternatives_longest_first():
    assert g.trie_branches({"ab": "X", "a": "Y", "b": "Z"}) == [("a", "(?:bX|Y)"), ("b", "Z")]
