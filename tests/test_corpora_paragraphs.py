"""A UN speech's paragraphs: one a line, or unwrapped where the file keeps the printed
column's line breaks; every word kept either way."""

from archive.ingest.corpora.paragraphs import speech_paragraphs

ONE_A_LINE = "\ufeffFirst paragraph, a whole line.\n52.\tSecond one.\n\n  Third one.\n"
WRAPPED = (
    "At the outset, it is a great pleasure for me to\n"
    "congratulate the President on his election, which\n"
    "is a sign of esteem.\n"
    "Coming after his re-election to a second term, the\n"
    "prize awarded to the Secretary-General is a well-\n"
    "deserved tribute to his work and, through him, to\n"
    "the Organization as a whole; it inspires hope.\n"
    " The Arab peoples, too long crushed by oppression,\n"
    "were able to raise their heads and claim the right\n"
    " \n"
    "23 11-50692\n"
    " \n"
    "to be free at last.\n"
)


def test_a_file_with_one_paragraph_a_line_gives_one_paragraph_a_line():
    assert speech_paragraphs(ONE_A_LINE) == [
        "First paragraph, a whole line.", "52. Second one.", "Third one."]


def test_a_hard_wrapped_file_is_unwrapped_at_short_sentence_ends_and_indents():
    assert speech_paragraphs(WRAPPED) == [
        "At the outset, it is a great pleasure for me to congratulate the President on his "
        "election, which is a sign of esteem.",
        "Coming after his re-election to a second term, the prize awarded to the "
        "Secretary-General is a well- deserved tribute to his work and, through him, to the "
        "Organization as a whole; it inspires hope.",
        "The Arab peoples, too long crushed by oppression, were able to raise their heads and "
        "claim the right 23 11-50692 to be free at last.",
    ]


def test_every_word_is_kept_in_both_layouts():
    for text in (ONE_A_LINE, WRAPPED):
        assert " ".join(speech_paragraphs(text)).split() == text.replace("\ufeff", "").split()
