"""queryRuns `columns` (hydrate only some parts of the runs) and `states` (their lifecycle)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx, kv

EXT = "ExtensionService"
SCALARS = {"id", "project_id", "experiment_id", "name", "description", "date_created", "date_updated", "start_time"}
PARTS = {
    "metrics",
    "hyperparameters",
    "attributes",
    "tags",
    "observations",
    "artifacts",
    "datasets",
    "features",
    "code_version_snapshot",
}


def artifact(key: str) -> dict[str, Any]:
    return {"key": key, "path": f"s3://bucket/{key}", "path_only": True, "artifact_type": "BLOB"}


def seeded(api: Api, uniq: str) -> tuple[Ctx, dict[str, Any]]:
    c = Ctx(api, uniq)
    run = c.create(
        "full",
        description="d",
        start_time=10,
        metrics=[kv("acc", 0.9), kv("loss", 0.1)],
        hyperparameters=[kv("lr", 0.01), kv("opt", "sgd")],
        attributes=[kv("note", "n")],
        tags=["t1", "t2"],
        observations=[{"attribute": kv("ep", 1)}, {"attribute": kv("other", 2)}, {"attribute": kv("ep", 3)}],
        artifacts=[artifact("model"), artifact("plot")],
        datasets=[artifact("train"), artifact("test")],
        features=[{"name": "f1"}],
        code_version_snapshot={"git_snapshot": {"repo": "r", "hash": "h"}},
    )
    return c, run


def query(c: Ctx, *columns: str, **extra: Any) -> dict[str, Any]:
    request = {"project_id": c.project["id"], "columns": list(columns), **extra}
    return c.api.call(EXT, "queryRuns", request)


def only_run(c: Ctx, *columns: str) -> dict[str, Any]:
    [run] = query(c, *columns)["experiment_runs"]
    return run


def keys(run: dict[str, Any], field: str) -> list[str]:
    return [item["key"] for item in run.get(field, [])]


def test_no_columns_means_everything(api: Api, uniq: str) -> None:
    c, run = seeded(api, uniq)
    got = only_run(c)
    assert got == c.get(run["id"])
    assert set(got) >= PARTS


def test_whole_fields(api: Api, uniq: str) -> None:
    c, _ = seeded(api, uniq)
    got = only_run(c, "metrics", "tags")
    assert set(got) >= SCALARS
    assert set(got) & PARTS == {"metrics", "tags"}
    assert keys(got, "metrics") == ["acc", "loss"] and got["tags"] == ["t1", "t2"]
    got = only_run(c, "features", "code_version_snapshot", "observations")
    assert set(got) & PARTS == {"features", "code_version_snapshot", "observations"}
    assert got["features"] == [{"name": "f1"}]
    assert len(got["observations"]) == 3


def test_single_keys(api: Api, uniq: str) -> None:
    c, _ = seeded(api, uniq)
    got = only_run(c, "metrics.loss", "hyperparameters.opt", "hyperparameters.nothing", "artifacts.plot")
    assert set(got) & PARTS == {"metrics", "hyperparameters", "artifacts"}
    assert got["metrics"] == [{"key": "loss", "value": 0.1}]
    assert keys(got, "hyperparameters") == ["opt"]
    assert keys(got, "artifacts") == ["plot"]
    got = only_run(c, "datasets.train", "datasets.test", "observations.ep", "attributes.note")
    assert keys(got, "datasets") == ["test", "train"]
    assert [o["attribute"]["value"] for o in got["observations"]] == [1, 3]  # insertion order kept
    assert keys(got, "attributes") == ["note"]


def test_a_whole_field_wins_over_its_keys(api: Api, uniq: str) -> None:
    c, _ = seeded(api, uniq)
    assert keys(only_run(c, "metrics.acc", "metrics"), "metrics") == ["acc", "loss"]
    assert keys(only_run(c, "metrics", "metrics.acc"), "metrics") == ["acc", "loss"]


def test_dotted_key_names(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    c.create("r", metrics=[kv("val.acc", 1), kv("val", 2)])
    assert only_run(c, "metrics.val.acc")["metrics"] == [{"key": "val.acc", "value": 1}]


def test_ids_only_wins(api: Api, uniq: str) -> None:
    c, run = seeded(api, uniq)
    assert query(c, "metrics", ids_only=True)["experiment_runs"] == [{"id": run["id"]}]


@pytest.mark.parametrize("column", ["foo", "tags.t1", "metrics.", "name", "Metrics", ".acc"])
def test_unknown_columns(api: Api, uniq: str, column: str) -> None:
    c = Ctx(api, uniq)
    with pytest.raises(ApiError) as info:
        query(c, "metrics", column)
    assert info.value.code == 3
    assert repr(column) in info.value.message
    assert "hyperparameters" in info.value.message and "metrics.acc" in info.value.message


def test_states_of_the_returned_runs(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    running, finished = c.create("running"), c.create("finished")
    c.create("plain")
    ext = "ExtensionService"
    api.call(ext, "setRunStatus", {"run_id": running["id"], "status": "RUNNING", "heartbeat_timeout_ms": 3_600_000})
    api.call(ext, "setRunStatus", {"run_id": finished["id"], "status": "FINISHED", "end_time": 42})
    response = query(c, "metrics", order_by=["name"])
    assert [r["name"] for r in response["experiment_runs"]] == ["finished", "plain", "running"]
    by_run = {s["run_id"]: s for s in response["states"]}
    assert set(by_run) == {running["id"], finished["id"]}
    assert by_run[running["id"]]["status"] == "RUNNING"
    assert (by_run[finished["id"]]["status"], by_run[finished["id"]]["end_time"]) == ("FINISHED", "42")
    # Paging: states follow the page, ids_only too.
    page = query(c, order_by=["name"], page_number=1, page_limit=1, ids_only=True)
    assert [s["run_id"] for s in page["states"]] == [finished["id"]]


def test_lazy_kill_shows_in_the_columns_view(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    state = api.call(EXT, "setRunStatus", {"run_id": run["id"], "status": "RUNNING", "heartbeat_timeout_ms": 1})[
        "state"
    ]
    time.sleep(0.05)
    response = query(c, "tags")
    assert response["states"][0]["status"] == "KILLED"
    assert response["experiment_runs"][0]["end_time"] == state["heartbeat"]
