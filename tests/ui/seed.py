"""The data the browser test looks at, created through the REST API the way the notebook client creates it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.ui.lab import LabServer

PROJECT = "mnist-demo"
EMPTY_PROJECT = "empty-project"
DATASET = "mnist-images"

# name -> (experiment, hyperparameters, acc series by step, tags, final status)
RUNS: dict[str, tuple[str, dict[str, Any], list[float], list[str], str]] = {
    "lr-0.1": (
        "baseline",
        {"lr": 0.1, "batch": 64, "optimizer": "sgd"},
        [0.52, 0.66, 0.74, 0.79, 0.81],
        ["baseline"],
        "FINISHED",
    ),
    "lr-0.01": (
        "baseline",
        {"lr": 0.01, "batch": 64, "optimizer": "adam"},
        [0.61, 0.8, 0.88, 0.91, 0.93],
        ["baseline", "best"],
        "FINISHED",
    ),
    "lr-0.001": (
        "baseline",
        {"lr": 0.001, "batch": 128, "optimizer": "adam"},
        [0.4, 0.62, 0.75, 0.83, 0.88],
        [],
        "FAILED",
    ),
    "sweep-1": ("tuning", {"lr": 0.05, "batch": 256, "optimizer": "adam"}, [0.3, 0.5], ["sweep"], "RUNNING"),
    "sweep-2": ("tuning", {"lr": 0.02, "batch": 256, "optimizer": "adam"}, [0.45, 0.7, 0.86], ["sweep"], "FINISHED"),
}


CELL_RECORDS = [
    {
        "attribute": {
            "key": "cell",
            "value": {
                "execution_count": 1,
                "source": "import numpy as np",
                "start": 1_790_000_000_000,
                "duration_ms": 12.5,
                "outcome": "ok",
                "outputs": [],
                "warnings": [],
            },
        },
        "timestamp": 1_790_000_000_000,
    },
    {
        "attribute": {
            "key": "cell",
            "value": {
                "execution_count": 2,
                "source": "model.fit(x, y)",
                "start": 1_790_000_001_000,
                "duration_ms": 1500,
                "outcome": "error",
                "error": {"type": "NameError", "message": "name 'x' is not defined"},
                "outputs": [{"output_type": "stream", "name": "stderr", "bytes": 120}],
                "warnings": [{"kind": "hidden_state", "names": ["y"], "message": "y was not defined by this run"}],
            },
        },
        "timestamp": 1_790_000_001_000,
    },
]


@dataclass
class Seeded:
    project_id: str
    experiment_ids: dict[str, str]
    run_ids: dict[str, str]
    dataset_version_id: str


def _kv(values: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": k, "value": v} for k, v in values.items()]


def seed(lab: LabServer) -> Seeded:
    project = lab.api("project/createProject", {"name": PROJECT, "description": "digits", "tags": ["demo"]})["project"]
    lab.api("project/createProject", {"name": EMPTY_PROJECT})
    experiments = {
        name: lab.api("experiment/createExperiment", {"project_id": project["id"], "name": name})["experiment"]["id"]
        for name in ("baseline", "tuning")
    }
    runs: dict[str, str] = {}
    for name, (experiment, hyperparameters, acc, tags, status) in RUNS.items():
        run = lab.api(
            "experiment-run/createExperimentRun",
            {
                "project_id": project["id"],
                "experiment_id": experiments[experiment],
                "name": name,
                "tags": tags,
                "hyperparameters": _kv(hyperparameters),
                "attributes": _kv({"framework": "numpy"}),
                "observations": [
                    {"attribute": {"key": "val_loss", "value": round(1 - a, 4)}, "epoch_number": i}
                    for i, a in enumerate(acc)
                ],
            },
        )["experiment_run"]
        runs[name] = run["id"]
        points = [{"key": "acc", "step": step, "value": value} for step, value in enumerate(acc, start=1)]
        points += [{"key": "loss", "step": step, "value": round(1.2 * (1 - v), 4)} for step, v in enumerate(acc, 1)]
        lab.api("ext/logBatch", {"run_id": run["id"], "idempotency_key": f"seed-{name}", "metric_points": points})
        lab.api("ext/setRunStatus", {"run_id": run["id"], "status": "RUNNING"})
        if status != "RUNNING":
            lab.api("ext/setRunStatus", {"run_id": run["id"], "status": status})

    best = runs["lr-0.01"]
    lab.api(
        "experiment-run/logAttributes",
        {"id": best, "attributes": _kv({"jupyter.notebook_path": "train.ipynb"})},
    )
    lab.api(
        "experiment-run/logExperimentRunCodeVersion",
        {
            "id": best,
            "code_version": {
                "git_snapshot": {
                    "repo": "https://example.org/mnist.git",
                    "hash": "3f2c1a9",
                    "is_dirty": "FALSE",
                    "filepaths": ["train.ipynb"],
                }
            },
        },
    )
    lab.api("comment/addExperimentRunComment", {"entity_id": best, "message": "best so far"})
    # The notebook client's cell log: one "cell" observation per executed cell.
    lab.api("experiment-run/logObservations", {"id": best, "observations": CELL_RECORDS})

    dataset = lab.api("dataset/createDataset", {"name": DATASET, "dataset_type": "PATH"})["dataset"]
    version = lab.api(
        "dataset-version/createDatasetVersion",
        {
            "dataset_id": dataset["id"],
            "dataset_type": "PATH",
            "description": "60k training images",
            "dataset_blob": {
                "path": {"components": [{"path": "train/images.npz", "size": "47040000", "sha256": "ab12"}]}
            },
        },
    )["dataset_version"]
    lab.api(
        "experiment-run/logDataset",
        {"id": best, "dataset": {"key": "train", "linked_artifact_id": version["id"], "artifact_type": "DATA"}},
    )
    return Seeded(project["id"], experiments, runs, version["id"])
