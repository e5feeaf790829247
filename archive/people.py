"""Labels to people: which one `Speaker` a transcript's label names, the dated roles
they held, and the outlets whose reporters ask.

The rules, in order (`resolve`):

1. The label loses its titles ("State Councilor and Foreign Minister Wang Yi" is
   Wang Yi, "MR. KIRBY" is Kirby; `archive.ingest.names.split_title`).
2. A full name matches a name form as written (any case or spacing), else by sound:
   赵立坚, "Zhao Lijian" and "ZHAO Li-jian" are one person (pinyin).
3. A family name alone ("Kirby", "MS. PSAKI") matches the one person of that family
   name, or the one among them who held a role on the transcript's date.
4. An office alone ("THE PRESIDENT") matches whoever held it on the date, at `where`
   (an organisation or source, "White House") when given.

When two people fit equally, nobody is chosen (None): a wrong attribution is worse
than a new speaker an editor merges.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from archive.ingest.names import split_title
from archive.ingest.outlets import OUTLETS, canonical_outlet
from archive.models import Outlet, Role, Speaker, SpeakerName
from archive.models.people import form_key, sound_key


def resolve(label, *, on=None, language="", where="", speakers=None):
    """The Speaker `label` names on date `on`, or None (see the module's rules)."""
    speakers = Speaker.objects.all() if speakers is None else speakers
    text = " ".join(str(label or "").split()).strip(" :：")
    if not text:
        return None
    name, role = split_title(text)
    names = SpeakerName.objects.filter(speaker__in=speakers)
    for key in dict.fromkeys(k for k in (form_key(text), form_key(name)) if k):
        if found := _one(_speakers(names.filter(key=key)), on, where):
            return found
    if name and len(name.split()) > 1 or _is_han(name):
        sound = sound_key(name)
        if sound and (found := _one(_speakers(names.filter(sound=sound)), on, where)):
            return found
    elif name:  # a family name alone
        family = sound_key(name)
        named = names.filter(Q(surname=family) | Q(family_first=family))
        if family and (found := _one(_speakers(named), on, where, need_role=bool(role))):
            return found
    if role and not name:
        return _office_holder(text, role, on, where, speakers)
    return None


def _is_han(name):
    from archive.text import HAN

    return bool(HAN.search(name or ""))


def _speakers(names):
    return list(Speaker.objects.filter(pk__in=names.values("speaker")).prefetch_related("roles"))


def _one(candidates, on, where, need_role=False):
    """The one candidate, else the one whose roles fit the date (and place)."""
    if len(candidates) == 1 and not (need_role and on and not candidates[0].role_on(on)):
        return candidates[0]
    if not candidates or on is None:
        return None
    held = [s for s in candidates if any(r.covers(on) for r in s.roles.all())]
    if len(held) > 1 and where:
        held = [s for s in held if any(_at(r, where) for r in s.roles.all() if r.covers(on))]
    return held[0] if len(held) == 1 else None


def _at(role, where):
    place = form_key(where)
    return bool(place) and any(
        place in form_key(x) or form_key(x) in place
        for x in (role.organisation, role.country.name if role.country_id else "") if x
    )


def _office_holder(label, role, on, where, speakers):
    keys = {form_key(label), form_key(role), form_key(f"the {role}")}
    roles = Role.objects.filter(speaker__in=speakers).on(on).select_related("country")
    if on is None:
        return None  # "the President" of when?
    fitting = [r for r in roles if keys & {form_key(a) for a in r.addressed_as}]
    if where and len({r.speaker_id for r in fitting}) > 1:
        fitting = [r for r in fitting if _at(r, where)]
    holders = {r.speaker_id for r in fitting}
    return Speaker.objects.get(pk=holders.pop()) if len(holders) == 1 else None


def resolve_or_create(label, *, name="", role="", on=None, where="",
                      kind=Speaker.Kind.OFFICIAL, organisation=""):
    """The speaker `label` names, else a new one called `name` (the label without
    titles) whose title, when the label gives one, is recorded as a role on `on`."""
    found = resolve(label, on=on, where=where)
    if found:
        return found
    clean, title = split_title(label)
    name = " ".join((name or clean or label).split())[:200] or "Unknown"
    role = role or title
    existing = Speaker.objects.filter(name__iexact=name).first()
    if existing:  # the same name, but the date or office did not settle it: theirs
        return existing
    if name.casefold() == "unknown":
        kind = Speaker.Kind.UNKNOWN
    speaker = Speaker.objects.create(name=name, role=role[:300], kind=kind,
                                     organisation=organisation[:300])
    if label.strip() and form_key(label) != form_key(name):
        SpeakerName.objects.get_or_create(speaker=speaker, key=form_key(label),
                                          defaults={"name": " ".join(label.split())[:200]})
    if role and on:
        record_role(speaker, role, start=on, end=on, organisation=organisation, origin="parsed")
    return speaker


def record_role(speaker, title, *, start=None, end=None, precision=Role.Precision.DAY,
                organisation="", country=None, addressed_as=(), origin=""):
    """Record that `speaker` held `title` (from `start` to `end`), once: the same
    title at the same organisation and country widens the known span instead.
    With precision YEAR, give dates or years (int): 2020 means 2020-01-01…12-31."""
    if isinstance(start, int):
        start, precision = datetime.date(start, 1, 1), Role.Precision.YEAR
    if isinstance(end, int):
        end, precision = datetime.date(end, 12, 31), Role.Precision.YEAR
    title = " ".join(title.split())[:300]
    with transaction.atomic():
        role = _same_tenure(speaker, title, organisation, country, start, end, origin)
        if role is None:
            return Role.objects.create(
                speaker=speaker, title=title, organisation=organisation[:300], country=country,
                start=start, end=end, precision=precision, addressed_as=list(addressed_as),
                origin=origin[:100],
            )
        changed = False
        if start and role.start and start < role.start:
            role.start, changed = start, True
        if end and role.end and end > role.end:
            role.end, changed = end, True
        for label in addressed_as:
            if label not in role.addressed_as:
                role.addressed_as.append(label)
                changed = True
        if changed:
            role.save()
        return role


# Sightings of the same office further apart than this are taken for two tenures.
TENURE_GAP = datetime.timedelta(days=2 * 366)


def _same_tenure(speaker, title, organisation, country, start, end, origin):
    """The role this sighting continues: the same title, organisation, country and
    origin, within TENURE_GAP of the dates already known."""
    for role in Role.objects.filter(speaker=speaker, title__iexact=title, origin=origin,
                                    organisation__iexact=organisation, country=country):
        first, last = role.start or datetime.date.min, role.end or datetime.date.max
        begins, ends = start or end, end or start
        if begins is None or (first - TENURE_GAP <= ends and begins <= last + TENURE_GAP):
            return role
    return None


def outlet_for(label):
    """The Outlet a label names ("路透社记者", "Reuters", "CNN's"), created if new;
    None for no label. Outlets of the curated table are created with all their names."""
    name = canonical_outlet(label)
    if not name:
        return None
    key = form_key(name).removeprefix("the ")
    for outlet in Outlet.objects.all():
        if key in outlet.match_keys():
            return outlet
    known = next((names for names in OUTLETS if names[0] == name), (name,))
    return Outlet.objects.create(name=name[:200], names=list(known[1:]))
