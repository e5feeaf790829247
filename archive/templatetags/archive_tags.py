"""Template helpers for the reader's pages: dates as far as they are known, full
addresses and language names."""

import calendar

from django import template
from django.utils.html import conditional_escape, format_html

from archive.forms import language_name as _language_name

register = template.Library()


@register.filter
def iso_date(interview):
    """What is known of an interview's date as HTML's <time> reads it: 2020-09-16,
    2020, --09-16 (no year); "" when nothing is known."""
    precision = interview.DatePrecision
    if interview.date and interview.date_precision == precision.YEAR:
        return f"{interview.date.year:04d}"
    if interview.date:
        return interview.date.isoformat()
    if interview.partial_month and interview.partial_day:
        return f"--{interview.partial_month:02d}-{interview.partial_day:02d}"
    return ""


@register.filter
def display_date(interview):
    """What is known of an interview's date, for readers: "16 September 2020",
    "2022", "16 September (year unknown)"."""
    if interview.date and interview.date_precision == interview.DatePrecision.YEAR:
        return str(interview.date.year)
    if interview.date:
        return interview.date.strftime("%-d %B %Y")
    if interview.partial_month and interview.partial_day:
        month = calendar.month_name[interview.partial_month]
        return f"{interview.partial_day} {month} (year unknown)"
    return "Date unknown"


@register.simple_tag
def date_of(interview):
    """An interview's date as readers see it, in a <time> machines can read (plain
    text when nothing is known: a <time> must hold a date)."""
    return time_of(iso_date(interview), display_date(interview))


@register.simple_tag
def time_of(machine, text):
    """`text` in a <time datetime="`machine`">; plain (escaped) text without `machine`."""
    if not machine:
        return conditional_escape(text)
    return format_html('<time datetime="{}">{}</time>', machine, text)


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


@register.filter
def with_directions(turn):
    """A turn's text as paragraphs, its stage directions ("(Laughter.)") marked where
    they stand; everything escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text, pieces, at = turn.text, [], 0
    for d in sorted(turn.stage_directions or [], key=lambda d: d.get("start", 0)):
        start, end = d.get("start", 0), d.get("end", 0)
        if not (at <= start < end <= len(text)):
            continue  # offsets of another text (an editor changed it): left unmarked
        pieces += [escape(text[at:start]),
                   f'<span class="stage-direction">{escape(text[start:end])}</span>']
        at = end
    pieces.append(escape(text[at:]))
    paragraphs = "".join(pieces).split("\n\n")
    return mark_safe("".join(
        f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs if p.strip()
    ))
