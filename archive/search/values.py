"""What searchers type after a field name, as the index's keys: `country:china`,
`country:"south korea"`, `country:CN` and `country:south-korea` are all "KR" or
"CN"; `speaker:王毅` is Wang Yi by his alias; `topic:trade`, `kind:speech`.

A value that names nothing is an `UnknownValue` saying so, with the nearest name
when there is one. The tables are read once and cached (dropped with the facet
names when a row changes, results.forget_names), so a search runs no SQL for them.
"""

import difflib
import re

from django.conf.locale import LANG_INFO
from django.core.cache import cache

from archive.models import Country, Interview, Source, Speaker, Topic
from archive.search.query import FIELDS, UnknownValue
from archive.search.schema import FACETS

TTL = 300
YEAR = re.compile(r"\d{4}")


def form(text):
    """How typed values and names are compared: case, hyphens, underscores and
    spacing aside ("South-Korea", "south_korea", "south  korea")."""
    return " ".join(re.sub(r"[-_]", " ", str(text)).casefold().split())


def _rows(model):
    """(key, display name, every name it goes by) of each row."""
    if model is Country:
        for c in model.objects.all():
            yield c.code, c.name, [c.code, c.slug, c.name, c.official_name,
                                   *c.aliases, *c.demonyms]
    elif model is Speaker:
        for s in model.objects.all():
            yield s.slug, s.name, [s.slug, s.name, *s.aliases]
    else:  # Topic, Source
        for row in model.objects.all():
            yield row.slug, row.name, [row.slug, row.name]


def _cache_key(model):
    return f"archive:typed-values:{model._meta.label_lower}"


def table(model):
    """{"forms": {form: key}, "names": {key: display name}}, cached."""
    found = cache.get(_cache_key(model))
    if found is None:
        found = {"forms": {}, "names": {}}
        for key, name, spellings in _rows(model):
            found["names"][key] = name
            for spelling in spellings:
                if spelling:
                    found["forms"].setdefault(form(spelling), key)
        cache.set(_cache_key(model), found, TTL)
    return found


def forget(model):
    cache.delete(_cache_key(model))


# typed field -> (model, what it is called), for fields whose values are rows
MODELS = {"country": (Country, "country"), "topic": (Topic, "topic"),
          "source": (Source, "source"), "speaker": (Speaker, "speaker")}
CHOICES = {
    "kind": ({**{form(v): v for v in Interview.Kind.values},
              **{form(label): v for v, label in Interview.Kind.choices}}, "kind"),
    "type": ({"answer": "answer", "answers": "answer", "question": "question",
              "questions": "question"}, "type"),
}
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?: [a-z]{2,4})?")


def _language_names():
    """{name: code}: "english", "chinese" (of "Simplified Chinese"), "中文简体": the
    codes transcripts carry ("zh"), without Django's script suffixes."""
    names = {}
    for code, info in LANG_INFO.items():
        for name in filter(None, (info.get("name"), info.get("name_local"))):
            names.setdefault(form(name), code.split("-")[0])
            names.setdefault(form(name).split()[-1], code.split("-")[0])
    return names


CHOICES["language"] = (_language_names(), "language")


def resolve(field, value):
    """The index key `value` names in the typed `field`, or UnknownValue."""
    typed = form(value)
    if field == "year":
        if YEAR.fullmatch(typed):
            return typed
        raise UnknownValue(f"“{value}” is not a year: write four digits, as in year:2020.")
    if field == "language" and LANGUAGE_CODE.fullmatch(typed):
        return typed.replace(" ", "-")  # a code, as transcripts carry it ("zh", "en")
    if field in CHOICES:
        choices, called = CHOICES[field]
        return _lookup(typed, value, choices, called, {v: k for k, v in choices.items()})
    if field in MODELS:
        model, called = MODELS[field]
        found = table(model)
        return _lookup(typed, value, found["forms"], called, found["names"])
    return value


def _lookup(typed, value, forms, called, names):
    if typed in forms:
        return forms[typed]
    near = difflib.get_close_matches(typed, list(forms), n=1, cutoff=0.75)
    if not near:
        raise UnknownValue(f"There is no {called} called “{value}”.")
    name = names.get(forms[near[0]], near[0])
    raise UnknownValue(f"There is no {called} called “{value}”; did you mean {name}?",
                       suggestion=name)


def _speaker_words(value):
    """True when every word of `value` is a word of some speaker's name or alias
    ("wang" of Wang Yi)."""
    words = set(form(value).split())
    return any(words <= set(spelling.split()) for spelling in table(Speaker)["forms"])


def typed(name, value):
    """For query.parse_query: (index field, value, exact) of `name:value`. A speaker
    named whole is that one person; part of a name ("wang") searches the names."""
    target, exact = FIELDS[name]
    if name == "speaker":
        try:
            return FACETS["speaker"].name, resolve(name, value), True
        except UnknownValue:
            if not _speaker_words(value):
                raise
        return target, " ".join(value.split()), False
    if not exact:
        return target, value, False
    return target, resolve(name, value), True
