"""Search results and facets as pages show them: stored fields only, names for keys.

A results page runs no SQL query of its own: hits come from stored fields and
facet names from a cache of the small name tables.
"""

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.conf.locale import LANG_INFO
from django.core.cache import cache
from django.urls import reverse

from archive.models import Interview
from archive.search import highlight, values
from archive.search.schema import FACETS

FACET_TITLES = {param: field.title for param, field in FACETS.items()}
FACET_LIMIT = 12


def _named(field):
    model, key = field.named
    return apps.get_model("archive", model), key


# param -> (model, key column) whose names label the facet's keys
NAMED = {param: _named(field) for param, field in FACETS.items() if field.named}
NAMES_TTL = 300


def _names_key(model):
    return f"archive:facet-names:{model._meta.label_lower}"


def names(model, key):
    """{key: name} of every row of a small table: cached, so a search page needs no
    query to label its facets. Dropped when a row changes (forget_names)."""
    found = cache.get(_names_key(model))
    if found is None:
        found = dict(model.objects.values_list(key, "name"))
        cache.set(_names_key(model), found, NAMES_TTL)
    return found


def forget_names(sender, **kwargs):
    """Receiver (connected by ArchiveConfig.ready) of changes to a named table's rows."""
    cache.delete(_names_key(sender))
    values.forget(sender)


@dataclass
class Hit:
    type: str
    speaker: str
    speaker_slug: str  # "" for a speaker not in the archive
    title: str
    interview_slug: str
    position: int
    date: str  # as readers see it: "16 September 2020", "2022"
    date_iso: str  # as far as known: "2020-09-16", "2022"; "" when unknown
    date_precision: str  # Interview.DatePrecision: "day", "year", "unknown"
    url: str  # the permanent address: an answer's page, a question's place
    interview_url: str  # the statement's place in its transcript
    marked: str  # safe HTML from the highlighter (escaped text, <mark>s), or ""
    text: str
    score: float
    # "country:KI", "topic:trade": what the statement counts only through its question
    from_question: frozenset = frozenset()
    # names of the filtered-on subjects it is found by only through its question
    through_question: tuple = ()

    @property
    def highlighted(self):
        return bool(self.marked)

    @property
    def snippet(self):
        """Safe HTML: the highlighter's passages, else the text's opening passage."""
        return self.marked or highlight.snippet(self.text)

    @classmethod
    def from_result(cls, result):
        slug = result.interview_slug
        interview_url = reverse("interview-detail", args=[slug])
        if result.type == "answer":
            url = reverse("answer-detail", args=[slug, result.position])
            in_transcript = f"{interview_url}#a{result.position}"
        else:
            url = in_transcript = f"{interview_url}#q{result.position}"
        highlighted = (getattr(result, "highlighted", None) or {}).get("text", [""])[0]
        precision = date_precision(result)
        return cls(
            type=result.type,
            speaker=result.speaker_name or "Unknown speaker",
            speaker_slug=getattr(result, "speaker_slug", None) or "",
            title=result.title,
            interview_slug=slug,
            position=result.position,
            date=result.date_display,
            date_iso=_iso(result.date, precision),
            date_precision=precision,
            url=url,
            interview_url=in_transcript,
            marked=highlighted,
            text=result.text,
            score=result.score,
            from_question=frozenset((getattr(result, "from_question", None) or "").split()),
        )

    def mark_through_question(self, wanted, labels):
        """Name those of `wanted` ((param, key) pairs) that only its question mentions."""
        self.through_question = tuple(
            labels.get(param, {}).get(key, key)
            for param, key in wanted
            if param in FACETS and f"{FACETS[param].name}:{key}" in self.from_question)


DAY, YEAR, UNKNOWN = (Interview.DatePrecision.DAY.value, Interview.DatePrecision.YEAR.value,
                      Interview.DatePrecision.UNKNOWN.value)


def _iso(value, precision):
    """The date as far as it is known, as HTML's <time> and ISO 8601 write it."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    if precision == DAY:
        return day.isoformat()
    return f"{day.year:04d}" if precision == YEAR else ""


def date_precision(result):
    """How much of a hit's date is known. Documents store the date and how readers
    see it ("2022" for a year alone, as archive_tags.display_date writes it), which
    tells the precision without another stored field or a rebuild of the index."""
    if not getattr(result, "date", None):
        return UNKNOWN
    return YEAR if str(result.date_display).isdigit() else DAY


def label_maps(facet_fields):
    """Names for the facet keys present: {param: {key: name}}."""
    wanted = {param: [value for value, _ in counts] for param, counts in facet_fields.items()}
    maps = {
        "kind": dict(Interview.Kind.choices),
        "type": {"answer": "Answers", "question": "Questions"},
        "language": {
            code: LANG_INFO.get(code, {}).get("name", code) for code in wanted.get("language", [])
        },
        "year": {y: y for y in wanted.get("year", [])},
    }
    for param, (model, key) in NAMED.items():
        maps[param] = names(model, key) if wanted.get(param) else {}
    return maps


def facet_groups(facet_counts, field_for_param, selected, url_with):
    """Facet groups for the sidebar: title, and (label, count, url, active) options."""
    fields = (facet_counts or {}).get("fields", {})
    by_param = {param: fields.get(field, []) for param, field in field_for_param.items()}
    by_param = {p: [(v, n) for v, n in counts if v] for p, counts in by_param.items()}
    labels = label_maps(by_param)
    groups = []
    for param, counts in by_param.items():
        if param == "year":
            counts = sorted(counts, reverse=True)
        options = [
            {
                "label": labels.get(param, {}).get(value, value),
                "count": count,
                "url": url_with(param, None if selected.get(param) == value else value),
                "active": selected.get(param) == value,
            }
            for value, count in counts[:FACET_LIMIT]
        ]
        if options:
            groups.append({"param": param, "title": FACET_TITLES[param], "options": options})
    return groups, labels
