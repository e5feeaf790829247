"""Transcript text -> `Document`: title, preamble, speakers, and the turns of the
conversation (questions, answers, statements, procedure) grouped into exchanges.

Pure Python, no database. The parser never raises on odd input: whatever it cannot
place ends up in the preamble or a turn, and every doubt becomes a warning the editor
sees before publishing. Nothing of the source is dropped but the numbering in front of
labels ("1. Reporter:"): each turn keeps its label as written. Labels are read by
`labels`, what each turn does by `acts` and `turns`, who a label names by `speakers`.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from archive.ingest import dates, labels, speakers, stage
from archive.ingest import turns as conversation
from archive.ingest.document import Document, Kind, Turn
from archive.ingest.gazetteer import find_countries
from archive.ingest.labels import Official
from archive.ingest.officials import curated
from archive.ingest.topics import tag_topics
from archive.text import HAN

UNKNOWN = "Unknown"
# A block whose lines are all this short, and mostly unpunctuated at the end, is
# hard-wrapped prose; longer lines are paragraphs of their own.
_WRAP_WIDTH = 100
_SENTENCE_END = tuple('.!?。！？…:：;；"”’)]）】」')
_CJK = HAN
_INVISIBLE = dict.fromkeys(map(ord, "\ufeff\u200b"))
_KINDS = [
    (
        Kind.JOINT_PRESS_CONFERENCE,
        ("joint press conference", "joint news conference", "联合记者会", "共同会见记者"),
    ),
    (Kind.PRESS_CONFERENCE, ("press conference", "news conference", "记者会", "记者招待会")),
    (Kind.BRIEFING, ("briefing", "press call", "press gaggle", "background call", "吹风会")),
    (Kind.INTERVIEW, ("interview", "专访", "采访")),
    (Kind.SPEECH, ("general debate", "remarks", "speech", "address", "讲话", "致辞", "演讲")),
    (Kind.STATEMENT, ("statement", "声明")),
]

# Words a line cannot end a sentence with.
_RUNS_ON = set("the a an of to in on at for with and or but from by as into than that".split())
_PLACE_NOUNS = ("room", "hall", "house", "office", "building", "center", "centre", "palace",
                "hotel", "garden", "base", "airport", "square")  # fmt: skip


@dataclass
class _RawTurn:
    label: labels.Label
    paragraphs: list[str] = field(default_factory=list)


def parse(text: str, *, topics=None) -> Document:
    """Parse transcript `text`; `topics` is passed on to `topics.tag_topics`."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    text = str(text or "")
    doc = Document()
    lines = _clean_lines(text)
    if not any(lines):
        doc.warnings.append("The transcript is empty.")
        return doc
    doc.language = _language(text)
    title_line = next(line for line in lines if line)
    officials = labels.find_officials(title_line) if len(title_line) <= 300 else []
    known = {o.name for o in officials} | labels.recurring_names(lines)
    paragraphs = _paragraphs(lines, known)
    if _is_title(paragraphs[0], known):
        doc.title = paragraphs.pop(0)
    else:
        doc.warnings.append("No title line found: the first line reads as body text.")
        officials = []
    _fill_body(doc, paragraphs, officials, known)
    _fill_metadata(doc)
    _resolve_people(doc)
    _tag(doc, text, topics)
    return doc


def _resolve_people(doc: Document) -> None:
    """Each official's turn names one person: a curated official's name when the label
    (or the name found for it) settles one on the transcript's date, else the name."""
    where = speakers.house_of(" ".join([doc.title, *doc.preamble[:3]]))
    found: dict[tuple[str, str], str] = {}
    for turn in doc.turns:
        if turn.asker:
            continue
        key = (turn.label, turn.name)
        if key not in found:
            person = next((p for text in (turn.label, turn.name, turn.speaker) if text
                           if (p := curated().resolve(text, on=doc.date,
                                                                where=where))), None)
            found[key] = person.name if person else turn.name
        turn.resolved = found[key]
    for exchange in doc.exchanges:  # joined questions are copies: askers, never resolved
        for turn in exchange.answers:
            turn.resolved = found.get((turn.label, turn.name), turn.resolved)
    resolved = {t.speaker: t.resolved for t in doc.turns if t.resolved}
    for info in doc.speakers:
        info.resolved = "" if info.asker else resolved.get(info.name, info.person)


# --- lines and paragraphs -------------------------------------------------------------


def _clean_lines(text: str) -> list[str]:
    """Lines with indentation and runs of (non-breaking) spaces collapsed; blank -> ""."""
    text = text.translate(_INVISIBLE)
    return [" ".join(line.split()) for line in text.splitlines()]


def _paragraphs(lines: list[str], known: set[str]) -> list[str]:
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            paragraphs += _block_paragraphs(block, known)
            block = []
    return paragraphs


def _block_paragraphs(block: list[str], known: set[str]) -> list[str]:
    """Split a run of non-blank lines into paragraphs.

    A label always starts a paragraph. Otherwise hard-wrapped prose is joined, while
    in files that put one paragraph per line only obvious continuations are joined.
    """
    wrapped = _is_hard_wrapped(block)
    groups: list[list[str]] = []
    for line in block:
        joins = groups and (wrapped or _continues(groups[-1][-1], line))
        if joins and (not labels.is_label_line(line, known) or _mid_sentence(groups[-1][-1])):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [_join(group) for group in groups]


def _is_hard_wrapped(block: list[str]) -> bool:
    if len(block) < 2 or max(len(line) for line in block) > _WRAP_WIDTH:
        return False
    open_ended = sum(not line.endswith(_SENTENCE_END) for line in block[:-1])
    return open_ended * 2 > len(block) - 1


def _mid_sentence(line: str) -> bool:
    """ "… one of the advantages of the" / "U.N. General Assembly: You …": a line that
    stops after a small word runs on, even into what looks like a label."""
    last = line.rsplit(" ", 1)[-1]
    return last.casefold() in _RUNS_ON


def _continues(previous: str, line: str) -> bool:
    """A line is the wrapped tail of the previous one when that stops mid-sentence and
    this starts in lower case or with a parenthesis ("The coronavirus disease" /
    "(COVID-19) keeps resurfacing.")."""
    if previous.endswith(_SENTENCE_END) or _CJK.match(line):
        return False
    return line[0].islower() or line[0] == "("


def _join(lines: list[str]) -> str:
    parts = [lines[0]]
    for line in lines[1:]:
        # Chinese is written without spaces between words.
        parts.append("" if _CJK.match(parts[-1][-1]) and _CJK.match(line[0]) else " ")
        parts.append(line)
    return "".join(parts)


def _is_title(paragraph: str, known: set[str]) -> bool:
    """A headline: no label, short, and not a finished sentence of running text."""
    if len(paragraph) > 300 or labels.is_label_line(paragraph, known):
        return False
    if _CJK.search(paragraph):
        return len(paragraph) <= 80 and not paragraph.endswith(("。", "！", "？"))
    if paragraph.endswith((",", ";", ":")):
        return False  # a salutation or a lead-in, not a headline
    words = len(paragraph.split())
    return words <= 12 or (words <= 30 and not paragraph.endswith((".", "!")))


# --- turns and exchanges ----------------------------------------------------------------


def _fill_body(
    doc: Document, paragraphs: list[str], officials: list[Official], known: set[str]
) -> None:
    before, raw_turns = _split_turns(paragraphs, known)
    doc.kind = _kind(doc.title, before, raw_turns)
    if raw_turns:
        turns, turn_labels = _labelled_turns(doc, before, raw_turns, officials)
    else:
        turns, turn_labels = _speech(doc, before, officials), [None]
    if not turns:
        return
    head = "\n\n".join([doc.title, *doc.preamble])
    house = speakers.house_of(head)
    speakers.resolve(turns, turn_labels, officials, _whole_text(doc, turns), house, head)
    turns = stage.mark(turns)
    conversation.classify(turns)
    speakers.introduced(turns)
    speakers.name_askers_called(turns)
    doc.turns = turns
    doc.exchanges = conversation.exchanges(turns)
    doc.speakers = speakers.speaker_list(turns, officials)


def _labelled_turns(doc, before, raw_turns, officials):
    turns = _resolve_speakers(doc, raw_turns, officials)
    turn_labels: list[labels.Label | None] = [raw.label for raw in raw_turns]
    meta, content = _split_meta(before)
    doc.preamble += meta
    if content and turns[0].asker and doc.kind in (Kind.PRESS_CONFERENCE, Kind.BRIEFING):
        # Announcements before the first question are the spokesperson's opening remarks.
        turns.insert(0, Turn(_opening_speaker(officials, turns), _text(content)))
        turn_labels.insert(0, None)
    else:
        doc.preamble += content
    doc.preamble += _trailing_times(turns)
    return turns, turn_labels


def _split_turns(paragraphs: list[str], known: set[str]):
    before: list[str] = []
    turns: list[_RawTurn] = []
    for paragraph in paragraphs:
        label, rest = labels.split_label(paragraph, known)
        if label:
            turns.append(_RawTurn(label, [rest] if rest else []))
        elif turns:
            turns[-1].paragraphs.append(paragraph)
        else:
            before.append(paragraph)
    return before, turns


def _resolve_speakers(
    doc: Document, raw_turns: list[_RawTurn], officials: list[Official]
) -> list[Turn]:
    """Turns with display names filled in and askers told apart."""
    headline = officials[0].name if officials else ""
    names = {t.label.name for t in raw_turns if t.label.role == labels.NAME}
    # At a spokesperson's press conference every other named label is an asker.
    alone = len(officials) == 1 and any(speakers.same_person(n, headline) for n in names)
    lone = headline if alone else ""
    result = []
    for raw in raw_turns:
        label, is_question = raw.label, raw.label.role == labels.QUESTION
        name = label.name
        if label.role == labels.ANSWER:
            name = headline or UNKNOWN
        elif label.role == labels.NAME and lone and not speakers.same_person(name, lone):
            # "Al Jazeera:" asks; "AIDE:" or "MR. SULLIVAN:" in capitals, White House
            # style, is an official beside the headline's (reporters there are "Q").
            is_question = not name.startswith(labels.TITLED) and not label.raw.isupper()
        result.append(Turn(name, _text(raw.paragraphs), label=label.raw, asker=is_question))
    if not headline and any(t.label.role == labels.ANSWER for t in raw_turns):
        doc.warnings.append(
            "Answers are labelled without a name and the headline names no official; "
            f"they are attributed to '{UNKNOWN}'."
        )
    return result


def _opening_speaker(officials: list[Official], turns: list[Turn]) -> str:
    if officials:
        return officials[0].name
    answerers = Counter(t.speaker for t in turns if not t.asker)
    return answerers.most_common(1)[0][0] if answerers else UNKNOWN


def _speech(doc: Document, paragraphs: list[str], officials: list[Official]) -> list[Turn]:
    """A text without speaker labels: one statement by the headline's speaker."""
    meta, body = _split_meta(paragraphs)
    doc.preamble += meta
    if not body:
        doc.warnings.append("No speaker turns and no body text found.")
        return []
    speaker = officials[0] if len(officials) == 1 else None
    if speaker:
        doc.warnings.append(
            f"No speaker labels found: the text is kept as one statement by '{speaker.name}', "
            "whom the title names."
        )
    else:
        doc.warnings.append(
            f"No speaker labels found: the text is kept as one speech by '{UNKNOWN}'."
        )
    return [Turn(speaker.name if speaker else UNKNOWN, _text(body))]


def _text(paragraphs: list[str]) -> str:
    return "\n\n".join(p for p in paragraphs if p)


def _split_meta(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Leading paragraphs that set the scene (dateline, date, time, place, "as follows:")."""
    count = 0
    while count < len(paragraphs) and _is_meta(paragraphs[count]):
        count += 1
    return paragraphs[:count], paragraphs[count:]


def _is_meta(paragraph: str) -> bool:
    return (
        dates.is_date_line(paragraph)
        or dates.is_time_line(paragraph)
        or dates.dateline_place(paragraph) is not None
        or _is_place(paragraph)
        or _introduces_text(paragraph)
    )


def _introduces_text(paragraph: str) -> bool:
    """ "The content is as follows:" announces the transcript; it is not a statement."""
    return paragraph.endswith((":", "：")) and len(paragraph) < 80


def _is_place(paragraph: str) -> bool:
    """ "East Room", "Washington, D.C.": a few capitalised words, not a sentence."""
    if len(paragraph) > 80 or _CJK.search(paragraph) or any(ch.isdigit() for ch in paragraph):
        return False
    words = paragraph.replace(",", " ").split()
    if not 1 <= len(words) <= 6 or paragraph.endswith(("!", "?", ":", ",", ";")):
        return False
    if paragraph.endswith(".") and not re.search(r"\b(?:[A-Z]\.){2,}$", paragraph):
        return False
    return all(w[0].isupper() for w in words)


def _trailing_times(turns: list[Turn]) -> list[str]:
    """A closing "1:42 P.M. EDT" is a time stamp, not the last speaker's words."""
    last = turns[-1]
    paragraphs = last.text.split("\n\n")
    if len(paragraphs) > 1 and dates.is_time_line(paragraphs[-1]):
        last.text = "\n\n".join(paragraphs[:-1])
        return [paragraphs[-1]]
    return []


# --- document-level facts -----------------------------------------------------------------


def _kind(title: str, before: list[str], raw_turns: list[_RawTurn]) -> str:
    """From the headline's wording (or, without a headline, the scene-setting lines);
    failing that, from the shape of the text."""
    for haystack in (title, " ".join(_split_meta(before)[0])):
        lowered = haystack.casefold()
        for kind, keywords in _KINDS:
            if any(keyword in lowered for keyword in keywords):
                return kind
    if not raw_turns:
        return Kind.SPEECH
    if any(t.label.role == labels.QUESTION for t in raw_turns):
        return Kind.INTERVIEW
    return Kind.STATEMENT


def _whole_text(doc: Document, turns: list[Turn]) -> str:
    return "\n\n".join([doc.title, *doc.preamble, *(t.text for t in turns)])


def _fill_metadata(doc: Document) -> None:
    found = dates.find_date([doc.title, *doc.preamble])
    doc.date, doc.partial_date = found.date, found.partial
    if found.partial:
        month, day = found.partial
        doc.warnings.append(
            f"The year is missing: the transcript gives {calendar.month_name[month]} {day} "
            "without a year; supply the year before publishing."
        )
    elif not found.date:
        doc.warnings.append("No date found in the title or preamble.")
    elif doubt := dates.date_doubt(found.date):
        doc.warnings.append(
            f"The date found is not plausible: {doubt}; correct it before publishing."
        )
    doc.location = _location(doc.preamble)


def _location(preamble: list[str]) -> str:
    for paragraph in preamble:
        place = dates.dateline_place(paragraph)
        if place:
            return place
    return next((p for p in preamble if _is_place(p) and not _names_the_event(p)), "")


def _names_the_event(paragraph: str) -> bool:
    """ "Opening Remarks" is a heading, but "Press Briefing Room" is a place."""
    lowered = paragraph.casefold()
    if any(lowered.endswith(noun) for noun in _PLACE_NOUNS):
        return False
    return "transcript" in lowered or any(
        keyword in lowered for _, keywords in _KINDS for keyword in keywords
    )


_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def _language(text: str) -> str:
    """ "zh" when Chinese characters outnumber Latin letters."""
    sample = text[:200_000]
    cjk = len(_CJK.findall(sample))
    # ASCII letters are the ASCII characters str.isalpha() takes: counted in C.
    latin = len(sample.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    return "zh" if cjk > latin else "en"


def _tag(doc: Document, text: str, topics: Iterable | None) -> None:
    doc.countries = list(find_countries(text))
    doc.topics = list(tag_topics(text, topics))
