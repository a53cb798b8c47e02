"""The query language parser: examples, error messages, and Hypothesis properties.

(a) every tree renders to text that parses back to the same tree; (b) no input crashes the parser or the
compiler: the answer is a tree, or an InvalidArgument (a 400) with a message.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from modeldb_backend.errors import InvalidArgument
from modeldb_backend.query.ast import And, Comparison, Expr, Not, Or, render
from modeldb_backend.query.compile import compile_expr
from modeldb_backend.query.grammar import MAX_DEPTH, QuerySyntaxError, parse
from modeldb_backend.query.kinds import RUNS
from modeldb_backend.store import models as m


def test_precedence_not_and_or() -> None:
    a, b, c = (Comparison(k, "EQ", 1) for k in "abc")
    assert parse("a == 1 or b == 1 and not c == 1") == Or((a, And((b, Not(c)))))
    assert parse("(a == 1 or b == 1) and c == 1") == And((Or((a, b)), c))
    assert parse("NOT a = 1 AnD b == 1") == And((Not(a), b))


def test_comparisons_and_values() -> None:
    assert parse("metrics.acc >= -1.5e3") == Comparison("metrics.acc", "GTE", -1500.0)
    assert parse("attributes.a.b != 'x'") == Comparison("attributes.a.b", "NE", "x")
    assert parse("attributes.`a.b` != 'x'") == Comparison("attributes.a.b", "NE", "x")
    assert parse("metrics.`val loss` < 2") == Comparison("metrics.val loss", "LT", 2)
    assert parse("metrics.`odd``key` < 2") == Comparison("metrics.odd`key", "LT", 2)
    assert parse('name contains "say \\"hi\\"\\n\\u00e9"') == Comparison("name", "CONTAIN", 'say "hi"\né')
    assert parse("tags not contains 'x'") == Comparison("tags", "NOT_CONTAIN", "x")
    assert parse("hyperparameters.h in [1, 'a', true, false, null,]") == Comparison(
        "hyperparameters.h", "IN", (1, "a", True, False, None)
    )
    assert parse("x not in []") == Comparison("x", "NOT_IN", ())
    assert parse("'x' in tags") == Comparison("tags", "EQ", "x")
    assert parse("'x' not in TAGS".replace("TAGS", "tags")) == Comparison("tags", "NE", "x")
    # keywords are only keywords where the grammar expects them
    assert parse("metrics.in == 1 and notes == 2") == And(
        (Comparison("metrics.in", "EQ", 1), Comparison("notes", "EQ", 2))
    )
    assert parse("  \n ") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("metrics.acc >", "column 14: unexpected end of query; expected one of a number, a quoted string"),
        ("a == 1 b == 2", "column 8: unexpected 'b'; expected one of 'and', 'or', the end of the query"),
        ("a == 1\nand b ==", "line 2, column 9: unexpected end of query"),
        ("a == #", "column 6: unexpected '#'"),
        ("a == 'open", 'column 6: unexpected "\'"'),
        ("a == '\\x'", "invalid escape \\x"),
        ("a == '\\ud800'", "invalid escape \\ud800"),
        ("a == 1\x00", "NUL character at column 7"),
        ("(" * 70 + "a == 1" + ")" * 70, None),
        ("not " * 70 + "a == 1", f"more than {MAX_DEPTH} levels"),
        ("a == 1 and " * 5000 + "a == 1", "the limit is 10000"),
    ],
)
def test_errors(text: str, message: str | None) -> None:
    if message is None:  # parentheses alone do not nest the tree
        assert parse(text) == Comparison("a", "EQ", 1)
        return
    with pytest.raises(QuerySyntaxError) as info:
        parse(text)
    assert message in info.value.message
    assert isinstance(info.value, InvalidArgument)


# --- properties ---------------------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=12)
_keys = st.one_of(
    st.sampled_from(["metrics.acc", "tags", "name", "attributes.a.b", "observations.attribute.x", "date_created"]),
    st.builds(lambda f, r: f"{f}.{r}", st.sampled_from(["metrics", "hyperparameters", "attributes"]), _text),
    _text,
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    _text,
)
_scalar_ops = st.sampled_from(["EQ", "NE", "GT", "GTE", "LT", "LTE", "CONTAIN", "NOT_CONTAIN"])


def _comparisons() -> st.SearchStrategy[Comparison]:
    scalar = st.builds(Comparison, _keys, _scalar_ops, _scalars)
    listed = st.builds(Comparison, _keys, st.sampled_from(["IN", "NOT_IN"]), st.lists(_scalars, max_size=4).map(tuple))
    return st.one_of(scalar, listed)


def _trees() -> st.SearchStrategy[Expr]:
    def extend(children: st.SearchStrategy[Expr]) -> st.SearchStrategy[Expr]:
        items = st.lists(children, min_size=2, max_size=3).map(tuple)
        return st.one_of(st.builds(And, items), st.builds(Or, items), st.builds(Not, children))

    return st.recursive(_comparisons(), extend, max_leaves=12)


def _depth(expr: Expr) -> int:
    if isinstance(expr, Comparison):
        return 0
    if isinstance(expr, Not):
        return 1 + _depth(expr.item)
    return 1 + max(_depth(i) for i in expr.items)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trees())
def test_rendered_trees_parse_back(tree: Expr) -> None:
    if _depth(tree) >= MAX_DEPTH:
        return
    text = render(tree)
    assert parse(text) == tree, text
    _parse_and_compile(text)  # and every tree compiles, or is refused with a 400


_FRAGMENTS = [
    "metrics.acc", "tags", "name", "`x y`", "and", "or", "not", "in", "contains", "(", ")", "[", "]", ",", ".",
    "==", "=", "!=", ">", ">=", "<", "<=", "~=", "1", "-2.5e3", "'s'", '"d\\"q"', "true", "null", "'\\u00e9'",
]  # fmt: skip


def _parse_and_compile(text: str) -> Any:
    """Parse, compile and render to SQL for both databases: must succeed or raise InvalidArgument only."""
    try:
        tree = parse(text)
        if tree is None:
            return None
        condition = compile_expr(RUNS, tree)
    except InvalidArgument as exc:
        assert exc.message and exc.code == 3
        return exc
    statement = select(m.ExperimentRun.id).where(condition)
    for dialect in (sqlite.dialect(), postgresql.dialect()):
        str(statement.compile(dialect=dialect))
    assert parse(render(tree)) == tree  # canonical text round-trips too
    return tree


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=60))
def test_garbage_never_crashes(text: str) -> None:
    _parse_and_compile(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=14).map(" ".join))
def test_token_soup_never_crashes(text: str) -> None:
    _parse_and_compile(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trees(), st.data())
def test_edited_queries_never_crash(tree: Expr, data: st.DataObject) -> None:
    """Near-valid input reaches the parser's deeper states: one random insertion or deletion."""
    text = render(tree)
    at = data.draw(st.integers(0, len(text)))
    if data.draw(st.booleans()):
        text = text[:at] + data.draw(st.sampled_from(_FRAGMENTS)) + text[at:]
    else:
        text = text[:at] + text[at + data.draw(st.integers(1, 5)) :]
    _parse_and_compile(text)
