"""ExtensionService setRunStatus, getRunStates and heartbeat, and the heartbeat watchdog."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from modeldb_backend.services.ext.run_states import mark_stale, sweep_stale_runs
from modeldb_backend.settings import Settings
from modeldb_backend.store import models as m
from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx, now_ms
from tests.servers import ServerThread

EXT = "ExtensionService"
HOUR = 3_600_000


def set_status(api: Api, run_id: str, status: str, **fields: Any) -> dict[str, Any]:
    return api.call(EXT, "setRunStatus", {"run_id": run_id, "status": status, **fields})["state"]


def states(api: Api, *run_ids: str) -> dict[str, dict[str, Any]]:
    found = api.call(EXT, "getRunStates", {"run_ids": list(run_ids)}).get("states", [])
    return {s["run_id"]: s for s in found}


def error(api: Api, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(EXT, rpc, request)
    return info.value


def stored(api: Api, run_id: str) -> tuple[str, int, int]:
    """(stored status, heartbeat, run end_time) straight from the database, bypassing the lazy read."""

    def read(session: Any) -> tuple[str, int, int]:
        state = session.get(m.RunState, run_id)
        run = session.get(m.ExperimentRun, run_id)
        return state.status, state.heartbeat, run.end_time

    return api.backend.db.run(read, write=False)


def watchdog_records(api: Api, run_id: str) -> list[dict[str, Any]]:
    request = {"entity_id": run_id, "actor": "watchdog", "action": "heartbeatTimeout"}
    return api.call(EXT, "findAuditRecords", request).get("records", [])


def test_lifecycle_transitions(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    before = now_ms()
    state = set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=60_000)
    start = int(state["start_time"])
    assert state["status"] == "RUNNING" and before <= start <= now_ms()
    assert "end_time" not in state and state["heartbeat_timeout_ms"] == "60000"
    assert int(state["heartbeat"]) >= before
    assert int(c.get(run["id"])["start_time"]) == start

    state = set_status(api, run["id"], "FINISHED", end_time=start + 5)
    assert (state["status"], state["end_time"], state["start_time"]) == ("FINISHED", str(start + 5), str(start))
    assert c.get(run["id"])["end_time"] == str(start + 5)

    state = set_status(api, run["id"], "RUNNING")  # resuming keeps the start and clears the end
    assert state["status"] == "RUNNING" and state["start_time"] == str(start) and "end_time" not in state
    assert "end_time" not in c.get(run["id"])

    before = now_ms()
    state = set_status(api, run["id"], "FAILED")
    assert state["status"] == "FAILED" and before <= int(state["end_time"]) <= now_ms()
    assert set_status(api, run["id"], "KILLED", end_time=7)["end_time"] == "7"
    actions = api.call(EXT, "findAuditRecords", {"entity_id": run["id"], "action": "setRunStatus"})["records"]
    assert [r["changes"]["status"] for r in actions] == ["RUNNING", "FINISHED", "RUNNING", "FAILED", "KILLED"]


def test_a_given_start_time_is_kept(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r", start_time=1234)
    assert set_status(api, run["id"], "RUNNING")["start_time"] == "1234"


def test_status_errors(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    assert error(api, "setRunStatus", {"run_id": run["id"]}).code == 3
    assert error(api, "setRunStatus", {"run_id": run["id"], "status": 9}).code == 3
    assert error(api, "setRunStatus", {"run_id": run["id"], "status": "RUNNING", "end_time": 5}).code == 3
    err = error(api, "setRunStatus", {"run_id": run["id"], "status": "RUNNING", "heartbeat_timeout_ms": -1})
    assert err.code == 3 and "negative" in err.message
    assert error(api, "setRunStatus", {"run_id": str(uuid.uuid4()), "status": "RUNNING"}).code == 5
    assert error(api, "setRunStatus", {"run_id": "", "status": "RUNNING"}).code == 3
    assert states(api, run["id"]) == {}  # nothing was recorded


def test_get_run_states_omits_runs_without_one(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    a, b, deleted = c.create("a"), c.create("b"), c.create("d")
    set_status(api, a["id"], "FINISHED")
    set_status(api, deleted["id"], "RUNNING")
    c.call("deleteExperimentRun", {"id": deleted["id"]})
    found = states(api, a["id"], b["id"], deleted["id"], str(uuid.uuid4()))
    assert list(found) == [a["id"]]
    assert api.call(EXT, "getRunStates", {"run_ids": []}) == {}


def test_heartbeat_keeps_running_runs_alive(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    running, finished, stateless = c.create("a"), c.create("b"), c.create("c")
    first = int(set_status(api, running["id"], "RUNNING", heartbeat_timeout_ms=HOUR)["heartbeat"])
    done = set_status(api, finished["id"], "FINISHED")
    time.sleep(0.01)
    api.call(EXT, "heartbeat", {"run_ids": [running["id"], finished["id"], stateless["id"]]})
    found = states(api, running["id"], finished["id"], stateless["id"])
    assert int(found[running["id"]]["heartbeat"]) > first
    assert found[running["id"]]["status"] == "RUNNING"
    assert found[finished["id"]] == done  # only RUNNING runs take heartbeats
    assert stateless["id"] not in found
    # A heartbeat changes only the liveness timestamp: it is not audited (test_heartbeat_audit.py).
    assert api.call(EXT, "findAuditRecords", {"entity_id": running["id"], "action": "heartbeat"}) == {}


def test_heartbeat_errors(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    missing = str(uuid.uuid4())
    err = error(api, "heartbeat", {"run_ids": [run["id"], missing]})
    assert err.code == 5 and missing in err.message
    assert error(api, "heartbeat", {"run_ids": []}).code == 3


def test_a_silent_run_reads_as_killed(api: Api, uniq: str) -> None:
    """Reads compute the watchdog's verdict on the fly, without writing it."""
    c = Ctx(api, uniq)
    run = c.create("r")
    heartbeat = set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=1)["heartbeat"]
    time.sleep(0.05)
    state = states(api, run["id"])[run["id"]]
    assert (state["status"], state["end_time"], state["heartbeat"]) == ("KILLED", heartbeat, heartbeat)
    queried = api.call(EXT, "queryRuns", {"experiment_run_ids": [run["id"]], "project_id": c.project["id"]})
    assert queried["states"] == [state]
    assert queried["experiment_runs"][0]["end_time"] == heartbeat
    # Only the periodic sweep (which leaves an audit record) may have stored the verdict, never the read.
    status, _, _ = stored(api, run["id"])
    assert status == "RUNNING" or watchdog_records(api, run["id"])


def test_a_dead_run_cannot_be_revived_by_a_heartbeat(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    heartbeat = set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=1)["heartbeat"]
    time.sleep(0.05)
    api.call(EXT, "heartbeat", {"run_ids": [run["id"]]})
    assert stored(api, run["id"]) == ("KILLED", int(heartbeat), int(heartbeat))
    assert len(watchdog_records(api, run["id"])) == 1
    # Resuming explicitly is allowed.
    state = set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=HOUR)
    assert state["status"] == "RUNNING" and "end_time" not in state


def test_sweep_marks_dead_runs_killed(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    dead, alive = c.create("dead"), c.create("alive")
    heartbeat = int(set_status(api, dead["id"], "RUNNING", heartbeat_timeout_ms=1)["heartbeat"])
    set_status(api, alive["id"], "RUNNING", heartbeat_timeout_ms=HOUR)
    version = int(c.get(dead["id"])["version_number"])
    time.sleep(0.05)
    assert sweep_stale_runs(api.backend.db) >= 0  # the server's own periodic sweep may have come first
    assert stored(api, dead["id"]) == ("KILLED", heartbeat, heartbeat)
    assert stored(api, alive["id"])[0] == "RUNNING"
    got = c.get(dead["id"])
    assert got["end_time"] == str(heartbeat) and int(got["version_number"]) == version + 1
    [record] = watchdog_records(api, dead["id"])
    assert record["entity_type"] == "experiment_run"
    assert record["changes"] == {
        "status": "KILLED",
        "end_time": heartbeat,
        "heartbeat": heartbeat,
        "heartbeat_timeout_ms": 1,
    }
    sweep_stale_runs(api.backend.db)
    assert len(watchdog_records(api, dead["id"])) == 1  # a dead run is killed once


def test_mark_stale_counts_exactly_the_dead(api: Api, uniq: str) -> None:
    """Judged an hour from now: the 10-minute run is dead, the one-year run and the finished run are not."""
    c = Ctx(api, uniq)
    short, long_, done, forever = c.create("short"), c.create("long"), c.create("done"), c.create("forever")
    set_status(api, short["id"], "RUNNING", heartbeat_timeout_ms=600_000)
    set_status(api, long_["id"], "RUNNING", heartbeat_timeout_ms=365 * 24 * HOUR)
    set_status(api, done["id"], "FINISHED", heartbeat_timeout_ms=1)
    set_status(api, forever["id"], "RUNNING")  # no timeout: never judged
    ids = [short["id"], long_["id"], done["id"], forever["id"]]
    later = now_ms() + HOUR
    assert api.backend.db.run(lambda s: mark_stale(s, later, ids), write=True) == 1
    assert [stored(api, i)[0] for i in ids] == ["KILLED", "RUNNING", "FINISHED", "RUNNING"]
    assert api.backend.db.run(lambda s: mark_stale(s, later, ids), write=True) == 0


def test_the_server_sweeps_periodically(tmp_path: Path) -> None:
    """A server with a short sweep interval kills a silent run by itself, and stops cleanly."""
    settings = Settings(
        db_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        artifact_root=str(tmp_path / "artifacts"),
        heartbeat_sweep_seconds=0.05,
    )
    with ServerThread(settings) as srv:
        assert srv.server is not None
        api = Api(srv.server.backend, srv.http_url, "", "rest")
        c = Ctx(api, "sweep")
        run = c.create("r")
        set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=1)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and stored(api, run["id"])[0] != "KILLED":
            time.sleep(0.02)
        assert stored(api, run["id"])[0] == "KILLED"
        assert len(watchdog_records(api, run["id"])) == 1
        api.close()
    assert srv.server._sweeper is not None and srv.server._sweeper.done()  # stopped with the server
    assert Settings().heartbeat_sweep_seconds == 30  # the default; 0 turns the sweep off
