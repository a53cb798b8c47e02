"""Schema migrations: empty → head on SQLite and PostgreSQL, idempotent, equal to the models, race-free."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from modeldb_backend.backend import Backend
from modeldb_backend.settings import Settings
from modeldb_backend.store import migrate
from modeldb_backend.store.engine import make_engine
from modeldb_backend.store.models import Base

CONCURRENT_STARTS = 4
REPO_ROOT = Path(__file__).resolve().parents[2]

# Each child imports everything once, says "ready", then for each database URL waits for "go" and opens it, so
# that all children run their first start on the same database at the same moment.
CHILD = """
import sys
from modeldb_backend.backend import Backend
from modeldb_backend.settings import Settings
print("ready", flush=True)
for url in sys.argv[2:]:
    sys.stdin.readline()
    backend = Backend.open(Settings(db_url=url, artifact_root=sys.argv[1], grpc_port=None))
    print("revision", backend.schema_revision, flush=True)
    backend.close()
"""


@pytest.fixture
def engine(empty_db: str) -> Iterator[Engine]:
    engine = make_engine(empty_db)
    yield engine
    engine.dispose()


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def test_upgrade_from_empty_to_head(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    assert migrate.current_revision(engine) is None
    assert inspect(engine).get_table_names() == []
    with caplog.at_level(logging.INFO, logger="modeldb_backend.store.migrate"):
        assert migrate.upgrade(engine) == migrate.head_revision()
    assert "migrating database schema from empty" in caplog.text
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_second_upgrade_is_a_no_op(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO audit_records (ts, actor, action, entity_type, entity_id, changes) "
                "VALUES (1, 'a', 'b', 'c', 'd', '{}')"
            )
        )
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="modeldb_backend.store.migrate"):
        assert migrate.upgrade(engine) == migrate.head_revision()
    assert "migrating" not in caplog.text
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_records")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1


def test_migrated_schema_matches_models(engine: Engine) -> None:
    migrate.upgrade(engine)
    assert schema_differences(engine) == []


def test_concurrent_first_starts_do_not_race(tmp_path: Path, pg_url: str) -> None:
    urls = [f"sqlite:///{tmp_path / 'race.sqlite'}", pg_url]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MODELDB_")}
    env["MODELDB_HOME"] = str(tmp_path / "home")
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CHILD, str(tmp_path / "artifacts"), *urls],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO_ROOT,
        )
        for _ in range(CONCURRENT_STARTS)
    ]
    try:
        for child in children:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        for url in urls:
            _start_all_at_once(children, url)
        results = [child.communicate(timeout=60) for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    for child, (_, err) in zip(children, results, strict=True):
        assert child.returncode == 0, err
    for url in urls:
        engine = make_engine(url)
        try:
            assert migrate.current_revision(engine) == migrate.head_revision(), url
            with engine.connect() as conn:
                assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
            assert schema_differences(engine) == [], url
        finally:
            engine.dispose()


def _start_all_at_once(children: list[subprocess.Popen[str]], url: str) -> None:
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == f"revision {migrate.head_revision()}", (url, line, child.stderr and child.stderr.read())


def test_sqlite_default_location_and_pragmas(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "modeldb-home"
    monkeypatch.setenv("MODELDB_HOME", str(home))
    monkeypatch.delenv("MODELDB_DB_URL", raising=False)
    monkeypatch.delenv("MODELDB_ARTIFACT_ROOT", raising=False)
    settings = Settings.from_env()
    assert settings.db_url == f"sqlite:///{home / 'modeldb.sqlite'}"
    assert settings.artifact_root == str(home / "artifacts")
    backend = Backend.open(settings)
    try:
        assert (home / "modeldb.sqlite").is_file()
        engine = backend.db.engine
        with engine.connect() as first, engine.connect() as second:
            for conn in (first, second):
                assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
                assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
                assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000
        # Foreign keys are enforced, not merely declared.
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO experiments (id, project_id, name, description, owner, date_created, "
                    "date_updated, version_number, deleted) VALUES ('e', 'no-such-project', 'n', '', '', 1, 1, 1, "
                    "false)"
                )
            )
    finally:
        backend.close()
