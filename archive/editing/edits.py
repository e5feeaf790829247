"""What an editor can do to a parsed transcript before (and after) publishing it.

Every change is saved row by row through the models, so the history and the search
index follow it. Changes that renumber turns (split, join, question/answer, re-parse)
are refused once an interview has been published: readers may have cited its answers
by number, and those permanent links must keep pointing at the same words.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from archive.ingest.document import Document, Exchange, Turn
from archive.ingest.document import TurnKind as DocTurnKind
from archive.ingest.frontmatter import FrontMatterError
from archive.ingest.importer import front_matter_of, with_front_matter
from archive.ingest.load import (
    GENERIC_ASKERS,
    apply_document,
    create_turns,
    source_named,
    without_date_warnings,
)
from archive.ingest.parser import parse
from archive.ingest.tagging import tag_interview
from archive.models import Answer, Interview, Question, Speaker, TurnKind


class EditError(ValueError):
    """The change cannot be made; the message says why."""


@dataclass
class FlatTurn:
    """A turn in reading order, as the rebuild needs it."""

    is_question: bool
    label: str
    text: str
    # An answer that opens remarks made without a question.
    opens: bool = False
    kind: str = ""  # the stored TurnKind of an answer row: kept through a rebuild


# --- turns ---------------------------------------------------------------------------


def turn_key(turn):
    """"q12" or "a34": how forms name a question or an answer."""
    return f"{'q' if isinstance(turn, Question) else 'a'}{turn.pk}"


def get_turn(interview, key):
    model = {"q": Question, "a": Answer}.get(key[:1])
    if model is None or not key[1:].isdigit():
        raise EditError("No such turn.")
    turn = model.objects.filter(interview=interview, pk=int(key[1:])).first()
    if turn is None:
        raise EditError("That turn no longer exists: someone may have changed the transcript.")
    return turn


def edit_text(turn, text):
    text = _normalise(text)
    if not text:
        raise EditError("A turn cannot be empty: join it to another one instead.")
    turn.text = text
    with transaction.atomic():  # indexed after commit, with what the new words mention
        turn.save()
        tag_interview(turn.interview, [turn])


def reassign(turn, name):
    """Attribute the turn to the person called `name` (by name or alias; someone new
    is added). A question may also be put by a generic "Reporter", who is no person."""
    name = " ".join(name.split())[:200]
    if not name:
        raise EditError("Give the speaker's name.")
    asking = isinstance(turn, Question)
    if asking and name.casefold() in GENERIC_ASKERS:
        attribute(turn, None, label=name)
        return
    kind = Speaker.Kind.JOURNALIST if asking else Speaker.Kind.OFFICIAL
    speaker = Speaker.objects.resolve(name) or Speaker.objects.create(name=name, kind=kind)
    attribute(turn, speaker)


def attribute(turn, speaker, label=""):
    """Set who asked (a question) or said (an answer) the turn."""
    if isinstance(turn, Question):
        turn.asker = speaker
        turn.asker_label = speaker.name if speaker else label
    else:
        turn.speaker = speaker
    turn.save()


def split(interview, key, paragraph):
    """Make paragraphs `paragraph`… of the turn a new turn by the same speaker."""
    turns, index = _locate(interview, key)
    parts = turns[index].text.split("\n\n")
    if not 0 < paragraph < len(parts):
        raise EditError("Choose a paragraph after the first to split at.")
    first, rest = turns[index], "\n\n".join(parts[paragraph:])
    first.text = "\n\n".join(parts[:paragraph])
    turns.insert(index + 1, FlatTurn(first.is_question, first.label, rest))
    _rebuild(interview, turns)


def join_next(interview, key):
    """Append the next turn to this one; both must be questions, or both answers."""
    turns, index = _locate(interview, key)
    if index + 1 >= len(turns):
        raise EditError("This is the last turn: there is nothing to join it with.")
    turn, following = turns[index], turns[index + 1]
    if turn.is_question != following.is_question:
        raise EditError(
            "Only two questions or two answers can be joined: mark one of them as a "
            "question or an answer first."
        )
    turn.text = f"{turn.text}\n\n{following.text}"
    del turns[index + 1]
    _rebuild(interview, turns)


def set_question(interview, key, is_question):
    """Mark the turn as a question (it opens an exchange) or as an answer."""
    turns, index = _locate(interview, key)
    turns[index].is_question = is_question
    turns[index].opens = False
    _rebuild(interview, turns)


def flat_turns(interview):
    """(key, FlatTurn) in reading order, from the interview's rows."""
    rows = Interview.objects.with_conversation().get(pk=interview.pk)
    flat = []
    for question, answers in rows.conversation():
        if question:
            label = question.asker.name if question.asker else question.asker_name
            flat.append((turn_key(question), FlatTurn(True, label, question.text)))
        for i, answer in enumerate(answers):
            label = answer.speaker.name if answer.speaker else (answer.label or "Unknown")
            opens = question is None and i == 0
            flat.append((turn_key(answer),
                         FlatTurn(False, label, answer.text, opens, answer.kind)))
    return flat


def _locate(interview, key):
    _refuse_if_published(interview, "split, joined or retyped")
    flat = flat_turns(interview)
    keys = [k for k, _ in flat]
    if key not in keys:
        raise EditError("That turn no longer exists: someone may have changed the transcript.")
    return [t for _, t in flat], keys.index(key)


def _rebuild(interview, turns):
    exchanges = []
    for turn in turns:
        if turn.is_question:
            exchanges.append(Exchange(Turn(turn.label, turn.text)))
            continue
        said = Turn(turn.label, turn.text, kind=_document_kind(turn.kind),
                    courtesy=turn.kind == TurnKind.COURTESY)
        if turn.opens or not exchanges:
            exchanges.append(Exchange(None, [said]))
        else:
            exchanges[-1].answers.append(said)
    # The editor split or joined these turns by hand: no passages made of them again.
    replace_turns(interview, Document(exchanges=exchanges), passages=False)


def _document_kind(kind):
    """The parser's kind for a stored one (a courtesy is a procedural turn)."""
    if kind in (TurnKind.PROCEDURAL, TurnKind.COURTESY):
        return DocTurnKind.PROCEDURAL
    return DocTurnKind.STATEMENT if kind == TurnKind.STATEMENT else DocTurnKind.ANSWER


@transaction.atomic
def replace_turns(interview, doc, *, passages=True):
    """Delete the interview's turns and write `doc`'s; people left with no turn at all
    who were only made by a parse are deleted too."""
    before = speaker_ids(interview)
    # Answers first: deleting a question would otherwise null its answers' link
    # with an UPDATE that neither the history nor the search index sees.
    for model in (Answer, Question):
        for row in model.objects.filter(interview=interview):
            row.delete()
    create_turns(interview, doc, passages=passages)
    drop_orphans(before)


def drop_orphans(ids):
    """Delete those of these speakers who no longer say or ask anything and carry
    nothing an editor added (aliases, organisation, country)."""
    Speaker.objects.filter(pk__in=ids, aliases=[], organisation="", country=None).exclude(
        Exists(Answer.objects.filter(speaker=OuterRef("pk")))
    ).exclude(Exists(Question.objects.filter(asker=OuterRef("pk")))).delete()


def speaker_ids(interview):
    """Ids of everyone who speaks or asks in the interview."""
    return set(
        Answer.objects.filter(interview=interview, speaker__isnull=False).values_list(
            "speaker", flat=True
        )
    ) | set(
        Question.objects.filter(interview=interview, asker__isnull=False).values_list(
            "asker", flat=True
        )
    )


def _normalise(text):
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()


def _refuse_if_published(interview, what):
    if interview.was_published:
        raise EditError(
            f"This transcript has been published, so its turns can no longer be {what}: "
            "that would renumber answers that readers may have cited. Edit their text "
            "or speaker instead."
        )


# --- speakers --------------------------------------------------------------------------


def people_in(interview):
    """Everyone who speaks or asks in the interview, each annotated with `elsewhere`:
    whether they appear in any other interview (if not, the parse proposed them)."""
    ids = speaker_ids(interview)
    other_answers = Answer.objects.filter(speaker=OuterRef("pk")).exclude(interview=interview)
    other_questions = Question.objects.filter(asker=OuterRef("pk")).exclude(interview=interview)
    return Speaker.objects.filter(pk__in=ids).annotate(
        elsewhere=Exists(other_answers) | Exists(other_questions)
    )


def rename(speaker, name):
    """Give the person a new name everywhere; the old one stays as an alias."""
    name = " ".join(name.split())[:200]
    if not name:
        raise EditError("Give the new name.")
    other = Speaker.objects.exclude(pk=speaker.pk).resolve(name)
    if other:
        raise EditError(f"“{other.name}” already exists: merge into them instead.")
    old = speaker.name
    speaker.name = name
    _add_aliases(speaker, [old])
    speaker.save()


@transaction.atomic
def merge(interview, speaker, into):
    """Attribute `speaker`'s turns in this interview to `into`. If `speaker` then has
    no turns anywhere, they are deleted and their names become `into`'s aliases, so
    the next transcript that spells them so is matched at once."""
    if speaker.pk == into.pk:
        raise EditError("Choose someone else to merge into.")
    for answer in Answer.objects.filter(interview=interview, speaker=speaker):
        attribute(answer, into)
    for question in Question.objects.filter(interview=interview, asker=speaker):
        attribute(question, into)
    still_speaks = speaker.answers.exists() or speaker.questions.exists()
    if not still_speaks:
        _add_aliases(into, [speaker.name, *speaker.aliases])
        into.save()
        speaker.delete()


def _add_aliases(speaker, names):
    known = speaker.match_keys()
    for name in names:
        if name.casefold() not in known:
            speaker.aliases = [*speaker.aliases, name]
            known.add(name.casefold())


# --- details and re-parsing ------------------------------------------------------------


def update_details(interview, *, date, date_precision, topics, countries, new_source="",
                   **fields):
    """Save corrected details; a full date settles the parser's doubts about it."""
    for name, value in fields.items():
        setattr(interview, name, value)
    interview.source = source_named(new_source) or interview.source
    interview.date, interview.date_precision = date, date_precision
    if date:
        interview.parse_warnings = without_date_warnings(interview.parse_warnings)
    with transaction.atomic():
        interview.save()
        interview.topics.set(topics)
        interview.countries.set(countries)


def reparse(interview, raw_text, topics=None):
    """Parse edited raw text again and put the result in place of the draft's turns,
    title, date, preamble, countries and topics. The source, its address and a date
    the editor supplied (if the new text still lacks the year) are kept."""
    _refuse_if_published(interview, "replaced by a new parse")
    raw_text = raw_text.replace("\r\n", "\n")
    if not raw_text.strip():
        raise EditError("The text is empty.")
    clash = Interview.objects.filter(checksum=Interview.checksum_of(raw_text)).first()
    if clash and clash.pk != interview.pk:
        raise EditError(f"This text is already in the archive as “{clash.title}”.")
    try:
        fields, body = front_matter_of(raw_text)
    except FrontMatterError as exc:
        raise EditError(str(exc)) from exc
    doc = parse(body, topics=topics)
    if fields is not None:
        with_front_matter(doc, fields, None)
        if fields.date:
            doc.date, doc.partial_date = fields.date, None
            doc.warnings = without_date_warnings(doc.warnings)
    with transaction.atomic():
        apply_document(interview, raw_text, doc)
        replace_turns(interview, doc)
    return doc
