"""Slugs for addresses that stay the same once cited.

A slug is made once, when its row is created, and never again: an interview
published with an older rule's slug keeps it (links to it have been cited). New
slugs are cut between words and never end in a small word ("…-interview-with").
"""

from django.utils.text import slugify

# Words a cut title may not end on: it would read as cut mid-phrase.
TRAILING_STOP_WORDS = frozenset(
    "a an and are as at be by for from has have in into is it its of on or our over "
    "that the their this to was were will with about after before between during "
    "than via 的 和 与 及 了".split()
)


def readable_slug(text, max_length):
    """`text` slugified, cut to at most `max_length` characters between words
    (at a character only for one longer word, as a Chinese title is), without
    trailing stop words."""
    words = (slugify(text, allow_unicode=True) or "item").split("-")
    kept = []
    for word in words:
        if len("-".join([*kept, word])) > max_length:
            break
        kept.append(word)
    kept = kept or [words[0][:max_length]]
    while len(kept) > 1 and kept[-1] in TRAILING_STOP_WORDS:
        kept.pop()
    return "-".join(kept)


def unique_slug(model, text, max_length=200):
    """A readable slug of `text`, with -2, -3… appended until no row of `model` has it."""
    base = readable_slug(text, max_length - 6)
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
