"""ExperimentRunService lifecycle: create, get, rename, delete, clone, parent and job id."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend.runs_support import Ctx, create_experiment, create_project, kv, now_ms
from tests.backend.versioning.support import create_commit, create_repository, expanded, master_sha, path_dataset


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


def test_create_minimal_run(c: Ctx) -> None:
    before = now_ms()
    run = c.create("r1")
    after = now_ms()
    assert run["name"] == "r1"
    assert run["project_id"] == c.project["id"] and run["experiment_id"] == c.experiment["id"]
    assert len(run["id"]) == 36
    assert before <= int(run["date_created"]) <= after
    assert run["date_updated"] == run["date_created"]
    assert run["version_number"] == "1"
    for absent in ("tags", "attributes", "metrics", "hyperparameters", "observations", "artifacts", "parent_id"):
        assert absent not in run
    assert c.get(run["id"]) == run
    by_name = c.call("getExperimentRunByName", {"name": "r1", "experiment_id": c.experiment["id"]})
    assert by_name["experiment_run"] == run


def test_create_with_everything(c: Ctx) -> None:
    parent = c.create("parent")
    version = c.dataset_version()
    code = {"git_snapshot": {"filepaths": ["a.py"], "repo": "git@x:y.git", "hash": "abc", "is_dirty": "FALSE"}}
    repo = create_repository(c.api, f"full-{c.uniq}")["id"]
    commit = create_commit(c.api, repo, [master_sha(c.api, repo)], [expanded(["d", "x"], path_dataset("x.csv"))])
    versioned = {
        "repository_id": repo,
        "commit": commit["commit_sha"],
        "key_location_map": {"data": {"location": ["d", "x"]}},
    }
    run = c.create(
        "full",
        description="desc",
        date_created="1600000000000",
        start_time="1600000000001",
        end_time="1600000000002",
        code_version="v1",
        code_version_snapshot=code,
        parent_id=parent["id"],
        tags=["b", "a", "b"],
        attributes=[kv("z", {"n": [1, 2]}), kv("a", "s")],
        hyperparameters=[kv("lr", 0.01), kv("bs", 32)],
        metrics=[kv("acc", 0.9)],
        artifacts=[{"key": "model", "path": "p/model.pkl", "artifact_type": "MODEL"}],
        datasets=[{"key": "train", "path": "x", "path_only": True, "linked_artifact_id": version, "artifact_type": 3}],
        observations=[
            {"attribute": kv("loss", 1.5), "timestamp": "1600000000003"},
            {"attribute": kv("loss", 1.0), "timestamp": "1600000000004"},
        ],
        features=[{"name": "f1"}, {"name": "f2"}],
        versioned_inputs=versioned,
    )
    assert run["description"] == "desc"
    assert run["date_created"] == run["date_updated"] == "1600000000000"
    assert (run["start_time"], run["end_time"]) == ("1600000000001", "1600000000002")
    assert run["code_version"] == "v1"
    assert run["code_version_snapshot"] == code
    assert run["parent_id"] == parent["id"]
    assert run["tags"] == ["a", "b"]
    assert run["attributes"] == [kv("a", "s"), kv("z", {"n": [1, 2]})]
    assert run["hyperparameters"] == [kv("bs", 32), kv("lr", 0.01)]
    assert run["metrics"] == [kv("acc", 0.9)]
    assert run["artifacts"] == [
        {"key": "model", "path": "p/model.pkl", "artifact_type": "MODEL", "upload_completed": True}
    ]
    assert run["datasets"][0]["linked_artifact_id"] == version and run["datasets"][0]["path_only"] is True
    assert run["observations"] == [
        {"attribute": kv("loss", 1.5), "timestamp": "1600000000003", "epoch_number": 0},
        {"attribute": kv("loss", 1.0), "timestamp": "1600000000004", "epoch_number": 1},
    ]
    assert run["features"] == [{"name": "f1"}, {"name": "f2"}]
    assert run["versioned_inputs"] == versioned
    assert c.get(run["id"]) == run


def test_empty_name_is_generated_and_unique(c: Ctx) -> None:
    first, second = c.create(""), c.create("")
    assert first["name"] and second["name"] and first["name"] != second["name"]


def test_create_errors(c: Ctx, api: Api, uniq: str) -> None:
    p, e = c.project["id"], c.experiment["id"]
    err = c.error("createExperimentRun", {"experiment_id": e, "name": "x"})
    assert (err.code, err.message) == (3, "Project ID not present")
    err = c.error("createExperimentRun", {"project_id": p, "name": "x"})
    assert (err.code, err.message) == (3, "Experiment ID not present")
    assert c.error("createExperimentRun", {"project_id": "nope", "experiment_id": e}).code == 5
    assert c.error("createExperimentRun", {"project_id": p, "experiment_id": "nope"}).code == 5
    other = create_project(api, f"other-{uniq}")
    err = c.error("createExperimentRun", {"project_id": other["id"], "experiment_id": e, "name": "x"})
    assert err.code == 3 and e in err.message
    err = c.error("createExperimentRun", {"project_id": p, "experiment_id": e, "name": "x", "parent_id": "nope"})
    assert err.code == 5 and "Parent" in err.message
    err = c.error("createExperimentRun", {"project_id": p, "experiment_id": e, "name": "n" * 300})
    assert err.code == 3
    c.create("dup")
    err = c.error("createExperimentRun", {"project_id": p, "experiment_id": e, "name": "dup"})
    assert (err.code, err.message) == (6, "ExperimentRun 'dup' already exists in database")


def test_create_is_all_or_nothing(c: Ctx) -> None:
    bad = {"metrics": [kv("m", 1), kv("m", 2)]}
    err = c.error("createExperimentRun", {"project_id": c.project["id"], "experiment_id": c.experiment["id"], **bad})
    assert err.code == 3 and "Multiple key m" in err.message
    err = c.error(
        "createExperimentRun",
        {"project_id": c.project["id"], "experiment_id": c.experiment["id"], "name": "half", "tags": ["ok", ""]},
    )
    assert err.code == 3
    err = c.error("getExperimentRunByName", {"name": "half", "experiment_id": c.experiment["id"]})
    assert err.code == 5
    c.create("half")  # the name was never taken


def test_same_name_in_another_experiment_is_fine(c: Ctx, api: Api, uniq: str) -> None:
    c.create("shared")
    other = create_experiment(api, c.project["id"], f"exp2-{uniq}")
    run = c.call(
        "createExperimentRun", {"project_id": c.project["id"], "experiment_id": other["id"], "name": "shared"}
    )["experiment_run"]
    assert run["experiment_id"] == other["id"]


def test_get_errors(c: Ctx) -> None:
    err = c.error("getExperimentRunById", {"id": "nope"})
    assert err.code == 5 and err.message.startswith("ExperimentRun not found for given Id")
    assert c.error("getExperimentRunById", {}).code == 3
    err = c.error("getExperimentRunByName", {"name": "nope", "experiment_id": c.experiment["id"]})
    assert err.code == 5 and err.message == "ExperimentRun not found for the name: nope"
    assert c.error("getExperimentRunByName", {"experiment_id": c.experiment["id"]}).code == 3
    assert c.error("getExperimentRunByName", {"name": "x"}).code == 3


def test_soft_delete(c: Ctx) -> None:
    run = c.create("gone")
    assert c.call("deleteExperimentRun", {"id": run["id"]}) == {"status": True}
    assert c.error("getExperimentRunById", {"id": run["id"]}).code == 5
    assert c.error("getExperimentRunByName", {"name": "gone", "experiment_id": c.experiment["id"]}).code == 5
    assert c.error("deleteExperimentRun", {"id": run["id"]}).code == 5
    assert c.error("logMetric", {"id": run["id"], "metric": kv("m", 1)}).code == 5
    again = c.create("gone")
    assert again["id"] != run["id"]
    assert c.error("deleteExperimentRun", {}).code == 3


def test_batch_delete(c: Ctx) -> None:
    a, b, keep = c.create("a"), c.create("b"), c.create("keep")
    err = c.error("deleteExperimentRuns", {"ids": [a["id"], "nope"]})
    assert err.code == 5 and "nope" in err.message
    assert c.get(a["id"])["name"] == "a"  # nothing deleted by the rejected batch
    assert c.call("deleteExperimentRuns", {"ids": [a["id"], b["id"], a["id"]]}) == {"status": True}
    for run in (a, b):
        assert c.error("getExperimentRunById", {"id": run["id"]}).code == 5
    assert c.get(keep["id"])["name"] == "keep"
    assert c.error("deleteExperimentRuns", {"ids": []}).code == 3


def test_rename_and_description(c: Ctx) -> None:
    run, other = c.create("old"), c.create("taken")
    time.sleep(0.002)
    assert c.call("updateExperimentRunName", {"id": run["id"], "name": "new"}) == {}
    renamed = c.get(run["id"])
    assert renamed["name"] == "new"
    assert renamed["version_number"] == "2"
    assert int(renamed["date_updated"]) > int(run["date_updated"])
    err = c.error("updateExperimentRunName", {"id": run["id"], "name": "taken"})
    assert (err.code, err.message) == (6, "ExperimentRun 'taken' already exists in database")
    assert c.error("updateExperimentRunName", {"id": run["id"], "name": "  "}).code == 3
    assert c.error("updateExperimentRunName", {"id": "nope", "name": "x"}).code == 5
    c.call("updateExperimentRunName", {"id": run["id"], "name": "new"})  # renaming to its own name is fine
    c.call("deleteExperimentRun", {"id": other["id"]})
    c.call("updateExperimentRunName", {"id": run["id"], "name": "taken"})  # freed by the delete
    described = c.call("updateExperimentRunDescription", {"id": run["id"], "description": "hello"})
    assert described["experiment_run"]["description"] == "hello"
    assert described["experiment_run"]["name"] == "taken"
    assert described["experiment_run"]["version_number"] == "5"


def test_date_updated_never_goes_back(c: Ctx) -> None:
    future = str(now_ms() + 10_000_000)
    run = c.create("future", date_created=future)
    c.call("logMetric", {"id": run["id"], "metric": kv("m", 1)})
    got = c.get(run["id"])
    assert got["date_updated"] == future and got["version_number"] == "2"


def _rich_run(c: Ctx, name: str) -> dict[str, Any]:
    run = c.create(
        name,
        description="src",
        tags=["t1", "t2"],
        attributes=[kv("a", {"x": [1, None, True]})],
        hyperparameters=[kv("h", 3)],
        metrics=[kv("m", 0.5)],
        artifacts=[{"key": "art", "path": "p", "artifact_type": 4}],
        datasets=[{"key": "ds", "path": "q", "linked_artifact_id": c.dataset_version(), "artifact_type": 3}],
        features=[{"name": "f"}],
        code_version_snapshot={"code_archive": {"key": "code", "path": "c.zip", "artifact_type": "CODE"}},
    )
    c.call("logObservations", {"id": run["id"], "observations": [{"attribute": kv("o", i)} for i in range(3)]})
    c.call("logEnvironment", {"id": run["id"], "environment": {"command_line": ["python", "x.py"]}})
    c.call("logJobId", {"id": run["id"], "job_id": "job-1"})
    return c.get(run["id"])


COPIED = (
    "project_id",
    "experiment_id",
    "description",
    "tags",
    "attributes",
    "hyperparameters",
    "metrics",
    "artifacts",
    "datasets",
    "features",
    "code_version_snapshot",
    "environment",
    "observations",
    "job_id",
)


def test_clone_copies_everything(c: Ctx) -> None:
    src = _rich_run(c, "src")
    before = now_ms()
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": src["id"]})["run"]
    after = now_ms()
    assert clone["id"] != src["id"]
    assert clone["name"].startswith("src - ")
    assert before <= int(clone["name"].removeprefix("src - ")) <= after
    for field in COPIED:
        assert clone[field] == src[field], field
    for field in ("date_created", "date_updated", "start_time", "end_time"):
        assert before <= int(clone[field]) <= after
    assert clone["version_number"] == "1"
    assert c.get(clone["id"]) == clone
    # The copy is independent of its source.
    c.call("logMetric", {"id": clone["id"], "metric": kv("only_clone", 1)})
    c.call("logObservation", {"id": clone["id"], "observation": {"attribute": kv("o", 9)}})
    assert c.get(src["id"])["metrics"] == [kv("m", 0.5)]
    assert [o["epoch_number"] for o in c.get(clone["id"])["observations"]] == [0, 1, 2, 3]
    assert len(c.get(src["id"])["observations"]) == 3


def test_clone_into_other_experiment_and_names(c: Ctx, api: Api, uniq: str) -> None:
    src = c.create("src", metrics=[kv("m", 1)])
    other = create_experiment(api, c.project["id"], f"dest-{uniq}")
    request = {"src_experiment_run_id": src["id"], "dest_experiment_id": other["id"], "dest_experiment_run_name": "src"}
    clone = c.call("cloneExperimentRun", request)["run"]
    assert clone["experiment_id"] == other["id"] and clone["name"] == "src"
    assert clone["metrics"] == [kv("m", 1)]
    err = c.error("cloneExperimentRun", request)
    assert (err.code, err.message) == (6, "ExperimentRun 'src' already exists in database")
    named = c.call("cloneExperimentRun", {"src_experiment_run_id": src["id"], "dest_experiment_run_name": "copy"})
    assert named["run"]["experiment_id"] == c.experiment["id"] and named["run"]["name"] == "copy"
    assert c.error("cloneExperimentRun", {}).code == 3
    assert c.error("cloneExperimentRun", {"src_experiment_run_id": "nope"}).code == 5
    bad_dest = {"src_experiment_run_id": src["id"], "dest_experiment_id": "nope"}
    assert c.error("cloneExperimentRun", bad_dest).code == 5


def test_parent_links(c: Ctx) -> None:
    a, b, d = c.create("a"), c.create("b"), c.create("d")
    assert c.call("setParentExperimentRunId", {"experiment_run_id": b["id"], "parent_id": a["id"]}) == {}
    assert c.get(b["id"])["parent_id"] == a["id"]
    assert c.get(b["id"])["version_number"] == "2"
    c.call("setParentExperimentRunId", {"experiment_run_id": d["id"], "parent_id": b["id"]})
    err = c.error("setParentExperimentRunId", {"experiment_run_id": a["id"], "parent_id": d["id"]})
    assert err.code == 3 and "cycle" in err.message
    err = c.error("setParentExperimentRunId", {"experiment_run_id": a["id"], "parent_id": a["id"]})
    assert err.code == 3
    assert c.get(a["id"]).get("parent_id") is None
    assert c.error("setParentExperimentRunId", {"experiment_run_id": a["id"], "parent_id": "nope"}).code == 5
    assert c.error("setParentExperimentRunId", {"experiment_run_id": "nope", "parent_id": a["id"]}).code == 5
    assert c.error("setParentExperimentRunId", {"parent_id": a["id"]}).code == 3
    assert c.error("setParentExperimentRunId", {"experiment_run_id": a["id"]}).code == 3
    child = c.create("child", parent_id=a["id"])
    assert child["parent_id"] == a["id"]


def test_job_id(c: Ctx) -> None:
    run = c.create("job")
    assert c.call("getJobId", {"id": run["id"]}) == {}
    assert c.call("logJobId", {"id": run["id"], "job_id": "j-42"}) == {}
    assert c.call("getJobId", {"id": run["id"]}) == {"job_id": "j-42"}
    assert c.get(run["id"])["job_id"] == "j-42"
    assert c.get(run["id"])["version_number"] == "2"
    assert c.error("logJobId", {"id": run["id"]}).code == 3
    assert c.error("logJobId", {"job_id": "x"}).code == 3
    assert c.error("getJobId", {"id": "nope"}).code == 5


def test_mutations_are_audited(c: Ctx) -> None:
    run = c.create("audited")
    c.call("logMetric", {"id": run["id"], "metric": kv("m", 1)})
    clone = c.call("cloneExperimentRun", {"src_experiment_run_id": run["id"]})["run"]
    c.call("deleteExperimentRun", {"id": run["id"]})
    history = c.api.call("ExtensionService", "findAuditRecords", {"entity_id": run["id"]})["records"]
    assert [r["action"] for r in history] == ["createExperimentRun", "logMetric", "deleteExperimentRun"]
    assert all(r["entity_type"] == "experiment_run" for r in history)
    [cloned] = c.api.call("ExtensionService", "findAuditRecords", {"entity_id": clone["id"]})["records"]
    assert cloned["action"] == "cloneExperimentRun" and cloned["changes"]["cloned_from"] == run["id"]
