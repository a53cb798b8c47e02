"""Migration 0004 on a database that holds duplicate metric points (what re-run notebooks left behind):
each (run, key, step) keeps its latest point (the last inserted), then the unique index holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from modeldb_backend.store import migrate
from modeldb_backend.store.engine import make_engine


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_0003(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    command.upgrade(migrate.alembic_config(engine), "0003")
    yield engine
    engine.dispose()


def _filler(kind: str) -> Any:
    kind = kind.upper()
    if "INT" in kind:
        return 0
    if "BOOL" in kind:
        return False
    return ""


def _insert(engine: Engine, table: str, **given: Any) -> None:
    """A row with `given` values and a plain value in every other required column of the table as it is."""
    row = dict(given)
    for column in inspect(engine).get_columns(table):
        if column["name"] not in row and not column["nullable"] and column.get("default") is None:
            row[column["name"]] = _filler(str(column["type"]))
    names = ", ".join(row)
    with engine.begin() as conn:
        conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + n for n in row)})"), row)


def test_duplicates_keep_the_latest_point(engine_at_0003: Engine) -> None:
    engine = engine_at_0003
    _insert(engine, "projects", id="p", name="p")
    _insert(engine, "experiments", id="e", project_id="p", name="e")
    for run in ("r1", "r2"):
        _insert(engine, "experiment_runs", id=run, project_id="p", experiment_id="e", name=run)
    # r1 ran the notebook three times (steps 0-2 each time); r2 once; one step of r2 was logged twice.
    rows = [
        ("r1", "loss", step, 10.0 * attempt + step, 1000 * attempt + step) for attempt in range(3) for step in range(3)
    ]
    rows += [("r2", "loss", 0, 5.0, 1), ("r2", "acc", 0, 0.1, 1), ("r2", "acc", 0, 0.2, 2), ("r2", "acc", 1, 0.3, 3)]
    with engine.begin() as conn:
        conn.execute(
            text("INSERT INTO metric_points (run_id, key, step, value, timestamp) VALUES (:r, :k, :s, :v, :t)"),
            [{"r": r, "k": k, "s": s, "v": v, "t": t} for r, k, s, v, t in rows],
        )
    command.upgrade(migrate.alembic_config(engine), "0004")
    with engine.connect() as conn:
        kept = conn.execute(
            text("SELECT run_id, key, step, value, timestamp FROM metric_points ORDER BY run_id, key, step")
        ).all()
    assert [tuple(row) for row in kept] == [
        ("r1", "loss", 0, 20.0, 2000),
        ("r1", "loss", 1, 21.0, 2001),
        ("r1", "loss", 2, 22.0, 2002),
        ("r2", "acc", 0, 0.2, 2),
        ("r2", "acc", 1, 0.3, 3),
        ("r2", "loss", 0, 5.0, 1),
    ]
    [index] = [i for i in inspect(engine).get_indexes("metric_points") if i["name"] == "ix_metric_points_run_key_step"]
    assert index["unique"] and index["column_names"] == ["run_id", "key", "step"]
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(
            text("INSERT INTO metric_points (run_id, key, step, value, timestamp) VALUES ('r2', 'acc', 1, 0, 0)")
        )
    # And back: the index is an ordinary one again.
    command.downgrade(migrate.alembic_config(engine), "0003")
    [index] = [i for i in inspect(engine).get_indexes("metric_points") if i["name"] == "ix_metric_points_run_key_step"]
    assert not index["unique"]
