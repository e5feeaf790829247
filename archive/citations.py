"""How to cite one answer: Chicago, APA, MLA and BibTeX.

Names are given as the archive records them, never inverted: most speakers here
put the family name first ("Wang Yi"), so "Yi, Wang" would be wrong, and no rule
tells one order from the other. BibTeX gets the name in braces for the same reason.
"""

import datetime
import html
import re
from dataclasses import dataclass

from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

ARCHIVE_NAME = "Diplomatic statements archive"
MLA_MONTHS = "Jan. Feb. Mar. Apr. May June July Aug. Sept. Oct. Nov. Dec.".split()
BIBTEX_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()


@dataclass(frozen=True)
class Cited:
    """What every style needs to know about an answer."""

    speaker: str
    title: str
    description: str
    source: str
    date: datetime.date | None
    year_only: bool
    url: str
    accessed: datetime.date
    position: int

    @classmethod
    def of(cls, answer, url, accessed):
        interview = answer.interview
        precision = interview.DatePrecision
        return cls(
            speaker=answer.speaker.name if answer.speaker else "",
            title=interview.title,
            description=_described(answer),
            source=interview.source.name if interview.source else "",
            date=interview.date,
            year_only=interview.date_precision == precision.YEAR,
            url=url,
            accessed=accessed,
            position=answer.position,
        )


def _described(answer):
    """ "Remarks", "Answer to a question"; a passage of a long turn adds its paragraph
    ("Speech, ¶ 14"), which is how a speech is cited."""
    if answer.paragraph:
        kind = "Speech" if answer.interview.kind == "speech" else (
            "Answer to a question" if answer.question_id else "Remarks")
        return f"{kind}, ¶ {answer.paragraph}"
    return "Answer to a question" if answer.question_id else "Remarks"


@dataclass(frozen=True)
class Citation:
    style: str
    html: str

    @property
    def text(self):
        """The citation as plain text, for copying."""
        return html.unescape(strip_tags(self.html))

    @property
    def slug(self):
        return slugify(self.style)


def _sentence(text):
    """`text` ending in a full stop, unless it already ends a sentence."""
    return text if text[-1:] in ".?!" else f"{text}."


def _join(*parts):
    """The non-empty parts, space-separated; plain strings are escaped."""
    return mark_safe(" ".join(conditional_escape(p) for p in parts if p))


def chicago(c: Cited) -> Citation:
    if c.date:
        date = str(c.date.year) if c.year_only else f"{c.date:%B} {c.date.day}, {c.date.year}"
    else:
        date = "n.d."
    published = ", ".join(p for p in [c.source, date] if p)
    return Citation("Chicago", _join(
        format_html("{}", _sentence(c.speaker)) if c.speaker else "",
        format_html("“{}”", _sentence(c.title)),
        format_html("{}.", c.description),
        format_html("{}.", published),
        format_html("<i>{}</i>.", ARCHIVE_NAME),
        format_html("{}.", c.url),
    ))


def apa(c: Cited) -> Citation:
    if c.date:
        date = str(c.date.year) if c.year_only else f"{c.date.year}, {c.date:%B} {c.date.day}"
    else:
        date = "n.d."
    work = format_html("<i>{}</i> [{}].", c.title, c.description)
    lead = [format_html("{}", _sentence(c.speaker)), format_html("({}).", date), work]
    if not c.speaker:  # APA moves the title into the author's place
        lead = [work, format_html("({}).", date)]
    return Citation("APA", _join(
        *lead,
        format_html("{}", _sentence(c.source)) if c.source else "",
        c.url,
    ))


def mla(c: Cited) -> Citation:
    date = ""
    if c.date:
        date = str(c.date.year) if c.year_only else (
            f"{c.date.day} {MLA_MONTHS[c.date.month - 1]} {c.date.year}"
        )
    if c.source:
        container = format_html("<i>{}</i>, {}.", c.source, date) if date else (
            format_html("<i>{}</i>.", c.source)
        )
    else:
        container = date and format_html("{}.", date)
    accessed = f"{c.accessed.day} {MLA_MONTHS[c.accessed.month - 1]} {c.accessed.year}"
    return Citation("MLA", _join(
        format_html("{}", _sentence(c.speaker)) if c.speaker else "",
        format_html("“{}”", _sentence(c.title)),
        container,
        format_html("<i>{}</i>, {}.", ARCHIVE_NAME, re.sub(r"^https?://", "", c.url)),
        format_html("Accessed {}.", accessed),
    ))


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%",
    "$": r"\$", "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def _tex(text):
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in text)


def bibtex(c: Cited) -> Citation:
    year = str(c.date.year) if c.date else ""
    first_word = next(iter(slugify(c.title).split("-")), "")
    key = f"{slugify(c.speaker).replace('-', '') or 'statement'}{year or 'nd'}{first_word}"
    fields = [
        ("author", f"{{{_tex(c.speaker)}}}" if c.speaker else ""),
        ("title", f"{{{_tex(c.title)}}}"),
        ("howpublished", _tex(c.source)),
        ("year", year),
        ("month", BIBTEX_MONTHS[c.date.month - 1] if c.date and not c.year_only else ""),
        ("note", _tex(f"{c.description}, {ARCHIVE_NAME}, accessed {c.accessed.isoformat()}")),
        ("url", c.url),
    ]
    lines = [f"@misc{{{key}a{c.position},"]
    for name, value in fields:
        if value:
            # Month macros (sep) go bare; everything else in braces.
            lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines.append("}")
    return Citation("BibTeX", format_html("{}", "\n".join(lines)))


STYLES = [chicago, apa, mla, bibtex]


def citations(answer, url, accessed):
    """Every style's citation of `answer`, found at the absolute `url`."""
    cited = Cited.of(answer, url, accessed)
    return [style(cited) for style in STYLES]
