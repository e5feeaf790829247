"""Which countries a transcript mentions: ISO 3166-1 alpha-2 codes in order of first
mention.

Pure Python, no ORM: the names come from fixtures/countries.json (or from any
iterable of Country rows or dicts). All names are compiled once into a single
trie-shaped regex, so each position of the text is tried against every name at
the cost of one character comparison per step.

Matching rules, in short:
- Every name, official name, alias, demonym (and its plural) matches exactly,
  case included, on word boundaries: "China", "Chinese", "US", "U.S.". So "us"
  is never the United States and "turkey" is never Türkiye. Names also match in
  capitals ("CHINA") for headlines and speaker-label transcripts.
- At one position the longest name wins ("Papua New Guinea" over "Guinea",
  "Indian Ocean" over "Indian"), and a phrase that starts earlier wins over one
  inside it. Phrases that contain a country but are not one ("Latin America",
  "New Mexico", "South China Sea", "印度洋") are matched first and discarded.
- Chinese names match without word boundaries; "中俄", "中美" pairs and "X方"
  ("美方", the US side) forms are recognised, with guards for common words.
- "Sino-" is China ("Sino-US", "Sino-Russian"); hyphenated pairs ("China-Oman",
  "DPRK-US") need no rule: a hyphen is a word boundary.
- Names that are also people's names or places ("Jordan", "Chad", "Cuba")
  count only when no other capitalised name word stands right beside them
  ("Michael Jordan", "Lake Chad" are not countries).
- Bare "Georgia" counts only with evidence that the country is meant: listed
  next to another country ("Armenia, Georgia and Azerbaijan", "China-Georgia")
  or the document names Tbilisi, Abkhazia or South Ossetia; never in US-state
  context ("Atlanta, Georgia", "the state of Georgia").
- In capitals-only text "US" after another capitalised word ("LET US") is the
  pronoun; "THE US" is the country.
- "Korea" and "Congo" alone are ambiguous and ignored.
- A capital that diplomats use for its government ("Beijing's position",
  "Washington and Moscow") is its country, unless it is part of a longer name
  ("Beijing Youth Daily", "George Washington", "Washington Post").
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from archive.text import has_cjk

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "countries.json"

# Letters that make a Latin word continue; CJK is left out so "在US" still splits.
WORD = r"A-Za-z0-9_\u00C0-\u024F"
LEFT = rf"(?<![{WORD}])"
RIGHT = rf"(?![{WORD}])"
# LEFT, checked once the first character is read: the one before it is no letter.
AFTER_FIRST = rf"(?<![{WORD}].)"

# Contain a country name or demonym but are not about that country.
NOT_COUNTRIES = [
    "American Indian", "Central America", "Central American", "Inter-American",
    "Latin America", "Latin American", "North America", "North American",
    "Pan American", "Pan-American", "South America", "South American",
    "Indian Ocean", "West Indian", "West Indies", "British Columbia",
    "New England", "New Guinea", "New Jersey", "New Mexican", "New Mexico",
    "New South Wales", "Northern Ireland", "South Georgia",
    "East China Sea", "South China Sea", "Gulf of Guinea", "Gulf of Mexico",
    "Gulf of Oman", "Sea of Japan",
    # Chinese: regions, seas, and common words a short name hides in.
    "中美洲", "印度洋", "印度支那", "朝鲜半岛", "朝鲜族", "内蒙古", "马里兰",
    "马里亚纳海沟", "海地区", "海地带", "沿海地", "加纳入", "加纳税", "完美方",
    "赞美方", "点赞方", "道德方", "集中方", "其中方", "空中方", "当中方", "之中方",
    "心中方", "今日方", "昨日方", "近日方", "每日方", "节日方", "假日方", "抗日方",
]  # fmt: skip

# Capitals that stand for their governments. A short list on purpose: these are the
# ones the archive's statements use that way, and none is a common word or name.
CAPITALS = {
    "Beijing": "CN", "北京": "CN", "Moscow": "RU", "莫斯科": "RU", "Washington": "US",
    "华盛顿": "US", "Tokyo": "JP", "东京": "JP", "Seoul": "KR", "首尔": "KR",
    "Pyongyang": "KP", "平壤": "KP", "Kyiv": "UA", "Kiev": "UA", "Tehran": "IR",
    "New Delhi": "IN", "Islamabad": "PK", "Kabul": "AF", "Canberra": "AU", "Ottawa": "CA",
}  # fmt: skip

# Names too ambiguous to count on their own; longer forms still match.
AMBIGUOUS = {"Congo", "Korea", "Jersey", "Guernsey", "刚果"}

# Country names that are also given names or parts of place names.
NAME_LIKE = {"Chad", "Cuba", "Georgia", "Holland", "Jamaica", "Jordan", "Niger"}

# Capitalised words that start sentences or link phrases: they do not make an
# adjacent "Jordan" part of a person's name.
FUNCTION_WORDS = {
    "A", "About", "Against", "Also", "Among", "An", "And", "As", "At", "Before",
    "Between", "Both", "But", "By", "During", "For", "From", "If", "In", "Including",
    "Into", "Like", "Neighbouring", "Neighboring", "Of", "On", "Only", "Or", "Since",
    "That", "The", "Then", "This", "To", "Today", "Towards", "Unlike", "Via",
    "Visit", "When", "While", "With", "Yesterday",
}  # fmt: skip

TITLES = {"Dr", "Gen", "Gov", "Mr", "Mrs", "Ms", "Prof", "Rep", "Sen", "St"}

# "X方", the X side. Not when 方 starts another word: 方案, 方式, 方向...
ZH_SIDE_TAIL = "(?![案式法向针程便位言块圆形略剂子])"

# One-character forms in "中X" pairs ("中俄关系"), with what may not follow the
# character because it then begins a longer name or word (美国, 越来越, 老年).
ZH_PAIRS = {
    "俄": ("RU", "罗"), "美": ("US", "国|洲|好|丽|食|术|元|妙"), "日": ("JP", "本|益|常|期|报"),
    "韩": ("KR", "国"), "朝": ("KP", "鲜|着|向"), "印": ("IN", "度|尼|发|刷|象|证"),
    "英": ("GB", "国|文|语|雄"), "法": ("FR", "国|律|治|规|院|官|理|则"),
    "德": ("DE", "国|才"), "澳": ("AU", "门|大"), "赞": ("ZM", "比|同|成|赏|扬|誉"),
    "哈": ("KZ", "萨"), "吉": ("KG", "尔|祥|利"), "蒙": ("MN", "古"), "塔": ("TJ", "吉"),
    "越": ("VN", "南|来|过|发|是"), "老": ("LA", "挝|年|人"), "柬": ("KH", "埔"),
    "缅": ("MM", "甸"), "泰": ("TH", "国"), "菲": ("PH", "律"), "墨": ("MX", "西"),
    "葡": ("PT", "萄"), "荷": ("NL", "兰|载"), "匈": ("HU", "牙"),
}  # fmt: skip
# Words ending in 中 ("其中", "集中"): the 中 there is not China.
ZH_PAIR_NOT_AFTER = "其集空当之心高初手途正居期从暗家会"
_PAIRAFTER_FIRST = f"(?<![{ZH_PAIR_NOT_AFTER}].)"

# Evidence that a bare "Georgia" is the country.
GEORGIA_EVIDENCE = re.compile(r"Tbilisi|Abkhazia|South Ossetia")
LIST_GAP = re.compile(r"\s*(?:[,;/&–—-]|and|or)?\s*(?:and|or)?\s*")
US_STATE_BEFORE = re.compile(r"(?:[Ss]tate of|[Gg]overnor of|[Ss]enator from)\s+$")
US_AFTER = re.compile(r",?\s*(?:USA|U\.S\.A?\.?|US|United States)(?![A-Za-z])")
CITY_COMMA_BEFORE = re.compile(r"([A-Z][a-z]+),\s*$")
NAME_WORD_BEFORE = re.compile(r"([A-Z][\w'’.-]*)[ \t]+$")
NAME_WORD_AFTER = re.compile(r"[ \t]+([A-Z][\w'’-]*)")
CAPS_WORD_BEFORE = re.compile(r"\b([A-Z]{2,})[ \t]+$")


@dataclass(frozen=True)
class Entry:
    codes: tuple[str, ...]
    rule: str = ""  # "", "name_like", "georgia" or "us"


@dataclass
class Hit:
    start: int
    end: int
    entry: Entry


def _field(obj, name, default=None):
    """Attribute or key access, so Country rows and dicts both work."""
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _plural(demonym):
    # "Russians", "Afghans", "Israelis"; "Chinese", "French", "Swiss" have none.
    if demonym.endswith(("ese", "sh", "ch", "ss", "s", "z")):
        return None
    return demonym + "s"


def _variants(term):
    """Spellings of the same name: curly apostrophe, "St." for "Saint"."""
    out = {term, term.replace("'", "’")}
    if term.startswith("Saint "):
        rest = term.removeprefix("Saint ")
        out |= {f"St. {rest}", f"St {rest}"}
    return out


def _terms_of(country):
    """(term, kind) pairs for one country; kind is "name", "abbr", "demonym" or "zh"."""
    names = [_field(country, "name", ""), _field(country, "official_name", "")]
    names += list(_field(country, "aliases", None) or [])
    for term in names:
        if not term or term in AMBIGUOUS:
            continue
        if has_cjk(term):
            yield term, "zh"
        elif re.fullmatch(r"[A-Z.]+", term):
            yield term, "abbr"
        else:
            for variant in _variants(term):
                yield variant, "name"
                if len(term) >= 4:
                    yield variant.upper(), "name"
    for demonym in _field(country, "demonyms", None) or []:
        yield demonym, "demonym"
        if _plural(demonym) and demonym != "Georgian":
            yield _plural(demonym), "demonym"


def _rule_for(term, code):
    if term in ("Georgia", "GEORGIA") and code == "GE":
        return "georgia"
    if term.title() in NAME_LIKE:
        return "name_like"
    if term == "US":
        return "us"
    return ""


class Gazetteer:
    def __init__(self, countries):
        self.entries: dict[str, Entry] = {}
        tails: dict[str, str] = {}
        for country in countries:
            code = _field(country, "code")
            for term, kind in _terms_of(country):
                self.entries.setdefault(term, Entry((code,), _rule_for(term, code)))
                if kind == "zh" and len(term) == 2 and term.endswith("方"):
                    tails[term] = ZH_SIDE_TAIL
        for capital, code in CAPITALS.items():
            rule = "" if has_cjk(capital) else "name_like"
            self.entries.setdefault(capital, Entry((code,), rule))
        self.entries["Sino"] = Entry(("CN",))
        tails["Sino"] = "(?=-)"
        for phrase in NOT_COUNTRIES:
            self.entries[phrase] = Entry(())
        self.pattern = re.compile(self._pattern(tails))

    def _pattern(self, tails):
        latin = {t: tails.get(t, RIGHT) for t in self.entries if not has_cjk(t)}
        cjk = {t: tails.get(t, "") for t in self.entries if has_cjk(t)}
        pairs = "|".join(f"{ch}(?!{stop})" for ch, (_, stop) in ZH_PAIRS.items())
        # One flat alternation whose every branch starts with a plain character, the
        # word boundary checked after it: the regex engine then skips, in C, every
        # position whose character starts no name (most of a text), where a boundary
        # check first made it try each position in turn.
        branches = [
            f"{re.escape(first)}{AFTER_FIRST}{rest}" for first, rest in trie_branches(latin)
        ] + [f"{re.escape(first)}{rest}" for first, rest in trie_branches(cjk)]
        pair = f"中{_PAIRAFTER_FIRST}(?:{pairs})+"
        return "|".join([*branches, pair])

    def find(self, text):
        hits = list(self._raw_hits(text))
        accepted = [h for h in hits if self._accept(h, text, hits)]
        codes = []
        for hit in accepted:
            codes.extend(c for c in hit.entry.codes if c not in codes)
        return codes

    def _raw_hits(self, text):
        for m in self.pattern.finditer(text):
            entry = self.entries.get(m.group())
            if entry is None:  # a "中X…" pair
                entry = Entry(("CN", *(ZH_PAIRS[ch][0] for ch in m.group()[1:])))
            if entry.codes:
                yield Hit(m.start(), m.end(), entry)

    def _accept(self, hit, text, hits):
        rule = hit.entry.rule
        if rule == "us":
            return not _us_is_not_the_country(text, hit)
        if rule == "name_like":
            return not _beside_name_word(text, hit)
        if rule == "georgia":
            return _is_georgia_the_country(text, hit, hits)
        return True


def trie_regex(terms, escape=re.escape):
    """One regex matching any of `terms` (term -> tail regex), longest first.

    Nested alternation shares prefixes, so the engine never retries a name from
    its first letter; at a node where a term ends, its continuations come before
    the tail, which makes the longest term at a position win. `escape` turns one
    character into regex (topics use it to let a space match any whitespace).
    """
    end = object()
    root: dict = {}
    for term, tail in terms.items():
        node = root
        for ch in term:
            node = node.setdefault(ch, {})
        node[end] = tail

    def render(node):
        chars = sorted(k for k in node if k is not end)
        branches = [escape(ch) + render(node[ch]) for ch in chars]
        if end in node:
            branches.append(node[end])
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return render(root) if root else "(?!)"


def trie_branches(terms, escape=re.escape):
    """[(first character, regex of the rest)] of trie_regex(terms), by first
    character in trie_regex's order: the alternatives at its root."""
    by_first: dict[str, dict] = {}
    for term, tail in terms.items():
        by_first.setdefault(term[0], {})[term[1:]] = tail
    branches = []
    for first in sorted(by_first):
        rest = by_first[first]
        empty = rest.pop("", None)
        body = trie_regex(rest, escape) if rest else None
        if body is not None and empty is not None:
            # A term that ends here comes after its longer continuations.
            body = f"(?:{body}|{empty})"
        branches.append((first, body if body is not None else empty))
    return branches


def _beside_name_word(text, hit):
    """True when a capitalised word stands right before or after the hit, as in
    "Michael Jordan", "Jordan Peterson" or "Lake Chad"."""
    before = NAME_WORD_BEFORE.search(text, max(0, hit.start - 60), hit.start)
    after = NAME_WORD_AFTER.match(text, hit.end)
    words = [m.group(1) for m in (before, after) if m]
    return any(_is_name_word(w) for w in words)


def _is_name_word(word):
    # A full stop after a longer word ends a sentence ("Tbilisi. Georgia is");
    # after an initial or a title it does not ("Michael B. Jordan", "Mr. Chad").
    if word.endswith("."):
        stem = word.rstrip(".")
        return len(stem) == 1 or stem in TITLES
    return word not in FUNCTION_WORDS


def _us_is_not_the_country(text, hit):
    """In capitals-only text "LET US" and "WITH US" are the pronoun, "THE US" not;
    "US$" is a currency."""
    if text.startswith("$", hit.end):
        return True
    m = CAPS_WORD_BEFORE.search(text, max(0, hit.start - 30), hit.start)
    return bool(m) and m.group(1) != "THE"


def _is_georgia_the_country(text, hit, hits):
    if _beside_name_word(text, hit) or _in_us_state_context(text, hit, hits):
        return False
    if GEORGIA_EVIDENCE.search(text):
        return True
    return _listed_with_a_country(text, hit, hits)


def _in_us_state_context(text, hit, hits):
    window = text[max(0, hit.start - 40) : hit.start]
    if US_STATE_BEFORE.search(window) or US_AFTER.match(text, hit.end):
        return True
    city = CITY_COMMA_BEFORE.search(window)
    if not city:
        return False
    # "Atlanta, Georgia" is a US address; "Armenia, Georgia" is a list.
    city_start = hit.start - len(window) + city.start(1)
    return not any(h.start == city_start for h in hits)


def _listed_with_a_country(text, hit, hits):
    """True when the nearest other country hit is joined to this one only by a
    comma, "and", "or" or a hyphen."""
    others = [h for h in hits if h is not hit and h.entry.rule != "georgia"]
    before = [h for h in others if h.end <= hit.start]
    after = [h for h in others if h.start >= hit.end]
    if before and LIST_GAP.fullmatch(text, before[-1].end, hit.start):
        return True
    return bool(after) and bool(LIST_GAP.fullmatch(text, hit.end, after[0].start))


@functools.lru_cache(maxsize=1)
def _default_gazetteer():
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return Gazetteer([r["fields"] for r in records])


FIELDS = ("code", "name", "official_name", "aliases", "demonyms")


@functools.lru_cache(maxsize=8)
def _gazetteer_for(key):
    return Gazetteer([dict(zip(FIELDS, row, strict=True)) for row in key])


def _key(countries):
    """A hashable snapshot of `countries`, so a gazetteer is built once per list."""
    return tuple(
        (
            str(_field(c, "code", "")),
            str(_field(c, "name", "") or ""),
            str(_field(c, "official_name", "") or ""),
            tuple(str(a) for a in _field(c, "aliases", None) or ()),
            tuple(str(d) for d in _field(c, "demonyms", None) or ()),
        )
        for c in countries
    )


def find_countries(text: str, countries=None) -> list[str]:
    """ISO 3166-1 alpha-2 codes of the countries `text` mentions, in order of
    first mention. `countries` (Country rows or dicts with code, name,
    official_name, aliases, demonyms) defaults to fixtures/countries.json."""
    if not isinstance(text, str) or not text:
        return []
    gazetteer = _default_gazetteer() if countries is None else _gazetteer_for(_key(countries))
    return gazetteer.find(text)
