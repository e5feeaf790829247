"""Stage directions: a general note ("(The President departs.)") counts only where a
sentence or paragraph has ended before it. The check reads only the end of what comes
before, and agrees with the whole-text search it replaces on any text."""

import re

from hypothesis import given
from hypothesis import strategies as st

from archive.ingest import stage

WHOLE_TEXT = re.compile(r"(?:^|[.!?。！？…—–-]\s*|\n)$")


def by_searching_all_before(text, start):
    return WHOLE_TEXT.search(text[:start].rstrip(" ")) is not None


@given(st.text(alphabet="ab .?!—\n\t\u00a0(", max_size=40), st.integers(0, 40))
def test_only_the_end_before_a_parenthesis_decides(text, start):
    start = min(start, len(text))
    assert stage._after_a_break(text, start) == by_searching_all_before(text, start)


def test_a_note_after_a_sentence_is_a_direction_and_mid_sentence_is_not():
    found = stage.find("We left. (The President departs.) And he said (The Hill Daily.) so")
    assert [d.text for d in found] == ["(The President departs.)"]
