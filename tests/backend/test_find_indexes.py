"""Finds served by the key-value indexes: exact string equality through the partial string index, totals
counted within the page query, and query plans that really use the indexes (SQLite: the plan is decided
by the SQL's spelling, since a partial index only serves a query that repeats its condition)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event, func, select
from sqlalchemy.orm import Session

from modeldb_backend.query.compile import compile_expr, order_by_keys
from modeldb_backend.query.finder import find_page
from modeldb_backend.query.grammar import parse
from modeldb_backend.query.kinds import RUNS
from modeldb_backend.query.sorting import apply_sort
from modeldb_backend.store import migrate
from modeldb_backend.store import models as m
from modeldb_backend.store.engine import make_engine
from tests.apiclient import Api
from tests.backend.find_support import EXT, kv

LONG = "x" * (m.INDEXED_STR_CHARS + 50)  # too long for the string index: must still match exactly
OPTS: dict[str, Any] = {
    "adam": "adam",
    "str_true": "true",
    "bool_true": True,
    "long": LONG,
    "number": 7,
    "nul": "ad\x01am",  # NUL itself is refused (400): a control character stands in
    "quoted": 'say "hi"',
}


def _world(api: Api, uniq: str) -> tuple[str, dict[str, str]]:
    """A project with one run per `opt` value, plus one run without `opt`; returns (project id, id -> name)."""
    project = api.call("ProjectService", "createProject", {"name": f"idx-{uniq}"})["project"]["id"]
    experiment = api.call("ExperimentService", "createExperiment", {"project_id": project, "name": "e"})
    base = {"project_id": project, "experiment_id": experiment["experiment"]["id"]}
    names = {}
    for i, (name, value) in enumerate([*OPTS.items(), ("none", None)]):
        hps = [kv("opt", value)] if value is not None else []
        run = {**base, "name": name, "hyperparameters": hps, "metrics": [kv("acc", i)]}
        names[api.call("ExperimentRunService", "createExperimentRun", run)["experiment_run"]["id"]] = name
    return project, names


def _query(api: Api, project: str, names: dict[str, str], query: str, **extra: Any) -> tuple[list[str], int]:
    found = api.call(EXT, "queryRuns", {"project_id": project, "query": query, "order_by": ["metrics.acc"], **extra})
    return [names[r["id"]] for r in found.get("experiment_runs", [])], int(found.get("total_records", 0))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hyperparameters.opt == 'adam'", ["adam"]),  # not the string with a NUL inside, though its copy matches
        ("hyperparameters.opt == 'true'", ["str_true"]),  # the string, not the boolean
        ("hyperparameters.opt == true", ["bool_true"]),
        (f"hyperparameters.opt == '{LONG}'", ["long"]),
        ("hyperparameters.opt == 7", ["number"]),
        ("hyperparameters.opt == 'say \"hi\"'", ["quoted"]),  # stored with escapes: matched on the JSON
        ("hyperparameters.opt != 'adam'", ["str_true", "bool_true", "long", "number", "nul", "quoted", "none"]),
    ],
)
def test_string_equality_stays_exact(api: Api, uniq: str, query: str, expected: list[str]) -> None:
    project, names = _world(api, uniq)
    assert _query(api, project, names, query) == (expected, len(expected))


def test_totals_of_pages(api: Api, uniq: str) -> None:
    """The total counts every match whatever the page, including a page past the end."""
    project, names = _world(api, uniq)
    everything = ["adam", "str_true", "bool_true", "long", "number", "nul", "quoted", "none"]
    assert _query(api, project, names, "") == (everything, 8)
    assert _query(api, project, names, "", page_number=2, page_limit=3) == (everything[3:6], 8)
    assert _query(api, project, names, "", page_number=3, page_limit=3) == (everything[6:], 8)
    assert _query(api, project, names, "", page_number=9, page_limit=3) == ([], 8)
    assert _query(api, project, names, "metrics.acc > 100", page_number=1, page_limit=3) == ([], 0)
    assert _query(api, project, names, "metrics.acc > 100", page_number=2, page_limit=3) == ([], 0)


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path / 'plan.sqlite'}")
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def test_sqlite_plan_uses_the_covering_indexes(sqlite_engine: Engine) -> None:
    where = [compile_expr(RUNS, parse("metrics.m0 > 0.5 and hyperparameters.opt == 'adam'"))]
    stmt = apply_sort(RUNS, RUNS.live(select(m.ExperimentRun.id, func.count().over())).where(*where), [])
    with sqlite_engine.connect() as conn:
        compiled = stmt.compile(conn)
        params = tuple(compiled.params[name] for name in compiled.positiontup or ())
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", params))
    assert "COVERING INDEX ix_key_values_field_key_num_entity (field=? AND key=? AND num_value>?)" in plan, plan
    assert "INDEX ix_key_values_field_key_str_entity (field=? AND key=? AND str_value=?)" in plan, plan
    assert "INTERSECT" in plan, plan  # both predicates' id sets in one subquery


def test_find_page_counts_in_the_page_query(sqlite_engine: Engine) -> None:
    """Unpaged: no count at all; paged: the count rides in the page query; an empty page past 1: one COUNT."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        if args[2].startswith("SELECT"):
            statements.append(args[2])

    event.listen(sqlite_engine, "before_cursor_execute", record)
    order = order_by_keys(["name"])
    with Session(sqlite_engine) as session:
        assert find_page(session, RUNS, [m.ExperimentRun.id], [], order, 0, 0) == ([], 0)
        assert find_page(session, RUNS, [m.ExperimentRun.id], [], order, 1, 10) == ([], 0)
        assert len(statements) == 2
        assert "count(" not in statements[0].lower() and "count(*) over ()" in statements[1].lower()
        assert find_page(session, RUNS, [m.ExperimentRun.id], [], order, 3, 10) == ([], 0)
        assert len(statements) == 4 and "count(experiment_runs.id)" in statements[-1]  # after the empty page
