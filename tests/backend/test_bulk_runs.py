"""ExtensionService createRuns: many runs with their values in one transaction; client-chosen ids make a
replayed creation the same run (no idempotency key involved: these calls send none)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx, kv

EXT = "ExtensionService"


def new_run(c: Ctx, name: str, **parts: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "project_id": c.project["id"],
        "experiment_id": c.experiment["id"],
        "name": name,
        **parts,
    }


def create(api: Api, *runs: dict[str, Any]) -> dict[str, Any]:
    return api.call(EXT, "createRuns", {"runs": list(runs)})


def error(api: Api, *runs: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        create(api, *runs)
    return info.value


def point(key: str, step: int, value: float) -> dict[str, Any]:
    return {"key": key, "step": step, "value": value}


def names(c: Ctx) -> list[str]:
    request = {"experiment_id": c.experiment["id"]}
    runs = c.call("getExperimentRunsInExperiment", request).get("experiment_runs", [])
    return sorted(r["name"] for r in runs)


def test_runs_with_every_kind_of_value(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    first = new_run(
        c,
        "a",
        description="d",
        hyperparameters=[kv("lr", 0.01), kv("opt", "adam"), kv("lr", 0.02)],
        attributes=[kv("note", {"x": [1]})],
        metrics=[kv("acc", 0.5), kv("loss", 9.0)],
        tags=["t2", "t1", "t2"],
        metric_points=[point("loss", 0, 1.0), point("loss", 2, 0.25), point("loss", 1, 0.5), point("loss", 2, 0.2)],
        observations=[{"attribute": kv("ep", 1)}, {"attribute": kv("ep", 2)}],
        status="FINISHED",
        end_time="1700000000000",
    )
    second = new_run(
        c,
        "b",
        metric_points=[point("m", -1, 3.0), point("m", -1, 4.0)],
        observations=[{"attribute": kv("ep", 9)}, {"attribute": kv("other", 1)}],
        status="RUNNING",
    )
    assert create(api, first, second) == {"created": 2}
    got = c.get(first["id"])
    assert got["name"] == "a" and got["description"] == "d" and got["owner"]
    assert [(h["key"], h["value"]) for h in got["hyperparameters"]] == [("lr", 0.02), ("opt", "adam")]
    assert got["attributes"] == [{"key": "note", "value": {"x": [1]}}]
    assert {m["key"]: m["value"] for m in got["metrics"]} == {"acc": 0.5, "loss": 0.2}  # points win
    assert got["tags"] == ["t1", "t2"]
    assert [o["epoch_number"] for o in got["observations"]] == [0, 1]
    # epochs count per run and key, the runs' observations written together
    assert [o["epoch_number"] for o in c.get(second["id"])["observations"]] == [0, 0]
    assert got["end_time"] == "1700000000000"
    series = api.call(EXT, "getMetricHistory", {"run_ids": [first["id"], second["id"]]})["series"]
    assert [(s["key"], s["steps"], s["values"]) for s in series] == [
        ("loss", ["0", "1", "2"], [1.0, 0.5, 0.2]),
        ("m", ["0", "1"], [3.0, 4.0]),  # automatic steps numbered in request order
    ]
    states = api.call(EXT, "getRunStates", {"run_ids": [first["id"], second["id"]]})["states"]
    by_id = {s["run_id"]: s["status"] for s in states}
    assert by_id == {first["id"]: "FINISHED", second["id"]: "RUNNING"}
    records = api.call(EXT, "findAuditRecords", {"entity_id": first["id"], "action": "createRuns"})["records"]
    assert [r["changes"]["metric_points"] for r in records] == [{"count": 4, "keys": ["loss"]}]


def test_a_replayed_creation_is_the_same_run(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = new_run(c, "r", hyperparameters=[kv("lr", 0.1)])
    assert create(api, run) == {"created": 1}
    # Changed since by a later batch: the replay must not undo it.
    api.call(EXT, "logBatch", {"run_id": run["id"], "idempotency_key": uniq, "hyperparameters": [kv("lr", 0.5)]})
    other = new_run(c, "s")
    assert create(api, run, other) == {"created": 1, "existing": 1}
    assert names(c) == ["r", "s"]
    assert [h["value"] for h in c.get(run["id"])["hyperparameters"]] == [0.5]


def test_an_id_held_by_another_run_is_refused_and_nothing_is_written(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = new_run(c, "r")
    create(api, run)
    fresh = new_run(c, "fresh")
    assert error(api, fresh, {**run, "name": "renamed"}).code == 6  # ALREADY_EXISTS
    assert error(api, fresh, new_run(c, "r")).code == 6  # a live run holds the name
    assert names(c) == ["r"]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"id": "not-a-uuid"}, "UUID"),
        ({"id": str(uuid.uuid4()).upper()}, "canonical"),
        ({"name": " "}, "name is empty"),
        ({"experiment_id": ""}, "required"),
        ({"status": "RUNNING", "end_time": "5"}, "end_time"),
        ({"heartbeat_timeout_ms": "5"}, "need a status"),
        ({"metric_points": [point("m", -2, 1.0)]}, "negative"),
        ({"hyperparameters": [kv("", 1)]}, "empty"),
        ({"tags": [""]}, "tag is empty"),
        ({"observations": [{"attribute": kv("", 1)}]}, "observation key is empty"),
    ],
)
def test_bad_runs_refuse_the_whole_call(api: Api, uniq: str, change: dict[str, Any], words: str) -> None:
    c = Ctx(api, uniq)
    bad = {**new_run(c, "bad"), **change}
    err = error(api, new_run(c, "good"), bad)
    assert err.code == 3 and words in str(err)  # INVALID_ARGUMENT
    assert names(c) == []


def test_parents_and_duplicates(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    other = Ctx(api, uniq + "o")
    assert error(api, {**new_run(c, "x"), "project_id": other.project["id"]}).code == 3
    assert error(api, {**new_run(c, "x"), "experiment_id": str(uuid.uuid4())}).code == 5  # NOT_FOUND
    run = new_run(c, "x")
    assert "twice" in str(error(api, run, run))
    assert "twice" in str(error(api, new_run(c, "x"), new_run(c, "x")))
    assert error(api).code == 3
    assert names(c) == []
