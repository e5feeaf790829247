"""What a turn does, read from its sentences: a long turn's last sentence and its
act come from reading only as much of it as decides them, with the same results as
splitting the whole turn."""

from hypothesis import given
from hypothesis import strategies as st

from archive.ingest import acts, stage

WORDS = st.sampled_from(["Thank you.", "Mr.", "Jeff,", "go", "ahead.", "Why?", "we", "—",
                         "(Laughter.)", "Dr.", "A.", "trade", "policy", "…", "Next", "question."])


def by_splitting_all(text):
    sentences = [s for s in acts._SENTENCE.split(stage.without_directions(text).strip()) if s]
    return sentences[-1] if sentences else ""


@given(st.lists(WORDS, max_size=30), st.integers(3, 60))
def test_the_last_sentence_is_that_of_the_whole_turn(words, tail):
    text = " ".join(words)
    before = acts._TAIL
    acts._TAIL = tail  # a short tail, so that the fallback and the tail both run
    try:
        assert acts.last_sentence(text) == by_splitting_all(text)
    finally:
        acts._TAIL = before


@given(st.lists(WORDS, max_size=30))
def test_sentences_one_at_a_time_are_the_split(words):
    text = " ".join(words)
    assert list(acts._sentences(text)) == acts._SENTENCE.split(text)


def test_a_long_answer_is_content_and_a_thanks_is_a_courtesy():
    assert acts.act("We will keep talking. " * 2000 + "Thank you.") == acts.CONTENT
    assert acts.act("Thank you. Thank you so much.") == acts.COURTESY
