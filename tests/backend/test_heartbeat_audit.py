"""Heartbeats leave no audit record (they only refresh a liveness timestamp); status changes still do."""

from __future__ import annotations

import time
from typing import Any

from modeldb_backend.services.ext.run_states import sweep_stale_runs
from tests.apiclient import Api
from tests.backend.runs_support import Ctx

EXT = "ExtensionService"
HEARTBEATS = 5


def records(api: Api, run_id: str) -> list[dict[str, Any]]:
    """Every audit record of the run, oldest first."""
    return api.call(EXT, "findAuditRecords", {"entity_id": run_id}).get("records", [])


def set_status(api: Api, run_id: str, status: str, **fields: Any) -> None:
    api.call(EXT, "setRunStatus", {"run_id": run_id, "status": status, **fields})


def test_heartbeats_are_not_audited(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    a, b = c.create("a"), c.create("b")
    for run in (a, b):
        set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=3_600_000)
    before = {run["id"]: len(records(api, run["id"])) for run in (a, b)}
    beats = []
    for _ in range(HEARTBEATS):
        api.call(EXT, "heartbeat", {"run_ids": [a["id"], b["id"]]})
        beats.append(int(api.call(EXT, "getRunStates", {"run_ids": [a["id"]]})["states"][0]["heartbeat"]))
        time.sleep(0.002)
    assert beats == sorted(beats) and beats[-1] > beats[0]  # the heartbeats did land
    assert {run["id"]: len(records(api, run["id"])) for run in (a, b)} == before
    assert api.call(EXT, "findAuditRecords", {"action": "heartbeat"}) == {}
    # A real change right after is audited as usual.
    set_status(api, a["id"], "FINISHED")
    [last] = records(api, a["id"])[before[a["id"]] :]
    assert (last["action"], last["changes"]["status"]) == ("setRunStatus", "FINISHED")


def test_the_sweep_audits_the_kill_once(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("silent")
    set_status(api, run["id"], "RUNNING", heartbeat_timeout_ms=1)
    before = len(records(api, run["id"]))
    time.sleep(0.05)
    sweep_stale_runs(api.backend.db)  # the server's own periodic sweep may have come first: same outcome
    sweep_stale_runs(api.backend.db)
    new = records(api, run["id"])[before:]
    assert [(r["actor"], r["action"], r["changes"]["status"]) for r in new] == [
        ("watchdog", "heartbeatTimeout", "KILLED")
    ]


def test_a_heartbeat_that_finds_its_run_dead_audits_only_the_kill(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    dead, alive = c.create("dead"), c.create("alive")
    set_status(api, dead["id"], "RUNNING", heartbeat_timeout_ms=1)
    set_status(api, alive["id"], "RUNNING", heartbeat_timeout_ms=3_600_000)
    before = {r["id"]: len(records(api, r["id"])) for r in (dead, alive)}
    time.sleep(0.05)
    api.call(EXT, "heartbeat", {"run_ids": [dead["id"], alive["id"]]})
    killed = records(api, dead["id"])[before[dead["id"]] :]
    assert [(r["action"], r["changes"]["status"]) for r in killed] == [("heartbeatTimeout", "KILLED")]
    assert len(records(api, alive["id"])) == before[alive["id"]]
