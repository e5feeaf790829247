"""Template helpers for the reader's pages: full addresses and language names."""

from django import template

from archive.forms import language_name as _language_name

register = template.Library()


@register.simple_tag(takes_context=True)
def absolute_url(context, path=""):
    """The full address of `path`; without one, of this page without its query."""
    request = context["request"]
    return request.build_absolute_uri(path or request.path)


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """This page's preferred address: no filters, the page number only past page 1."""
    url = absolute_url(context)
    page = context.get("page_obj")
    return f"{url}?page={page.number}" if page and page.number > 1 else url


@register.filter
def language_name(code):
    return _language_name(code)


@register.filter
def section(path):
    """The part of the site a path is in: "/topics/trade/" is in "topics"."""
    return path.strip("/").split("/", 1)[0]
