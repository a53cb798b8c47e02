r"""The run query language: boolean expressions over run predicates, parsed with lark into `ast` trees.

Example::

    metrics.acc >= 0.9 and (hyperparameters.lr < 0.01 or tags contains 'baseline')
    and not attributes.`data set` in ['mnist', 'cifar'] and metrics.`val loss` != null

Grammar (keywords are case-insensitive; whitespace is free)::

    query      := expr?                        an empty query matches every run in scope
    expr       := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | atom
    atom       := "(" expr ")" | comparison
    comparison := key cmp scalar               cmp: == = != > >= < <= ~=
                | key ["not"] "contains" scalar
                | key ["not"] "in" list
                | scalar ["not"] "in" tags     tag membership: 'x' in tags  ==  tags == 'x'
    list       := "[" [scalar ("," scalar)* [","]] "]"
    scalar     := number | string | true | false | null
    key        := segment ("." segment)*
    segment    := name | `quoted name`         name: [A-Za-z_][A-Za-z0-9_]*; `` inside backticks is one `
    number     := [+-] (digits [. [digits]] | . digits) [(e|E) [+-] digits]
    string     := '...' | "..."                escapes: \\ \' \" \n \r \t \uXXXX

Keys: the first segment is the field, the rest (joined with ".") is the key inside that field, so
`attributes.a.b` is attribute "a.b", as is attributes.`a.b`; backticks are for keys with spaces or other
characters (metrics.`val loss`, hyperparameters.`lr-decay`) and for key parts that are keywords.
Fields are exactly those of ModelDB's KeyValueQuery on runs: id, name, owner, date_created, date_updated,
start_time, end_time, project_id, experiment_id, experiment.name, tags, metrics.<k>, hyperparameters.<k>,
attributes.<k>, observations.attribute.<k>, artifacts.<k> / datasets.<k> (the artifact path), and
artifacts.linked_artifact_id / datasets.linked_artifact_id.

Meaning: every comparison compiles through the same predicate code as findExperimentRuns, so
`metrics.acc > 0.9` means the same in both. `=` is `==`; `~=` is `contains` (the ModelDB client's
spelling). Numbers compare numerically, strings as text, true/false/null exactly; `contains` is a
case-insensitive substring match (`tags contains 'x'`: some tag contains x). `!=`, `not contains`,
`not in` and `not (...)` also match runs that lack the key. A number compared with a text field (`name`)
is compared as its text; a string compared with a date must look like a number; anything else that
cannot compare (`metrics.acc > 'high'`, `date_created contains '1'`) is a 400 naming the key and rule.
Limits: 10,000 characters, 64 nested and/or/not levels, 64 comparisons (`key in [...]` takes up to 1,000
values); integers beyond 2**53 are read as floats.
Ordering is not part of the query: QueryRuns.order_by lists sort keys, "-" first for descending.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from ..errors import InvalidArgument
from .ast import And, Comparison, Expr, Not, Or
from .operands import CONTAIN, EQ, GT, GTE, IN, LT, LTE, NE, NOT_CONTAIN, NOT_IN, check_count

MAX_QUERY_LENGTH = 10_000
MAX_DEPTH = 64
_EXACT_DIGITS = 16  # every integer of up to 16 digits below 2**53 is exact as a double

GRAMMAR = r"""
start: expr
?expr: and_expr (_OR and_expr)*           -> or_
?and_expr: not_expr (_AND not_expr)*      -> and_
?not_expr: _NOT not_expr                  -> not_
         | atom
?atom: _LPAR expr _RPAR
     | comparison
comparison: key cmp scalar                -> compare
          | key CONTAINS scalar           -> contains
          | key _NOT CONTAINS scalar      -> not_contains
          | key IN list                   -> in_
          | key _NOT IN list              -> not_in
          | scalar IN key                 -> member
          | scalar _NOT IN key            -> not_member
!cmp: OP_EQ | OP_ASSIGN | OP_NE | OP_GT | OP_GTE | OP_LT | OP_LTE | OP_LIKE
list: _LSQB _RSQB
    | _LSQB scalar (_COMMA scalar)* _COMMA? _RSQB
?scalar: NUMBER -> number
       | STRING -> string
       | TRUE -> true
       | FALSE -> false
       | NULL -> null
key: segment (_DOT segment)*
?segment: NAME | QUOTED_NAME

_OR.2: /or\b/i
_AND.2: /and\b/i
_NOT.2: /not\b/i
IN.2: /in\b/i
CONTAINS.2: /contains\b/i
TRUE.2: /true\b/i
FALSE.2: /false\b/i
NULL.2: /null\b/i
NAME: /[A-Za-z_][A-Za-z0-9_]*/
QUOTED_NAME: /`(?:[^`]|``)*`/
NUMBER: /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/
STRING: /'(?:[^'\\]|\\[\s\S])*'/ | /"(?:[^"\\]|\\[\s\S])*"/
OP_EQ: "=="
OP_ASSIGN: "="
OP_NE: "!="
OP_GTE: ">="
OP_GT: ">"
OP_LTE: "<="
OP_LT: "<"
OP_LIKE: "~="
_LPAR: "("
_RPAR: ")"
_LSQB: "["
_RSQB: "]"
_COMMA: ","
_DOT: "."
%ignore /\s+/
"""

_CMP = {"==": EQ, "=": EQ, "!=": NE, ">": GT, ">=": GTE, "<": LT, "<=": LTE, "~=": CONTAIN}
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t"}

# What the user reads in "expected ..." instead of lark's terminal names.
_TERMINAL_TEXT = {
    "_OR": "'or'",
    "_AND": "'and'",
    "_NOT": "'not'",
    "IN": "'in'",
    "CONTAINS": "'contains'",
    "TRUE": "true",
    "FALSE": "false",
    "NULL": "null",
    "NAME": "a key",
    "QUOTED_NAME": "a `quoted key`",
    "NUMBER": "a number",
    "STRING": "a quoted string",
    "OP_EQ": "'=='",
    "OP_ASSIGN": "'='",
    "OP_NE": "'!='",
    "OP_GTE": "'>='",
    "OP_GT": "'>'",
    "OP_LTE": "'<='",
    "OP_LT": "'<'",
    "OP_LIKE": "'~='",
    "_LPAR": "'('",
    "_RPAR": "')'",
    "_LSQB": "'['",
    "_RSQB": "']'",
    "_COMMA": "','",
    "_DOT": "'.'",
    "$END": "the end of the query",
}


class QuerySyntaxError(InvalidArgument):
    """A query that does not parse; the message gives the column and what was expected there."""


def _depth(*items: Expr) -> int:
    return 1 + max((i.depth for i in items), default=0)


def _checked(node: Expr) -> Expr:
    if node.depth > MAX_DEPTH:
        raise QuerySyntaxError(f"query nests more than {MAX_DEPTH} levels of and/or/not: simplify it")
    return node


@v_args(inline=True)
class _ToAst(Transformer[Token, Any]):
    """Builds the tree while lark reduces (no recursion, so deep input cannot exhaust the stack)."""

    # lark does not inline single-child aliased rules, so `a == 1` arrives here as or_(and_(a == 1))
    def or_(self, *items: Expr) -> Expr:
        return items[0] if len(items) == 1 else _checked(Or(tuple(items), _depth(*items)))

    def and_(self, *items: Expr) -> Expr:
        return items[0] if len(items) == 1 else _checked(And(tuple(items), _depth(*items)))

    def not_(self, item: Expr) -> Expr:
        return _checked(Not(item, _depth(item)))

    def compare(self, key: str, op: str, value: Any) -> Comparison:
        return Comparison(key, op, value)

    def contains(self, key: str, _kw: Token, value: Any) -> Comparison:
        return Comparison(key, CONTAIN, value)

    def not_contains(self, key: str, _kw: Token, value: Any) -> Comparison:
        return Comparison(key, NOT_CONTAIN, value)

    def in_(self, key: str, _kw: Token, values: tuple[Any, ...]) -> Comparison:
        return Comparison(key, IN, values)

    def not_in(self, key: str, _kw: Token, values: tuple[Any, ...]) -> Comparison:
        return Comparison(key, NOT_IN, values)

    def member(self, value: Any, _kw: Token, key: str) -> Comparison:
        return Comparison(_tags_key(key, value), EQ, value)

    def not_member(self, value: Any, _kw: Token, key: str) -> Comparison:
        return Comparison(_tags_key(key, value), NE, value)

    def cmp(self, token: Token) -> str:
        return _CMP[str(token)]

    def list(self, *items: Any) -> tuple[Any, ...]:
        return tuple(items)

    def start(self, expr: Expr) -> Expr:
        return expr

    def key(self, *segments: Token) -> str:
        return ".".join(_segment(s) for s in segments)

    def number(self, token: Token) -> int | float:
        text = str(token)
        if any(c in text for c in ".eE"):
            value = float(text)
            if value in (float("inf"), float("-inf")):
                raise _error(token, f"the number {text} is too large")
            return value
        if len(text.lstrip("+-")) > _EXACT_DIGITS:
            # beyond 2**53 an integer is only approximately a double anyway (a float also keeps SQLite's
            # 64-bit integer parameters from overflowing); read as a float, it cannot hit Python's limit
            # on the digits of an int either
            value = float(text)
            if value in (float("inf"), float("-inf")):
                raise _error(token, f"the number {text[:20]}... ({len(text)} digits) is too large")
            return value
        number = int(text)
        return number if abs(number) < 2**53 else float(number)

    def string(self, token: Token) -> str:
        return _unquote(token)

    def true(self, _token: Token) -> bool:
        return True

    def false(self, _token: Token) -> bool:
        return False

    def null(self, _token: Token) -> None:
        return None


def _tags_key(key: str, value: Any) -> str:
    if key != "tags":
        raise QuerySyntaxError(
            f"'<value> in {key}' tests tag membership and only works with tags;"
            f" write {key} == <value> or {key} contains <value>"
        )
    return key


def _segment(token: Token) -> str:
    text = str(token)
    return text[1:-1].replace("``", "`") if token.type == "QUOTED_NAME" else text


def _error(token: Token, message: str) -> QuerySyntaxError:
    where = f"line {token.line}, column {token.column}" if token.line != 1 else f"column {token.column}"
    return QuerySyntaxError(f"query syntax error at {where}: {message}")


def _unquote(token: Token) -> str:
    body, out, i = str(token)[1:-1], [], 0
    while i < len(body):
        if body[i] != "\\":
            out.append(body[i])
            i += 1
            continue
        escape = body[i + 1]
        if escape in _ESCAPES:
            out.append(_ESCAPES[escape])
            i += 2
        elif escape == "u" and _is_hex4(body[i + 2 : i + 6]) and not 0xD800 <= int(body[i + 2 : i + 6], 16) <= 0xDFFF:
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        else:
            raise _error(
                token,
                f"invalid escape \\{body[i + 1 : i + 6] if escape == 'u' else escape} in {str(token)[:40]};"
                " use \\\\ \\' \\\" \\n \\r \\t or \\uXXXX",
            )
    return "".join(out)


def _is_hex4(text: str) -> bool:
    return len(text) == 4 and all(c in "0123456789abcdefABCDEF" for c in text)


_PARSER = Lark(GRAMMAR, parser="lalr", lexer="contextual", transformer=_ToAst())


def parse(text: str) -> Expr | None:
    """The tree of a query, or None for a blank query; a QuerySyntaxError (400) for anything invalid."""
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(f"query is {len(text)} characters long; the limit is {MAX_QUERY_LENGTH}")
    if "\x00" in text:
        raise QuerySyntaxError(f"query contains a NUL character at column {text.index(chr(0)) + 1}")
    if not text.strip():
        return None
    try:
        tree = cast(Expr, _PARSER.parse(text))  # the parser's transformer builds the Expr
    except UnexpectedInput as exc:
        raise QuerySyntaxError(_describe(exc, text)) from None
    check_count(_comparisons(tree), "query")
    return tree


def _comparisons(expr: Expr) -> int:
    """How many comparisons a tree holds (its depth is bounded, so recursion is safe)."""
    if isinstance(expr, Comparison):
        return 1
    if isinstance(expr, Not):
        return _comparisons(expr.item)
    return sum(_comparisons(item) for item in expr.items)


def _describe(exc: UnexpectedInput, text: str) -> str:
    """`query syntax error at column 13: unexpected '>'; expected a number, a quoted string, ...`."""
    found: str
    pos: int
    expected: Collection[str] | None
    if isinstance(exc, UnexpectedCharacters):
        pos = cast(int, exc.pos_in_stream)  # the lexer's position: lark types the base class's default, None
        found, expected = repr(text[pos]), exc.allowed
    elif isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        found, pos, expected = repr(str(exc.token)), exc.token.start_pos or 0, exc.accepts or exc.expected
    else:
        assert isinstance(exc, UnexpectedToken | UnexpectedEOF)
        found, pos, expected = "end of query", len(text), exc.expected
    wanted = sorted({_TERMINAL_TEXT.get(t, t) for t in expected or ()})
    hint = f"; expected {_one_of(wanted)}" if wanted else ""
    near = text[max(0, pos - 20) : pos + 20]
    return f"query syntax error at {_where(text, pos)}: unexpected {found}{hint} (near {near!r})"


def _where(text: str, pos: int) -> str:
    """`column 7`, or `line 2, column 3` for a query written over several lines."""
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"column {column}" if "\n" not in text else f"line {line}, column {column}"


def _one_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "one of " + ", ".join(items)
