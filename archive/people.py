"""Labels to people in the database: which one `Speaker` a transcript's label names
(the rules are `archive.ingest.identity`'s), the dated roles they held, the outlets
whose reporters ask, and editors' merging and splitting of speakers.

The curated officials (fixtures/officials.json) are consulted first: a label they
settle ("THE PRESIDENT" on 29 March 2022 is Joe Biden) is that official's speaker,
created from the file the first time; then the speakers already in the database.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from archive.ingest.identity import form_key, resolve_in
from archive.ingest.names import split_title
from archive.ingest.officials import curated
from archive.ingest.outlets import OUTLETS, canonical_outlet
from archive.models import Country, Outlet, Role, Speaker, SpeakerName


class _Database:
    """The speakers of a queryset as an `identity.Directory`."""

    def __init__(self, speakers):
        self.speakers = speakers

    def _pairs(self, names):
        found = self.speakers.filter(pk__in=names.values("speaker")).prefetch_related("roles")
        return [(s, list(s.roles.all())) for s in found]

    def _names(self):
        return SpeakerName.objects.filter(speaker__in=self.speakers)

    def by_form(self, key):
        return self._pairs(self._names().filter(key=key))

    def by_sound(self, key):
        return self._pairs(self._names().filter(sound=key))

    def by_family(self, key):
        return self._pairs(self._names().filter(Q(surname=key) | Q(family_first=key)))

    def holding_office(self, on):
        roles = Role.objects.filter(speaker__in=self.speakers).on(on).exclude(addressed_as=[])
        by_speaker = {}
        for role in roles.select_related("speaker"):
            by_speaker.setdefault(role.speaker_id, (role.speaker, []))[1].append(role)
        return list(by_speaker.values())


def resolve(label, *, on=None, language="", where="", speakers=None):
    """The Speaker `label` names on date `on` (at `where`, a source or organisation),
    or None. `language` is the transcript's; names are matched in every language."""
    if speakers is None:
        if person := curated().resolve(label, on=on, where=where):
            return official(person)
        speakers = Speaker.objects.all()
    return resolve_in(_Database(speakers), label, on=on, where=where)


def official(person):
    """The speaker for a curated official, created with their name forms and roles
    the first time (an editor's changes to them afterwards are kept)."""
    speaker = Speaker.objects.filter(name__iexact=person.name).first()
    if speaker is not None:
        return speaker
    with transaction.atomic():
        roles = sorted(person.roles, key=lambda r: r.start or datetime.date.min)
        latest = roles[-1] if roles else None
        speaker = Speaker.objects.create(
            name=person.name, aliases=list(person.names), kind=person.kind, curated=True,
            role=latest.title if latest else "",
            organisation=latest.organisation if latest else "",
            country=Country.objects.filter(code=person.country).first() if person.country else None,
        )
        for r in roles:
            Role.objects.create(
                speaker=speaker, title=r.title, title_zh=r.title_zh,
                organisation=r.organisation, start=r.start, end=r.end,
                precision=r.precision, addressed_as=list(r.addressed_as),
                country=Country.objects.filter(code=r.country).first() if r.country else None,
                origin="officials fixture",
            )
    return speaker


def load_officials():
    """Every curated official into the database (those already there are left as the
    editors keep them); returns how many were added."""
    before = Speaker.objects.count()
    for person in curated().people:
        official(person)
    return Speaker.objects.count() - before


def resolve_or_create(label, *, name="", role="", on=None, where="",
                      kind=Speaker.Kind.OFFICIAL, organisation=""):
    """The speaker `label` (or the parser's `name` for them) names, else a new one
    called by the name without titles, whose title, when the label gives one, is
    recorded as a role held on `on`."""
    for text in dict.fromkeys(t for t in (label, name) if t.strip()):
        if found := resolve(text, on=on, where=where):
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


@transaction.atomic
def merge_speakers(speaker, into):
    """Make `speaker` and `into` one person: every turn, name form and role of
    `speaker` becomes `into`'s, and `speaker` is deleted. Each turn is saved, so the
    history keeps who it was attributed to before (and `split_speaker` undoes it)."""
    from archive.models import Answer, Question

    if speaker.pk == into.pk:
        raise ValueError("Choose someone else to merge into.")
    for answer in Answer.objects.filter(speaker=speaker):
        answer.speaker = into
        answer.save()
    for question in Question.objects.filter(asker=speaker):
        question.asker = into
        question.save()
    known = {n.key for n in into.names.all()}
    for form in speaker.names.all():
        if form.key in known:
            form.delete()
        else:
            form.speaker = into
            form.save()
    for role in speaker.roles.all():
        role.speaker = into
        role.save()
    into.aliases = [*into.aliases, *(a for a in [speaker.name, *speaker.aliases]
                                     if form_key(a) not in {form_key(x) for x in
                                                            [into.name, *into.aliases]})]
    into.save()
    speaker.delete()
    return into


@transaction.atomic
def split_speaker(speaker, labels, name):
    """Undo a wrong merge: the turns of `speaker` whose label as written is one of
    `labels`, and the name forms among them, go to the person called `name` (found or
    created). Returns that person."""
    from archive.models import Answer, Question

    keys = {form_key(label) for label in labels if form_key(label)}
    if not keys:
        raise ValueError("Give the labels (as the transcripts write them) to split off.")
    name = " ".join(name.split())[:200]
    if not name or form_key(name) == form_key(speaker.name):
        raise ValueError("Give the other person's name.")
    other = (Speaker.objects.exclude(pk=speaker.pk).filter(name__iexact=name).first()
             or Speaker.objects.create(name=name, kind=speaker.kind))
    moved = 0
    for answer in Answer.objects.filter(speaker=speaker):
        if form_key(answer.label) in keys:
            answer.speaker = other
            answer.save()
            moved += 1
    for question in Question.objects.filter(asker=speaker):
        if form_key(question.label or question.asker_label) in keys:
            question.asker = other
            question.save()
            moved += 1
    if not moved:
        raise ValueError(f"No turn of {speaker.name} is labelled so; nothing was changed.")
    speaker.names.filter(key__in=keys).delete()
    speaker.aliases = [a for a in speaker.aliases if form_key(a) not in keys]
    speaker.save()
    for label in labels:
        if form_key(label) != form_key(other.name) and not split_title(label)[1]:
            SpeakerName.objects.get_or_create(speaker=other, key=form_key(label),
                                              defaults={"name": label[:200]})
    return other
