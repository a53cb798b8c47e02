"""A small world of projects, experiments and runs for the find/query tests, seeded through the public API.

Seeding happens once per database server (the REST and gRPC variants of a test share it), so the many
find tests stay fast. Every name carries a unique suffix because servers are shared by all tests.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from tests.apiclient import Api

PROJECTS, EXPERIMENTS, RUNS = "ProjectService", "ExperimentService", "ExperimentRunService"
EXT = "ExtensionService"
DATASETS, VERSIONS = "DatasetService", "DatasetVersionService"


def kv(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": value, "value_type": 0}


@dataclass
class World:
    uniq: str
    project: dict[str, Any]
    experiments: dict[str, dict[str, Any]] = field(default_factory=dict)
    runs: dict[str, dict[str, Any]] = field(default_factory=dict)  # live runs by short name
    dead_runs: dict[str, dict[str, Any]] = field(default_factory=dict)
    extra_projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)  # placeholder (dv-1, dv-2) -> dataset version id

    def real(self, text: str) -> str:
        """`text` with the dataset version placeholders replaced by the ids they stand for."""
        for placeholder, version_id in self.versions.items():
            text = text.replace(placeholder, version_id)
        return text

    @property
    def project_id(self) -> str:
        return str(self.project["id"])

    def name_of(self, run_id: str) -> str:
        return next(short for short, r in self.runs.items() if r["id"] == run_id)


# Live runs: short name -> (experiment, creation time, extra CreateExperimentRun fields).
RUN_SPECS: dict[str, tuple[str, int, dict[str, Any]]] = {
    "r1": (
        "alpha",
        1000,
        {
            "metrics": [kv("acc", 0.9), kv("loss", 10)],
            "hyperparameters": [kv("lr", 0.01), kv("opt", "adam")],
            "attributes": [kv("note", "Hello_World"), kv("flag", True)],
            "tags": ["baseline", "Fancy%Tag"],
            "artifacts": [{"key": "model", "path": "s3://bucket/Model_v1.pkl", "path_only": True, "artifact_type": 1}],
            "datasets": [{"key": "train", "path": "/data/train", "path_only": True, "linked_artifact_id": "dv-1"}],
            "observations": [{"attribute": kv("ep_loss", 0.5), "timestamp": "1000"}],
            "start_time": "100",
            "end_time": "1000",
        },
    ),
    "r2": (
        "alpha",
        2000,
        {
            "metrics": [kv("acc", 9), kv("loss", -3)],
            "hyperparameters": [kv("lr", 0.1)],
            "attributes": [kv("note", "hello world"), kv("flag", "true")],
            "tags": ["candidate"],
            "datasets": [{"key": "train", "path": "/data/other", "path_only": True, "linked_artifact_id": "dv-2"}],
            "end_time": "2000",
        },
    ),
    "r3": (
        "beta",
        3000,
        {
            "metrics": [kv("acc", 10)],
            "hyperparameters": [kv("opt", "sgd")],
            "attributes": [kv("note", "100%_done")],
            "tags": ["baseline"],
            "observations": [{"attribute": kv("ep_loss", 0.2), "timestamp": "3000"}],
        },
    ),
    "r4": ("beta", 4000, {"attributes": [kv("note", 5)]}),
    "r5": ("beta", 5000, {"metrics": [kv("acc", -1.5)], "attributes": [kv("note", "hellozworld")]}),
}


def _create_run(api: Api, w: World, experiment: str, name: str, created: int, extra: dict[str, Any]) -> dict[str, Any]:
    """A run; its dataset links name placeholders (runs may link only dataset versions that exist)."""
    if "datasets" in extra:
        datasets = [{**d, "linked_artifact_id": w.real(d["linked_artifact_id"])} for d in extra["datasets"]]
        extra = {**extra, "datasets": datasets}
    body = {
        "project_id": w.project_id,
        "experiment_id": w.experiments[experiment]["id"],
        "name": name,
        "date_created": str(created),
        **extra,
    }
    return api.call(RUNS, "createExperimentRun", body)["experiment_run"]  # type: ignore[no-any-return]


def seed_world(api: Api) -> World:
    """Project `find-<u>` with experiments alpha, beta (live) and gamma (deleted), live runs r1..r5 and a
    child run r6 of r1, a deleted run `dead` (acc 100) and a run `ghost` (acc 1000) of the deleted experiment;
    plus projects `other-<u>` (tagged) and `gone-<u>` (deleted)."""
    u = uuid.uuid4().hex[:10]
    project = api.call(PROJECTS, "createProject", {"name": f"find-{u}", "tags": ["main"], "date_created": "10"})
    w = World(uniq=u, project=project["project"])
    for i, name in enumerate(("alpha", "beta", "gamma")):
        body = {"project_id": w.project_id, "name": name, "date_created": str(100 + i)}
        if name == "alpha":
            body |= {"attributes": [kv("team", "vision")], "tags": ["exp-tag"]}
        w.experiments[name] = api.call(EXPERIMENTS, "createExperiment", body)["experiment"]
    dataset = api.call(DATASETS, "createDataset", {"name": f"find-ds-{u}"})["dataset"]
    for placeholder in ("dv-1", "dv-2"):
        blob = {"path": {"components": [{"path": f"/data/{placeholder}.csv", "size": "1", "md5": placeholder}]}}
        request = {"dataset_id": dataset["id"], "dataset_blob": blob}
        version = api.call(VERSIONS, "createDatasetVersion", request)["dataset_version"]
        w.versions[placeholder] = version["id"]
    for short, (experiment, created, extra) in RUN_SPECS.items():
        w.runs[short] = _create_run(api, w, experiment, f"{short}-{u}", created, extra)
    child = {"parent_id": w.runs["r1"]["id"]}
    w.runs["r6"] = _create_run(api, w, "alpha", f"r6-{u}", 6000, child)
    w.dead_runs["dead"] = _create_run(api, w, "alpha", f"dead-{u}", 7000, {"metrics": [kv("acc", 100)], **child})
    w.dead_runs["ghost"] = _create_run(api, w, "gamma", f"ghost-{u}", 8000, {"metrics": [kv("acc", 1000)]})
    api.call(RUNS, "deleteExperimentRun", {"id": w.dead_runs["dead"]["id"]})
    api.call(EXPERIMENTS, "deleteExperiment", {"id": w.experiments["gamma"]["id"]})
    for name, tags in (("other", ["x_y", "shared"]), ("gone", ["shared"])):
        body = {"name": f"{name}-{u}", "tags": tags, "attributes": [kv("size", 3 if name == "other" else 30)]}
        w.extra_projects[name] = api.call(PROJECTS, "createProject", body)["project"]
    api.call(PROJECTS, "deleteProject", {"id": w.extra_projects["gone"]["id"]})
    return w


_WORLDS: dict[int, World] = {}


def world_for(api: Api) -> World:
    """The seeded world of the api's server, created on first use."""
    key = id(api.backend)
    if key not in _WORLDS:
        _WORLDS[key] = seed_world(api)
    return _WORLDS[key]


def pred(key: str, value: Any, op: str = "EQ") -> dict[str, Any]:
    """A KeyValueQuery as the ModelDB client sends it (value_type 0, operator as a number)."""
    ops = ["EQ", "NE", "GT", "GTE", "LT", "LTE", "CONTAIN", "NOT_CONTAIN", "IN", "NOT_IN"]
    return {"key": key, "value": value, "operator": ops.index(op), "value_type": 0}


def find_runs(api: Api, w: World, *predicates: dict[str, Any], **extra: Any) -> dict[str, Any]:
    body = {"project_id": w.project_id, "predicates": list(predicates), **extra}
    return api.call(RUNS, "findExperimentRuns", body)


def names(w: World, response: dict[str, Any], field_name: str = "experiment_runs") -> list[str]:
    """Short names (r1, r2, ...) of the runs in a response, in response order."""
    return [w.name_of(r["id"]) for r in response.get(field_name, [])]
