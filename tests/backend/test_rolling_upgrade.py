"""Rolling upgrades: the new release migrates first while old servers still serve. A database at a revision this
server's migrations do not know (a newer release's) lets it start, migrate nothing and stay ready, with a warning;
a database behind its schema (a known older revision) or empty is not ready. Real servers on SQLite and
PostgreSQL: in-process for the probe, `modeldb-backend serve` processes and `migrate` for the start.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import requests
import sqlalchemy

from modeldb_backend.cli import main
from modeldb_backend.store.migrate import head_revision
from tests.backend.test_server import Spawn
from tests.backend.test_server import spawn as spawn  # the fixture
from tests.servers import ServerThread, rest_post, settings_in

NEWER = "f00dfeed9999"  # stands for the revision a newer release's migration applied
OLDER = "0001"  # a revision of this server's own tree
TIMEOUT = 30
UNKNOWN = "a revision this server's migrations do not know"


def set_revision(db_url: str, revision: str | None) -> None:
    """What another release's migration leaves in alembic_version (None: an empty table)."""
    engine = sqlalchemy.create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(sqlalchemy.text("DELETE FROM alembic_version"))
            if revision is not None:
                conn.execute(sqlalchemy.text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    finally:
        engine.dispose()


def revision_of(db_url: str) -> str | None:
    engine = sqlalchemy.create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(sqlalchemy.text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def readyz(base: str) -> requests.Response:
    return requests.get(f"{base}/readyz", timeout=TIMEOUT)


def test_a_newer_schema_is_ready_warned_once_a_behind_or_empty_one_is_not(
    empty_db: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="modeldb_backend")
    with ServerThread(settings_in(tmp_path, empty_db)) as server:
        set_revision(empty_db, NEWER)
        for _ in range(3):
            ready = readyz(server.http_url)
            assert ready.status_code == 200, ready.text
            assert ready.json()["schema"] == head_revision()  # this server's own
        warnings = [r.getMessage() for r in caplog.records if UNKNOWN in r.getMessage()]
        assert len(warnings) == 1 and NEWER in warnings[0], warnings
        set_revision(empty_db, OLDER)
        behind = readyz(server.http_url)
        assert behind.status_code == 503 and f"schema is at {OLDER};" in behind.json()["reason"], behind.text
        set_revision(empty_db, None)
        empty = readyz(server.http_url)
        assert empty.status_code == 503 and "schema is at nothing;" in empty.json()["reason"], empty.text
        set_revision(empty_db, head_revision())
        assert readyz(server.http_url).status_code == 200


def test_migrate_and_serve_start_on_a_newer_schema_and_leave_it(
    empty_db: str, spawn: Spawn, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", "--db", empty_db]) == 0
    set_revision(empty_db, NEWER)
    assert main(["migrate", "--db", empty_db]) == 0  # before: Alembic's "Can't locate revision", exit 2
    assert f"is at schema revision {NEWER} (newer than this release's {head_revision()}" in capsys.readouterr().out
    # One process on SQLite; the supervisor (which migrates before its workers do) on PostgreSQL.
    workers = "1" if empty_db.startswith("sqlite") else "2"
    server = spawn("--db", empty_db, "--workers", workers)
    rest, _ = server.wait_started()
    ready = readyz(rest)
    assert ready.status_code == 200, ready.text + server.log
    rest_post(rest, "/project/createProject", {"name": "p"}, TIMEOUT)
    assert UNKNOWN in server.log and "Traceback" not in server.log, server.log
    assert server.stop() == 0, server.log
    assert revision_of(empty_db) == NEWER
