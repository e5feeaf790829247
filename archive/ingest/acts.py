"""What one turn does, read from its words alone: asks or answers something, or only
keeps the conversation going (a courtesy, a hand-off, a request for the floor).

`act(text)` gives one of the values below; `turns.py` then reads the acts in order to
tell questions from the rest. Rules are written for the sentences moderators and
reporters actually use ("Go ahead, Zeke.", "Our next question comes from…", "Thanks,
Karine.", "Can you hear me?"), and a turn is procedural only when every sentence of it
is: one sentence of substance makes it content.
"""

from __future__ import annotations

import functools
import itertools
import re

from archive.ingest import stage
from archive.ingest.gazetteer import find_countries

CONTENT = "content"  # asks or says something of substance
COURTESY = "courtesy"  # thanks, greetings, "Can you hear me?"
ACK = "ack"  # "Yes.", "Sure.", "Okay.": an answer after a question, a courtesy elsewhere
HANDOFF = "handoff"  # gives the floor: "Go ahead.", "Next question.", "Dawn Tan, CNA."
FLOOR = "floor"  # asks for the floor: "Karine —", "Can I follow up?", "One more?"
CLARIFY = "clarify"  # an official's short "Sorry?", "Which one?", "Well —"

_COURTESIES = [
    r"thanks?(?: you)?(?: (?:very|so) much)?(?: again)?(?: for (?:that|this|doing this|taking"
    r" (?:my|the|our) questions?|having me|having us|the question|your time|joining(?: us)?"
    r"|coming(?: out)?|being here|the opportunity|the briefing|all you do|everything))?",
    r"thank you(?:,)? thank you", r"many thanks", r"much appreciated",
    r"(?:on behalf of .{1,60} )?i (?:wish|would like|want) to thank .{1,80}",
    r"(?:i )?(?:really )?appreciate (?:it|that|you|this|your time)", r"my pleasure",
    r"(?:you're|you are) welcome", r"hi+", r"hello+", r"hey", r"good (?:morning|afternoon|evening)",
    r"(?:good )?afternoon", r"morning", r"evening", r"welcome(?: back)?", r"bye", r"goodbye",
    r"see you(?: (?:tomorrow|later|soon|next week|all))?", r"take care",
    r"have a (?:good|great|nice|wonderful|happy) (?:day|weekend|one|week|night|holiday|trip)",
    r"(?:nice|good|great) to (?:see|meet|be with) you(?: (?:all|again))?",
    r"congratulations", r"congrats", r"happy (?:friday|monday|birthday|holidays|new year"
    r"|thanksgiving|easter|halloween|fourth|4th|valentine's day|mother's day|father's day)",
    r"merry christmas", r"cheers", r"gracias", r"merci(?: beaucoup)?", r"danke(?: schön)?",
    r"obrigad[oa]", r"arigato", r"xie xie", r"(?:oh )?(?:boy|gosh|my goodness|goodness|my god)",
    r"(?:i'm |i am )?sorry", r"excuse me", r"pardon(?: me)?",
    r"(?:my )?apologies", r"no worries", r"no problem",
    r"(?:can|could|do) (?:you|everyone|everybody|you guys|y'all) hear me(?: (?:now|okay|ok"
    r"|all right|alright|here|well|clearly|at all|properly))*",
    r"(?:let me know|tell me) if you can hear me(?: (?:now|okay|please))*",
    r"(?:are you|is everyone) (?:there|able to hear me)", r"am i (?:on|unmuted|live)",
    r"is (?:this|my (?:mic|line)) (?:on|open|working)", r"i'm here", r"i am here",
    r"testing", r"谢谢(?:你|您|大家)?", r"(?:大家|你|您)好",
    r"it's (?:good|nice|great) to (?:see|be (?:here|back)) (?:you|with you)",
]  # fmt: skip
_ACKS = [
    r"yes(?: (?:sir|ma'am))?",
    r"yeah",
    r"yep",
    r"yup",
    r"ok(?:ay)?",
    r"all right",
    r"alright",
    r"right",
    r"sure",
    r"great",
    r"good",
    r"got it",
    r"gotcha",
    r"fair enough",
    r"understood",
    r"of course",
    r"absolutely",
    r"certainly",
    r"exactly",
    r"correct",
    r"that's (?:right|correct"
    r"|fine|okay|fair|true)",
    r"mm-hmm",
    r"mhm",
    r"uh-huh",
    r"uh",
    r"um",
    r"oh",
    r"ah",
    r"wow",
    r"cool",
    r"perfect",
    r"indeed",
    r"i see",
    r"i know",
    r"i understand",
    r"i hear you",
    r"no",
    r"nope",
    r"not really",
    r"it is",
    r"i do",
    r"fine",
    r"aww",
    r"ooh+",
    r"o+h+",
    r"wow",
    r"whoa",
    r"huh",
    r"hmm+",
    r"是的?",
    r"对",
    r"好的?",
    r"没有",
]
# Acknowledgements that keep a conversation going without answering ("Mm-hmm.", "Sure."
# to "Can you tell us…?"): only the others answer a question put as one.
_BACKCHANNEL = re.compile(
    r"(?:(?:mm-hmm|mhm|uh-huh|uh|um|hmm+|huh|oh|ah|ok|okay|all right|alright|sure|of course"
    r"|got it|gotcha|understood|i see|i know|i understand|i hear you|great|good|cool|perfect"
    r"|wow|whoa|aww|ooh+|o+h+)\s?)+"
)
# "Can you tell us …?": a request that "Sure." grants rather than answers.
_REQUEST = re.compile(
    r"\b(?:can|could|would|will) you (?:please |just |quickly |maybe )*(?:tell|talk|give|provide"
    r"|say|walk|update|explain|speak|share|describe|comment|elaborate|expand|clarify|address"
    r"|help|go|run|lay|break|take|put|characterize|preview|read)",
    re.IGNORECASE,
)  # fmt: skip
_HANDOFFS = [
    r"(?:please )?go (?:ahead|for it)(?: (?:please|then|now))?", r"please(?: proceed)?",
    r"(?:you're|you are) (?:up|on)", r"(?:you have|the floor is) (?:the floor|yours)",
    r"(?:the )?(?:next|last|final|first) (?:question|one)(?: (?:please|then))?", r"next",
    r"(?:one|two|a couple|a few) more(?: questions?)?", r"last one",
    r"one (?:last|final) (?:one|question)",
    r"(?:our |the )?(?:next|last|final|first) question (?:will )?(?:go(?:es)?|come(?:s)?|is"
    r"|will be) (?:to|from) .+",
    r"(?:we'll|we will|let's|let us|i'll|i will|let me|we're going to|i'm going to)"
    r" (?:now )?(?:take|go to|go over to|turn to|move to|call on|come back to|get to|do|try)"
    r" .{0,60}",
    r"(?:and )?(?:i|we) (?:now )?(?:call on|call upon|recognize|go to|turn to) .+",
    r"i'll recognize .+", r"(?:i )?(?:now )?(?:give|yield|pass) the floor to .+",
    r"(?:i )?(?:now )?(?:invite|call on|call upon) .{1,80} to (?:take the floor|speak|make"
    r" (?:a|his|her|their) statement|address the (?:assembly|council|meeting))",
    r"the floor is (?:now )?(?:given|yielded|open|yours)(?: to .+)?",
    r"the meeting (?:rose|was (?:called to order|suspended|resumed|adjourned)) .{0,40}",
    r"(?:the )?(?:meeting|session) is (?:adjourned|suspended|closed|resumed)",
    r"(?:please )?use the mic(?:rophone)?", r"(?:the )?mic(?:rophone)? is (?:coming|on its way)",
    r"(?:can|could) (?:we|you) (?:get|give) (?:him|her|them|you) a mic(?:rophone)?",
    r"over to you", r"back to you", r"(?:with that,? )?(?:i'll|i will) turn it (?:over|back) .+",
    r"(?:that's|that is) (?:all|it)(?: (?:the time|we have|for today|for now))*",
    r"we(?:'re| are) (?:out of|running out of|short on) time",
    r"we (?:have|need|got) to (?:go|wrap(?: up)?|run|leave|sit(?: down)?|land)",
    r"we(?:'re| are) (?:going to|gonna) (?:have to )?(?:go|wrap(?: up)?|run|leave|sit(?: down)?"
    r"|land|take off)",
    r"(?:let's|we'll|let me) wrap(?: it)? up", r"(?:hold|hang) on", r"one (?:second|moment|sec)",
    r"just a (?:second|moment|minute|sec)", r"(?:your|the) line is (?:open|unmuted|live)",
    r"(?:please )?(?:ask|state) your question", r"(?:please )?unmute(?: yourself)?",
    r"(?:we|i) (?:can't|cannot|can not) hear you", r"you(?:'re| are) (?:muted|breaking up)",
    r"(?:in|to) the back", r"in the (?:middle|front|corner)", r"(?:please )?try (?:that )?again",
    r"(?:i'll|i will|let me|we'll|we will) (?:come|get|go|turn) (?:back )?(?:to )?(?:the back"
    r"|the middle|the front|you|the room|the phones)(?: (?:next|in a second|in a minute|later"
    r"|after|then))*", r"(?:go ahead,? )?in the back",
    r"operator", r"moderator", r"(?:i'll|i will|let me|i'm going to) recognize .+",
    r".{0,40}\b(?:take|taking|took|answer|field|open it up for) .{0,25}\bquestions?\b.{0,30}",
    r"(?:this|that|it)(?: is|'s| will be)(?: going to)?(?: have to)?(?: be)? (?:the|our) (?:last"
    r"|final) (?:one|question)(?: today)?",
]  # fmt: skip
_FLOOR = [
    r"(?:can|could|may) i (?:just )?(?:ask|follow(?: up)?|do|get|have|jump in|add|sneak)"
    r"(?: (?:a|one|two|another|just one|a quick|one more|you))?(?: (?:quick|more|last"
    r"|follow-up|followup|question|questions|one|on that|about that|to that|up))*",
    r"(?:a |one )?(?:quick )?follow(?:-| )?up", r"(?:just )?one more(?: (?:question|thing))?",
    r"(?:can|could|may) i (?:change|switch) (?:the )?(?:subject|topics?|gears)(?: please)?",
    r"(?:can|could|may) i ask (?:you )?(?:a|one|another|two|a couple of)? ?(?:quick |brief )?"
    r"(?:question|questions|one|thing)(?: (?:about|on|regarding) .{1,40})?(?: please)?",
    r"(?:just )?(?:two|a couple of|a few|a couple) (?:questions|things)", r"me", r"oh,? me",
    r"(?:a )?question", r"over here", r"(?:just )?one (?:quick )?(?:question|thing)",
    r"(?:one )?last (?:question|one)",
    r"(?:(?:i have|i've got|i got|just) )?(?:two|three|a couple of|a couple|a few|one|some|a"
    r" quick|one quick|two quick) (?:quick )?(?:questions?|things|follow-ups?)(?: (?:on|about"
    r"|for|if i may|if i could|if i can|actually|here|today|please|real quick)\b.{0,60})?",
]  # fmt: skip

_COURTESY = re.compile("(?:" + "|".join(_COURTESIES) + r")")
_ACK = re.compile("(?:" + "|".join(_ACKS) + r")")
_HANDOFF = re.compile("(?:" + "|".join(_HANDOFFS) + r")")
_FLOORS = re.compile("(?:" + "|".join(_FLOOR) + r")")
# Sentence ends, but not after "Mr." or an initial ("Mr. President", "M.J. Lee").
_SENTENCE = re.compile(
    r"(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bLt\.)(?<!\bGen\.)"
    r"(?<!\b[A-Z]\.)(?<=[.!?。！？…])\s+|\s+(?=[—–]\s*$)"
)
_DASH_END = re.compile(r"(?:[—–]|--|\.\.\.|…|\s-)\s*[?.]?$")
_DASH_END_REACH = 8
_DASH_START = re.compile(r"^(?:[—–]|--|\.\.\.|…|-\s)")
# Forms of address that may close a courtesy: "Thanks, Karine.", "Thank you, Mr. President."
_ADDRESS = re.compile(
    r"(?:,?\s+(?:(?:mr|mrs|ms|madam|madame|dr)\.?\s+)?(?:[A-Z][\w.’'-]*|sir|ma'am|ma’am"
    r"|everybody|everyone|all|guys|folks|team|both|gentlemen|ladies|you all|y'all)){1,4}$"
)
_VOCATIVE = re.compile(
    r"^(?:(?:mr|mrs|ms|madam|madame|dr)\.?\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3}"
    r"(?:,?\s+(?:and|then|and then)\s+[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)?)?$"
)  # "Karine", "Mr. President", "James and then Jalil"
_WORD = re.compile(r"[\w’'-]+")
# Capitalised words that say something on their own ("Why?", "Really?", "Exactly.").
_NOT_ADDRESSED = set(
    """
    why what how when where who whom whose which really seriously sure anything anyone
    anybody nothing everything today tomorrow yesterday now then both either neither and but
    so or is are was were do does did can could will would should has have had not never
    again also this that these those there here yes no okay ok right and the it its well
    look listen first second finally exactly absolutely totally agreed done true false
    correct fine period none zero nope anyway anyhow meanwhile indeed certainly obviously
    clearly sorry thanks thank great good hi hello hey oh all alright please wait stop
    regardless basically honestly frankly literally actually definitely maybe perhaps
    probably possibly precisely understood noted right wrong nobody somebody someone
    everybody everyone congratulations welcome bye goodbye cheers gracias merci third fourth
    fifth sixth seventh eighth ninth tenth last next other another one two three
    four five six seven eight nine ten eleven twelve twenty hundred thousand million billion
    trillion once twice half more less most least enough plenty several many few lots
    """.split()
)
# Words that open a form of address to an official ("Mr. President?", "Dr. Fauci.").
_TITLES = set(
    """
    mr ms mrs madam madame sir dr doctor secretary admiral general ambassador president prime
    minister senator governor mayor chancellor director administrator commissioner
    """.split()
)
_LEADING_ADDRESS = re.compile(
    r"^(?P<who>(?:(?:Mr|Mrs|Ms|Dr|Madam)\.?\s+)?[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2}),\s+"
)
# A hand-off naming the next asker: "Dawn Tan, Channel NewsAsia." or "… go to Josh Boak with AP".
_CALLED = re.compile(
    r"(?:^|(?:to|from|on|call on|recognize)\s+)(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2})"
    r"(?:,\s*|\s+(?:with|of|from|at)\s+(?:the\s+)?)(?P<outlet>[A-Z][\w.’'&-]*(?:\s+[A-Z][\w.’'&-]*){0,4})"
    r"\s*[.?!]?$"
)


def act(text: str) -> str:
    """What the turn does (one of CONTENT, COURTESY, ACK, HANDOFF, FLOOR)."""
    spoken = stage.without_directions(text)
    # Read lazily: a long answer is settled by its first sentence that says something.
    sentences = (s for s in _sentences(spoken.strip()) if _WORD.search(s))
    first = next(sentences, None)
    if first is None:
        # "(Inaudible.)" stands for a question or an answer; "(Laughter.)" for none.
        return CONTENT if stage.stands_for_speech(text) or spoken.strip(" —–-.") else COURTESY
    if interrupted(spoken) and len(_WORD.findall(spoken)) <= 4:
        return FLOOR  # "And —", "Can I —": a start cut off before it said anything
    acts = set()
    for sentence in itertools.chain([first], sentences):
        kind = _sentence_act(sentence)
        if kind == CONTENT:
            return CONTENT
        acts.add(kind)
    for kind in (FLOOR, HANDOFF, COURTESY):
        if kind in acts:
            return kind
    return ACK


def _sentence_act(sentence: str) -> str:
    bare = sentence.strip().strip('“”"*_')
    core = bare
    if "," in core:
        core = _ADDRESS.sub("", core.rstrip(" .!?—–-…"))
        leading = _LEADING_ADDRESS.match(core)
        if leading and _addressed(leading["who"]):
            core = core[leading.end() :]  # "Jeff, go ahead."
    phrase = _normal(core)
    if len(phrase.split()) > 25:
        return CONTENT
    if _only(phrase, _COURTESY) or _only(phrase, _ACK, _COURTESY):
        if _has(phrase, _COURTESY):
            return COURTESY
        return CONTENT if bare.endswith("?") else ACK  # "Sure?", "Really?" ask
    if _is_vocative(bare):
        return FLOOR  # "Karine?", "Mr. President —", "Mary.": the floor, asked or given
    if _only(phrase, _FLOORS, _ACK, _COURTESY):
        return FLOOR
    if _only(phrase, _HANDOFF, _ACK, _COURTESY) or _names_the_next(bare):
        return HANDOFF
    return CONTENT


def _is_vocative(sentence: str) -> bool:
    """A name or a form of address alone: "Karine —", "Mr. President?", "Mary."."""
    bare = sentence.rstrip(" .!?—–-…")
    return bool(_VOCATIVE.match(bare)) and _addressed(bare)


def _addressed(words: str) -> bool:
    """Whether capitalised words name someone addressed, rather than ask ("Why?"),
    answer ("Exactly.") or name a country ("Ukraine?")."""
    lowered = [w.casefold().strip(".,") for w in words.split()]
    lowered = [w for w in lowered if w not in ("and", "then")]
    if not lowered or any(w in _NOT_ADDRESSED for w in lowered):
        return False
    return not find_countries(words)


def _normal(text: str) -> str:
    words = _WORD.findall(text.replace("’", "'").casefold())
    # "I'll — I'll recognize": a repeated word is a stumble, read once.
    return " ".join(w for i, w in enumerate(words) if i == 0 or w != words[i - 1])


def _only(phrase: str, *patterns: re.Pattern) -> bool:
    """Whether `phrase` is a run of the patterns' phrases and nothing else."""
    return bool(phrase) and _runs_of(patterns).fullmatch(phrase + " ") is not None


@functools.cache
def _runs_of(patterns: tuple[re.Pattern, ...]) -> re.Pattern:
    alternation = "|".join(f"(?:{p.pattern})" for p in patterns)
    lead = r"(?:(?:and|so|now|well|then|but|oh|ok|okay|all right|just) )?"
    return re.compile(rf"{lead}(?:(?:{alternation})(?: and| but| so| then| now)?\s?)+")


def _has(phrase: str, pattern: re.Pattern) -> bool:
    return _bounded(pattern).search(phrase) is not None


@functools.cache
def _bounded(pattern: re.Pattern) -> re.Pattern:
    return re.compile(rf"\b(?:{pattern.pattern})\b")


def _names_the_next(sentence: str) -> bool:
    """ "Darlene Superville, Associated Press." gives the floor to a named reporter."""
    return called(sentence) is not None


def called(sentence: str) -> tuple[str, str] | None:
    """(reporter, outlet) a hand-off sentence names, or None."""
    match = _CALLED.search(sentence.strip())
    if not match or len(sentence.split()) > 16:
        return None
    return match["name"], match["outlet"].rstrip(".")


def names_one_of(text: str, people: set[str]) -> bool:
    """Whether the turn is a form of address naming one of `people` ("Dr. Fauci.") or
    an office ("Mr. President?")."""
    words = _normal(stage.without_directions(text)).split()
    return bool(words) and (words[0] in _TITLES or words[-1] in people)


def only_addresses(text: str) -> bool:
    """ "Karine?", "Mary.", "Jen? Jen?": nothing but someone addressed."""
    sentences = [s for s in _SENTENCE.split(stage.without_directions(text).strip()) if s]
    return bool(sentences) and all(_is_vocative(s.strip()) for s in sentences)


def interrupted(text: str) -> bool:
    """Whether the turn breaks off ("Good afternoon —", "How could you …")."""
    # The spoken words have single spaces and none at the end, so a match is at
    # most five characters: searching a long turn from its start costs its length.
    return bool(_DASH_END.search(stage.without_directions(text)[-_DASH_END_REACH:]))


def resumes(text: str) -> bool:
    """Whether the turn takes up words broken off before ("— said, ...", "...and then")."""
    spoken = stage.without_directions(text)
    return bool(_DASH_START.match(spoken)) or spoken[:1].islower()


def answers_briefly(reply: str, question: str) -> bool:
    """Whether a short acknowledgement answers the question before it: "Yes." to "Is he
    going?" does; "Mm-hmm." never does, nor "Sure." to "Can you tell us …?"."""
    spoken = stage.without_directions(question).rstrip(' ”"’)')
    if not spoken.endswith(("?", "？")) or _REQUEST.search(last_sentence(question)):
        return False
    return not _only(_normal(stage.without_directions(reply)), _BACKCHANNEL)


def is_clarification(text: str) -> bool:
    """An official's short reply that neither answers nor gives the floor: "Sorry?",
    "Which one?", "Well —", "Say that one more time."."""
    spoken = stage.without_directions(text)
    words = len(spoken.split())
    if spoken.endswith("?") and words <= 25:
        return True  # "Are you talking about the shelters, or the facilities?"
    if words > 12:
        return False
    if interrupted(text):
        return True
    return bool(
        re.match(
            r"(?i)^(?:say (?:that|it) (?:again|one more time)|repeat (?:that|the"
            r" question)|i didn't (?:hear|catch) (?:that|you))",
            spoken,
        )
    )


def last_sentence(text: str) -> str:
    spoken = stage.without_directions(text).strip()
    # A break is a run of spaces after a sentence's end (lookbehinds reach a few
    # characters back), so the last one found in the turn's tail is the last of all;
    # only a tail without one needs the whole turn split.
    start = max(0, len(spoken) - _TAIL)
    breaks = [m for m in _SENTENCE.finditer(spoken, start) if m.start() > start]
    if breaks:
        return spoken[breaks[-1].end() :]
    sentences = [s for s in _SENTENCE.split(spoken) if s]
    return sentences[-1] if sentences else ""


_TAIL = 2000


def _sentences(text: str):
    """_SENTENCE.split(text), one sentence at a time."""
    start = 0
    for match in _SENTENCE.finditer(text):
        yield text[start : match.start()]
        start = match.end()
    yield text[start:]
