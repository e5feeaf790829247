"""What counts as Chinese, and the plain forms words are compared in: shared by the
search analyzer and query parser and by ingest (gazetteer, topics)."""

import re

# Chinese characters: CJK Unified Ideographs Extension A, the Unified Ideographs,
# and the Compatibility Ideographs. (Not U+4DC0-4DFF between them: Yijing symbols.)
HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN = re.compile(f"[{HAN_RANGES}]")
HAN_RUN = re.compile(f"[{HAN_RANGES}]+")


def has_cjk(text):
    """Whether `text` holds a Chinese character."""
    return HAN.search(text) is not None


def bare_word(word):
    """A word without what the index leaves out of it: a possessive and the dots and
    apostrophes ("China's" -> "China", "U.S." -> "US")."""
    if word.endswith(("'s", "’s")):
        word = word[:-2]
    return word.replace(".", "").replace("'", "").replace("’", "")


def squeeze(text):
    """`text` with every run of whitespace (line breaks too) made one space, and
    none at either end."""
    return " ".join(text.split())


def normal(text, keep_case=False):
    """`text` in the form phrases are compared in: squeezed, a straight apostrophe,
    case folded unless `keep_case`."""
    text = squeeze(text.replace("’", "'"))
    return text if keep_case else text.casefold()
