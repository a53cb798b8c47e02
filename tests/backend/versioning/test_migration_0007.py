"""Migration 0007 on a store whose runs kept versioned inputs as JSON: every entry the link rows can hold moves to
run_versioned_inputs (the JSON is cleared), the others stay as they were; downgrade puts the JSON back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, text

from modeldb_backend.store import migrate
from modeldb_backend.store.engine import make_engine
from tests.backend.test_migration_0004 import _insert

WITH_KEYS = {
    "repository_id": "7",
    "commit": "c0ffee",
    "key_location_map": {"train": {"location": ["data", "train"]}, "env": {"location": ["env"]}},
}
NO_KEYS = {"repository_id": "8", "commit": "abc"}
KEPT = {
    "no repository": {"commit": "abc"},
    "long commit": {"repository_id": "3", "commit": "x" * 65},
    "huge repository id": {"repository_id": str(2**40), "commit": "abc"},
    "location not a list": {"repository_id": "3", "commit": "abc", "key_location_map": {"k": {"location": "a"}}},
}


@pytest.fixture(params=["sqlite", "postgresql"])
def engine_at_0006(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    engine = make_engine(url)
    command.upgrade(migrate.alembic_config(engine), "0006")
    yield engine
    engine.dispose()


def _json(engine: Engine) -> dict[str, Any]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, versioned_inputs FROM experiment_runs")).all()
    return {run_id: json.loads(value) if value else None for run_id, value in rows}


def _links(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT run_id, key, repository_id, commit_sha, location FROM run_versioned_inputs ORDER BY 1, 2")
        ).all()
    return [tuple(row) for row in found]


def test_json_entries_become_link_rows_and_come_back(engine_at_0006: Engine) -> None:
    engine = engine_at_0006
    _insert(engine, "projects", id="p", name="p")
    _insert(engine, "experiments", id="e", project_id="p", name="e")
    entries = {"keys": WITH_KEYS, "keyless": NO_KEYS, **KEPT}
    for run_id, entry in entries.items():
        _insert(engine, "experiment_runs", id=run_id, project_id="p", experiment_id="e", name=run_id)
        with engine.begin() as conn:
            value = json.dumps(entry, sort_keys=True)
            conn.execute(
                text("UPDATE experiment_runs SET versioned_inputs = :v WHERE id = :r"), {"v": value, "r": run_id}
            )
    _insert(engine, "experiment_runs", id="plain", project_id="p", experiment_id="e", name="plain")

    command.upgrade(migrate.alembic_config(engine), "0007")
    assert _links(engine) == [
        ("keyless", "", 8, "abc", "[]"),
        ("keys", "env", 7, "c0ffee", '["env"]'),
        ("keys", "train", 7, "c0ffee", '["data","train"]'),
    ]
    after = _json(engine)
    assert after["keys"] is None and after["keyless"] is None and after["plain"] is None
    assert {run_id: after[run_id] for run_id in KEPT} == KEPT, "entries the rows cannot hold stay untouched"

    command.downgrade(migrate.alembic_config(engine), "0006")
    assert _json(engine) == {**entries, "plain": None}
