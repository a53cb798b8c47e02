"""Property: the run query language parses or says why not, and runs the same on SQLite and PostgreSQL.

Arbitrary text and grammar-shaped queries (every field, operator and literal form, odd keys and strings,
numbers of thousands of digits, deep nesting, long flat and/or chains up to the length limit) must parse and
compile or raise InvalidArgument; sent to queryRuns on a real server per database they must never get a 5xx,
and both databases must give the same status.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modeldb_backend.errors import InvalidArgument
from modeldb_backend.query.compile import compile_expr
from modeldb_backend.query.grammar import MAX_QUERY_LENGTH, parse
from modeldb_backend.query.kinds import RUNS
from tests.fuzz.support import AppServer, Seeds, seed

SETTINGS = settings(derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck))
FIELDS = [
    "id",
    "name",
    "owner",
    "date_created",
    "date_updated",
    "start_time",
    "end_time",
    "project_id",
    "experiment_id",
    "experiment.name",
    "tags",
    "metrics.acc",
    "metrics.`val loss`",
    "hyperparameters.lr",
    "hyperparameters.opt",
    "attributes.note",
    "attributes.a.b",
    "observations.attribute.x",
    "artifacts.model",
    "datasets.train",
    "artifacts.linked_artifact_id",
    "datasets.linked_artifact_id",
    "metrics",
    "nope.x",
]
OPERATORS = ["==", "=", "!=", ">", ">=", "<", "<=", "~=", "contains", "not contains", "CONTAINS"]
TEXT = st.text(max_size=20)
LONG_TEXT = st.integers(min_value=100, max_value=MAX_QUERY_LENGTH).map(lambda n: "\U0010ffff%_" * (n // 3))


def quote(text: str) -> str:
    """A string literal the grammar reads back as `text` (lone surrogates and NUL written as \\u escapes)."""
    body = text.replace("\\", "\\\\").replace("'", "\\'")
    return "'" + "".join(f"\\u{ord(c):04x}" if c == "\x00" or 0xD800 <= ord(c) <= 0xDFFF else c for c in body) + "'"


def backtick(text: str) -> str:
    return "`" + text.replace("`", "``") + "`"


NUMBERS = st.one_of(
    st.integers().map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n),
    st.sampled_from(["1e400", "-1e400", ".5", "5.", "+1", "-0", "1e-400", "9007199254740993", "1E5"]),
)
SCALARS = st.one_of(
    NUMBERS,
    TEXT.map(quote),
    LONG_TEXT.map(quote),
    st.sampled_from(["true", "false", "null", "TRUE", "Null", "'\\u0000'", "'\\ud800'", "'\\x'"]),
)
KEYS = st.one_of(
    st.sampled_from(FIELDS),
    st.builds(lambda f, k: f"{f}.{backtick(k)}", st.sampled_from(["metrics", "attributes", "hyperparameters"]), TEXT),
)


@st.composite
def comparisons(draw: st.DrawFn) -> str:
    key = draw(KEYS)
    kind = draw(st.sampled_from(["cmp", "in", "member"]))
    if kind == "in":
        items = draw(st.lists(SCALARS, max_size=4))
        return f"{key} {draw(st.sampled_from(['in', 'not in', 'IN']))} [{', '.join(items)}]"
    if kind == "member":
        return f"{draw(SCALARS)} {draw(st.sampled_from(['in', 'not in']))} {key}"
    return f"{key} {draw(st.sampled_from(OPERATORS))} {draw(SCALARS)}"


EXPRESSIONS = st.recursive(
    comparisons(),
    lambda inner: st.one_of(
        st.builds(lambda a, b, op: f"{a} {op} {b}", inner, inner, st.sampled_from(["and", "or", "AND", "Or"])),
        inner.map(lambda e: f"not {e}"),
        inner.map(lambda e: f"({e})"),
    ),
    max_leaves=12,
)


@st.composite
def chains(draw: st.DrawFn) -> str:
    """A flat `a or b or ...` (or and) chain of up to the length limit: SQL expression-depth limits."""
    atom = draw(st.sampled_from(["id = '1'", "tags = 'a'", "metrics.acc > 1", "name contains 'x'"]))
    joiner = draw(st.sampled_from([" or ", " and "]))
    count = draw(st.integers(min_value=1, max_value=MAX_QUERY_LENGTH // (len(atom) + len(joiner))))
    return joiner.join([atom] * count)


def nested(depth: int, kind: str) -> str:
    atom = "metrics.acc > 0.5"
    if kind == "not":
        return "not " * depth + atom
    return "(" * depth + atom + ")" * depth


QUERIES = st.one_of(
    EXPRESSIONS,
    chains(),
    st.builds(nested, st.integers(min_value=1, max_value=3000), st.sampled_from(["not", "parens"])),
    st.text(max_size=60),  # anything at all
    st.text(alphabet="()[]'\"`.,=!<>~ andornotin01x\\", max_size=60),
)


@settings(SETTINGS, max_examples=500)
@given(text=QUERIES)
def test_parse_and_compile_or_invalid(text: str) -> None:
    try:
        expr = parse(text)
        if expr is not None:
            compile_expr(RUNS, expr)
    except InvalidArgument:
        pass


def _seed_runs(server: AppServer) -> Seeds:
    """The same runs on each database: the seed run plus runs with odd values under the queried keys."""
    session = requests.Session()
    seeds = seed(session, server.api_url)
    for i, value in enumerate([0.9, -1, 1e300, "high", True, None, [1, 2], {"x": 1}]):
        body = {
            "project_id": seeds.project,
            "experiment_id": seeds.experiment,
            "name": f"odd-{i}",
            "tags": ["a", f"t{i}"],
            "metrics": [{"key": "acc", "value": value if isinstance(value, int | float) else i}],
            "hyperparameters": [{"key": "lr", "value": value}, {"key": "opt", "value": "adam"}],
            "attributes": [{"key": "note", "value": value}, {"key": "a.b", "value": str(value)}],
        }
        resp = session.post(server.api_url + "/experiment-run/createExperimentRun", json=body, timeout=30)
        assert resp.status_code == 200, resp.text
    session.close()
    return seeds


@pytest.fixture(scope="module")
def both(sqlite_app: AppServer, pg_app: AppServer) -> Iterator[list[tuple[AppServer, Seeds]]]:
    yield [(sqlite_app, _seed_runs(sqlite_app)), (pg_app, _seed_runs(pg_app))]


def _query(server: AppServer, seeds: Seeds, text: str, session: requests.Session) -> requests.Response:
    body: dict[str, Any] = {"project_id": seeds.project, "query": text, "page_limit": 50}
    return session.post(server.api_url + "/ext/queryRuns", json=body, timeout=60)


def test_queries_run_alike_on_both_databases(both: list[tuple[AppServer, Seeds]]) -> None:
    session = requests.Session()

    @settings(SETTINGS, max_examples=150)
    @given(text=QUERIES)
    def check(text: str) -> None:
        answers = [_query(server, seeds, text, session) for server, seeds in both]
        statuses = [r.status_code for r in answers]
        detail = f"query {text[:300]!r} ({len(text)} chars): " + " / ".join(
            f"{db} {r.status_code} {r.text[:300]}" for db, r in zip(("sqlite", "postgresql"), answers, strict=True)
        )
        assert max(statuses) < 500, detail
        assert statuses[0] == statuses[1], detail
        assert all(r.elapsed.total_seconds() < 5 for r in answers), detail

    try:
        check()
    finally:
        session.close()
