"""Queries for the PostgreSQL backend: Lucene-style text in, SQL condition out.

The search form hands Haystack the syntax of archive/search/query.py (words,
"phrases", AND/OR/NOT, prefix*, (groups), field:value), and Haystack adds its own
filters in the same syntax (`speaker_slug:"wang-yi"`, `date:[2020-01-01 TO *]`).
`parse` reads that syntax into a small tree; `Compiler` turns the tree into one
tsquery where it can (words, phrases as `<->`, prefixes as `:*`, NOT as `!`,
exact values as `field:value` lexemes) and into SQL for the rest (date ranges).
"""

import datetime
import re
from dataclasses import dataclass, field

from haystack import connections
from haystack.backends import BaseSearchQuery
from haystack.exceptions import SearchBackendError
from haystack.inputs import Clean, PythonData

from archive.search.postgres_documents import query_words, quote

TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<phrase>"(?:\\.|[^"\\])*"?)
  | (?P<range>[\[{][^\]}]*[\]}])
  | (?P<field>[A-Za-z_]\w*):(?=\S)
  | (?P<word>(?:\\.|[^\s()"\\])+|\\)
    """,
    re.VERBOSE,
)
MAX_DEPTH = 32  # deeper brackets are read flat rather than recursed into
UNESCAPE = re.compile(r"\\(.)")


def unescape(text):
    return UNESCAPE.sub(r"\1", text)


# The tree: ("and", [nodes]) ("or", [nodes]) ("not", node) ("all",)
# ("term", field, text, prefix) ("phrase", field, text) ("range", field, low, high, incl)


class _Parser:
    def __init__(self, text):
        self.tokens = [(m.lastgroup, m.group()) for m in TOKEN.finditer(text)
                       if m.lastgroup != "space"]
        if _depth(self.tokens) > MAX_DEPTH:
            self.tokens = [t for t in self.tokens if t[0] not in ("open", "close")]
        self.i = 0

    def peek(self, kind=None, value=None):
        if self.i >= len(self.tokens):
            return None
        token = self.tokens[self.i]
        if (kind and token[0] != kind) or (value and token[1] != value):
            return None
        return token

    def take(self):
        self.i += 1
        return self.tokens[self.i - 1]

    def parse(self):
        parts = []
        while self.i < len(self.tokens):
            if self.peek("close"):
                self.take()  # an unmatched bracket means nothing
                continue
            parts.append(self.expr(None))
        return _group("and", parts)

    def expr(self, field):
        parts = [self.conjunction(field)]
        while self.peek("word", "OR"):
            self.take()
            parts.append(self.conjunction(field))
        return _group("or", parts)

    def conjunction(self, field):
        parts = []
        while self.peek() and not self.peek("close") and not self.peek("word", "OR"):
            if self.peek("word", "AND"):
                self.take()
                continue
            parts.append(self.unary(field))
        return _group("and", parts)

    def unary(self, field):
        if self.peek("word", "NOT"):
            self.take()
            inner = self.unary(field) if self.peek() and not self.peek("close") else None
            return ("not", inner) if inner else None
        token = self.peek("word")
        if token and token[1][0] in "-+" and len(token[1]) > 1:
            self.tokens[self.i] = ("word", token[1][1:])
            inner = self.unary(field)
            return ("not", inner) if token[1][0] == "-" and inner else inner
        return self.primary(field)

    def primary(self, field):
        kind, text = self.take()
        if kind == "open":
            node = self.expr(field)
            if self.peek("close"):
                self.take()
            return node
        if kind == "field":
            return self.primary(text[:-1]) if self.peek() else None
        if kind == "phrase":
            inner = text[1:-1] if len(text) > 1 and text.endswith('"') else text[1:]
            return ("phrase", field, unescape(inner))
        if kind == "range":
            return _range(field, text)
        if kind == "word":
            return _term(field, text)
        return None


def _depth(tokens):
    depth = deepest = 0
    for kind, _ in tokens:
        depth += {"open": 1, "close": -1}.get(kind, 0)
        deepest = max(deepest, depth)
    return deepest


def _group(kind, parts):
    parts = [p for p in parts if p is not None]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else (kind, parts)


def _term(field, text):
    if text in ("*", "*:*"):
        return ("all",)
    prefix = text.endswith("*") and not text.endswith("\\*")
    return ("term", field, unescape(text[:-1] if prefix else text), prefix)


def _range(field, text):
    inclusive = (text[0] == "[", text[-1] == "]")
    bounds = re.split(r"\s+TO\s+", text[1:-1].strip(), maxsplit=1, flags=re.IGNORECASE)
    low, high = (bounds + ["*"])[:2]
    low, high = (None if b.strip() in ("*", "") else unescape(b.strip().strip('"'))
                 for b in (low, high))
    return ("range", field, low, high, inclusive)


def parse(text):
    """The tree of a query string; None when it holds nothing to search for."""
    return _Parser(text or "").parse()


# Compiling ---------------------------------------------------------------------


@dataclass
class Piece:
    """Part of a condition: tsquery text, or SQL with parameters."""

    ts: str | None = None
    sql: str | None = None
    params: tuple = ()

    def as_sql(self):
        if self.ts is None:
            return self
        return Piece(sql="d.vector @@ %s::tsquery", params=(self.ts,))


@dataclass
class Compiled:
    where: str  # SQL over the documents table, aliased d
    params: tuple
    rank: str | None = None  # tsquery of the searched words, for ts_rank
    words: set = field(default_factory=set)  # analysed words, for highlighting
    prefixes: set = field(default_factory=set)
    phrases: list = field(default_factory=list)  # tuples of analysed words, marked whole


class Compiler:
    def __init__(self, schema):
        self.schema = schema
        self.rank, self.words, self.prefixes, self.phrases = [], set(), set(), []

    def compile(self, *texts):
        """One condition for all `texts` (the query and any narrowing queries)."""
        pieces = [self.node(parse(text)) for text in texts]
        if any(p is None for p in pieces):
            return Compiled("FALSE", ())  # only stop words: Whoosh finds nothing either
        piece = self.combine("and", pieces).as_sql()
        return Compiled(piece.sql, piece.params, " | ".join(self.rank) or None,
                        self.words, self.prefixes, self.phrases)

    def node(self, node, negated=False):
        if node is None:
            return None
        kind = node[0]
        if kind == "all":
            return Piece(sql="TRUE")
        if kind in ("and", "or"):
            return self.combine(kind, [self.node(n, negated) for n in node[1]])
        if kind == "not":
            return _negate(self.node(node[1], not negated))
        if kind == "range":
            return self.range(*node[1:])
        return self.match(kind, node[1], node[2], node[3] if kind == "term" else False, negated)

    def combine(self, kind, pieces):
        pieces = [p for p in pieces if p is not None]
        if len(pieces) <= 1:
            return pieces[0] if pieces else None
        ts = [p.ts for p in pieces if p.ts is not None]
        if len(ts) > 1:
            ts = ["(" + (" & " if kind == "and" else " | ").join(ts) + ")"]
        merged = [Piece(ts=ts[0])] if ts else []
        rest = merged + [p for p in pieces if p.ts is None]
        if len(rest) == 1:
            return rest[0]
        rest = [p.as_sql() for p in rest]
        return Piece(sql="(" + f" {kind.upper()} ".join(p.sql for p in rest) + ")",
                     params=tuple(v for p in rest for v in p.params))

    def match(self, kind, name, text, prefix, negated):
        name = self._field(name)
        if name in self.schema.exact:
            atom = quote(self.schema.lexeme(name, text)) + (":*" if prefix else "")
            return Piece(ts=atom)
        if name not in self.schema.analysed:
            return self.range(name, text, text, (True, True))
        words = query_words(text)
        if not words:
            return None
        atoms = [quote(self.schema.lexeme(name, w)) + (":*" if prefix else "") for w in words]
        if name == self.schema.content and not negated:
            self.rank += atoms
            if kind == "phrase" and len(words) > 1:
                self.phrases.append(tuple(words))
            else:
                (self.prefixes if prefix else self.words).update(words)
        if len(atoms) == 1:
            return Piece(ts=atoms[0])
        return Piece(ts="(" + (" <-> " if kind == "phrase" else " & ").join(atoms) + ")")

    def range(self, name, low, high, inclusive):
        name = self._field(name)
        if name == self.schema.date_column:
            column, dates = "d.date", [_date(low), _date(high)]
            if any(b is not None and d is None for b, d in zip((low, high), dates, strict=True)):
                return Piece(sql="FALSE")  # not a date: nothing falls inside
            low, high = dates
        else:
            column = f"(d.fields->>{_literal(name)})"
        parts, params = [f"{column} IS NOT NULL"], []
        operators = (">=" if inclusive[0] else ">", "<=" if inclusive[1] else "<")
        for bound, op in zip((low, high), operators, strict=True):
            if bound is not None:
                parts.append(f"{column} {op} %s")
                params.append(bound)
        return Piece(sql="(" + " AND ".join(parts) + ")", params=tuple(params))

    def _field(self, name):
        known = self.schema.analysed | self.schema.exact | self.schema.dates
        return name if name in known else self.schema.content


def _negate(piece):
    if piece is None:
        return None
    if piece.ts is not None:
        return Piece(ts=f"!{piece.ts}" if piece.ts.startswith("(") else f"!({piece.ts})")
    return Piece(sql=f"NOT {piece.sql}", params=piece.params)


def _date(value):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _literal(name):
    if not re.fullmatch(r"\w+", name):
        raise ValueError(f"not a field name: {name!r}")
    return f"'{name}'"


# Haystack's side ------------------------------------------------------------------


def _text(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _quoted(value):
    return '"' + _text(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


RANGES = {"gt": ("{", None), "gte": ("[", None), "lt": (None, "}"), "lte": (None, "]")}


class PostgresSearchQuery(BaseSearchQuery):
    """Haystack's filters written in the syntax above, for the backend to compile."""

    def matching_all_fragment(self):
        return "*"

    def build_exact_query(self, query_string):
        return _quoted(query_string)

    def build_query_fragment(self, field, filter_type, value):
        if hasattr(value, "values_list"):
            value = list(value)
        if not hasattr(value, "input_type_name"):
            value = Clean(value) if isinstance(value, str) else PythonData(value)
        name = "" if field == "content" else self._index_fieldname(field) + ":"
        prepared = value.prepare(self)
        if not value.post_process:  # Raw, AutoQuery: already in this syntax
            return f"{name}({prepared})"
        if filter_type in ("content", "exact"):
            if value.input_type_name == "exact":
                return name + prepared
            if isinstance(prepared, str) and not self._is_exact(name):
                return f"{name}({prepared})"
            return name + _quoted(value.query_string)  # whole, as typed: an exact value
        if filter_type == "in":
            return f"{name}(" + " OR ".join(_quoted(v) for v in prepared) + ")"
        if filter_type == "startswith":
            return f"{name}({self.clean(_text(prepared))}*)"
        if filter_type == "range":
            return f"{name}[{_quoted(prepared[0])} TO {_quoted(prepared[1])}]"
        if filter_type in RANGES:
            low, high = RANGES[filter_type]
            if low:
                return f"{name}{low}{_quoted(prepared)} TO *]"
            return f"{name}[* TO {_quoted(prepared)}{high}"
        raise SearchBackendError(f"The PostgreSQL search backend has no {filter_type!r} filter.")

    def _index_fieldname(self, field):
        unified = connections[self.backend.connection_alias].get_unified_index()
        return unified.get_index_fieldname(field)

    def _is_exact(self, name):
        if not self.backend.setup_complete:
            self.backend.setup()
        return name.rstrip(":") in self.backend.schema.exact
