"""The turns of a conversation: which are questions, answers, statements or procedure.

A question is what an asker asks of an official and an official answers. Reading the
turns in order, an asker's turn of substance opens a question, unless the question
before it is still unanswered (it was cut off, the official only said "Sorry?" or
"Go ahead", or the asker carries on with "— said, ..."): then it is a part of that
one. Follow-ups after an answer are questions of their own. A question no official
answers is not counted. Courtesies ("Thank you.", "Yep."), hand-offs ("Go ahead,
Zeke.", "Our next question will go to…") and bids for the floor ("Karine —", "Can I
follow up?") are procedural; a bid that leads into a question is the start of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from archive.ingest import acts
from archive.ingest.document import Exchange, Turn, TurnKind

# Who only ever hands over or keeps time: "MODERATOR:", "OPERATOR:", "WHITE HOUSE AIDE:".
_CHAIRS = {"Moderator", "Operator", "Aide"}


@dataclass
class _Question:
    parts: list[int] = field(default_factory=list)
    answered: bool = False
    open: bool = True  # no answer since its last part: the asker's next words join it


@dataclass
class _Conversation:
    turns: list[Turn]
    questions: list[_Question] = field(default_factory=list)
    # An asker's bids for the floor not yet followed by a question.
    bids: list[int] = field(default_factory=list)
    answering: bool = False  # the last official turn answered something
    officials: set[str] = field(default_factory=set)  # words of the officials' names

    @property
    def current(self) -> _Question | None:
        return self.questions[-1] if self.questions else None

    def asker(self, index: int, what: str) -> None:
        turn, current = self.turns[index], self.current
        if what == acts.FLOOR and self._asks_about(turn):
            what = acts.CONTENT
        resumes = current is not None and acts.resumes(turn.text)
        if what in (acts.COURTESY, acts.ACK, acts.HANDOFF) or (
            what == acts.FLOOR and not (resumes and current.open)
        ):
            turn.kind, turn.courtesy = TurnKind.PROCEDURAL, what != acts.FLOOR
            if what == acts.FLOOR or acts.interrupted(turn.text):
                self.bids.append(index)  # "Karine —", "Good afternoon —"
            return
        if current is None or not (current.open or resumes):
            current = _Question()
            self.questions.append(current)
        current.parts += [*self.bids, index]
        current.open = True
        self.bids.clear()

    def _asks_about(self, turn: Turn) -> bool:
        """ "Karine?" bids for the floor; "Brazil?" or "Third?" asks about something."""
        return (
            turn.text.rstrip().endswith("?")
            and acts.only_addresses(turn.text)
            and not acts.names_one_of(turn.text, self.officials)
        )

    def official(self, index: int, what: str) -> None:
        turn, current = self.turns[index], self.current
        if what == acts.FLOOR:
            # "Well, that —" is an answer cut off, and "Because." an answer to a question
            # still open; otherwise "Mary." or "Dr. Walensky?" gives the floor.
            cut_off = acts.interrupted(turn.text)
            colleague = acts.names_one_of(turn.text, self.officials)
            answers = current and current.open and not turn.text.rstrip().endswith("?")
            what = acts.CONTENT if cut_off or (answers and not colleague) else acts.HANDOFF
        if turn.role.rsplit(" ", 1)[-1] in _CHAIRS and not turn.name:
            what = acts.HANDOFF
        # "— that we have been doing.": the official finishes the answer they were giving.
        finishes = acts.resumes(turn.text) and self.answering
        substance = what == acts.CONTENT and not acts.is_clarification(turn.text)
        self.answering = substance
        substance = substance and not finishes
        brief = (
            what == acts.ACK
            and current
            and acts.answers_briefly(turn.text, self.turns[current.parts[-1]].text)
        )
        if current and current.open and (substance or brief):
            current.answered, current.open = True, False
            turn.kind = TurnKind.ANSWER
        elif what == acts.CONTENT:
            # Further answers, "Well —", "Which one?"; before any question, a statement.
            turn.kind = TurnKind.ANSWER if current else TurnKind.STATEMENT
        else:
            turn.kind, turn.courtesy = TurnKind.PROCEDURAL, what != acts.HANDOFF
            if what == acts.HANDOFF and current and current.answered:
                current.open = False  # "Go ahead, Courtney.": the floor moves on


def classify(turns: list[Turn]) -> int:
    """Set each turn's kind, courtesy flag and question number; return the number of
    questions."""
    officials = {w for t in turns if not t.asker for w in f"{t.name} {t.label}".split()}
    conversation = _Conversation(turns, officials={w.casefold() for w in officials})
    for index, turn in enumerate(turns):
        turn.kind, turn.courtesy, turn.question = "", False, None
        what = acts.act(turn.text)
        if turn.asker:
            conversation.asker(index, what)
        else:
            conversation.official(index, what)
    return _number(turns, conversation.questions)


def _number(turns: list[Turn], questions: list[_Question]) -> int:
    number = 0
    for question in questions:
        if not question.answered:
            for i in question.parts:
                # Asked and never answered (shouted as the speaker leaves): not a question.
                turns[i].kind = TurnKind.PROCEDURAL
            continue
        number += 1
        for i in question.parts:
            turns[i].kind, turns[i].courtesy, turns[i].question = TurnKind.QUESTION, False, number
    current = None
    for turn in turns:
        if turn.kind == TurnKind.QUESTION:
            current = turn.question
        elif turn.kind == TurnKind.ANSWER:
            turn.question = current
    return number


def exchanges(turns: list[Turn]) -> list[Exchange]:
    """Each question opens an exchange, the turns after it join it; turns before any
    question (opening remarks) share one exchange without a question. The parts of a
    resumed question make one question; what was said between them stays in place
    among the answers."""
    grouped: list[Exchange] = []
    parts: dict[int, list[Turn]] = {}
    for turn in turns:
        if turn.kind == TurnKind.QUESTION:
            if turn.question not in parts:
                parts[turn.question] = []
                grouped.append(Exchange(question=turn))
            parts[turn.question].append(turn)
        elif grouped:
            grouped[-1].answers.append(turn)
        else:
            grouped.append(Exchange(question=None, answers=[turn]))
    for exchange in grouped:
        if exchange.question and len(parts[exchange.question.question]) > 1:
            exchange.question = _joined(parts[exchange.question.question])
    return grouped


def _joined(parts: list[Turn]) -> Turn:
    joined = replace(parts[0], text="", stage_directions=[])
    for part in parts:
        joined.name = joined.name or part.name
        joined.outlet = joined.outlet or part.outlet
        joined.interpreted = joined.interpreted or part.interpreted
        joined.extend(part.text, part.stage_directions)
    return joined
