"""Slugs for addresses that stay the same once cited."""

from django.utils.text import slugify


def unique_slug(model, text, max_length=200):
    """Slugify `text` and append -2, -3… until no row of `model` has it."""
    base = (slugify(text, allow_unicode=True) or "item")[: max_length - 6].strip("-")
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# Statements in reading order across interviews: latest interview first, then as spoken.
