"""Request-sized lists get the same answer on SQLite and PostgreSQL (issue 12, defect 6).

SQLite refuses a statement with more bound parameters than its build allows (250,000 in Debian's build,
32,766 by default); PostgreSQL through psycopg2 has no such limit. So each request here names 260,000 ids or
keys and must get the status and message it gets on PostgreSQL: the services put request lists into SQL
`IN (...)` lists in chunks, and a find that cannot be chunked caps its id list with a 400 before any SQL.
Before the fix SQLite answered these requests 400 "too many SQL variables" where PostgreSQL answered 404
(or 200). Every test runs on both databases (the `server` fixture) over REST; the big bodies are 3-13 MB,
far under the 32 MB body limit, and each request is bounded in time.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
from google.protobuf import json_format
from sqlalchemy import insert

from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb
from modeldb_backend.services.sqlchunks import IN_CHUNK, MAX_LISTED_IDS
from modeldb_backend.store import models as m
from tests.apiclient import Api
from tests.servers import ServerThread

BIG = 260_000  # more than the 250,000 parameters Debian's SQLite binds in one statement
BOUND_S = 40.0  # per request, on a loaded 2-core machine (they take a few seconds)
RUNS, EXPERIMENTS, PROJECTS, DATASETS = "ExperimentRunService", "ExperimentService", "ProjectService", "DatasetService"
EXT = "ExtensionService"
UNKNOWN = [f"nope-{i:06d}" for i in range(BIG)]


@pytest.fixture
def rest(server: ServerThread) -> Iterator[Api]:
    assert server.server is not None
    client = Api(server.server.backend, server.http_url, server.grpc_target, "rest")
    yield client
    client.close()


def send(api: Api, service: str, name: str, body: dict[str, Any]) -> tuple[int, str, dict[str, Any]]:
    """(HTTP status, error message or "", JSON answer) of one REST call, which must answer within BOUND_S."""
    binding = api.rpc(service, name).bindings[0]
    url = api.http_url + "/api/v1/modeldb" + binding.path[len("/v1") :]
    started = time.monotonic()
    resp = requests.request(binding.method, url, data=json.dumps(body), timeout=BOUND_S * 3)
    took = time.monotonic() - started
    assert took < BOUND_S, f"{name} took {took:.1f} s"
    answer = resp.json()
    return resp.status_code, answer.get("message", "") if resp.status_code != 200 else "", answer


def mixed(real: list[str], unknown: list[str] = UNKNOWN) -> list[str]:
    """`unknown` with the real ids at its start, in its middle (another chunk) and at its end."""
    half = len(unknown) // 2
    return [real[0], *unknown[:half], real[1], *unknown[half:], real[2]]


def tree(api: Api, uniq: str, runs: int = 3) -> tuple[str, str, list[str]]:
    project = api.call(PROJECTS, "createProject", {"name": f"parity-{uniq}"})["project"]["id"]
    experiment = api.call(EXPERIMENTS, "createExperiment", {"project_id": project, "name": "e"})["experiment"]["id"]
    run_ids = [
        api.call(RUNS, "createExperimentRun", {"project_id": project, "experiment_id": experiment, "name": f"r{i}"})[
            "experiment_run"
        ]["id"]
        for i in range(runs)
    ]
    return project, experiment, run_ids


def test_delete_runs_naming_260k_ids_is_the_same_404_on_both(rest: Api, uniq: str) -> None:
    _, _, run_ids = tree(rest, uniq)
    status, message, _ = send(rest, RUNS, "deleteExperimentRuns", {"ids": mixed(run_ids)})
    assert (status, message) == (404, "ExperimentRun not found for given Id: nope-000000")
    for run_id in run_ids:  # nothing was deleted
        rest.call(RUNS, "getExperimentRunById", {"id": run_id})


def test_delete_experiments_naming_260k_ids_is_the_same_404_on_both(rest: Api, uniq: str) -> None:
    project, first, _ = tree(rest, uniq, runs=0)
    ids = [first] + [
        rest.call(EXPERIMENTS, "createExperiment", {"project_id": project, "name": f"e{i}"})["experiment"]["id"]
        for i in range(2)
    ]
    status, message, _ = send(rest, EXPERIMENTS, "deleteExperiments", {"ids": mixed(ids)})
    assert (status, message) == (404, "Experiment not found for the ID: nope-000000")
    for experiment_id in ids:
        rest.call(EXPERIMENTS, "getExperimentById", {"id": experiment_id})


def test_delete_projects_naming_260k_ids_is_the_same_404_on_both(rest: Api, uniq: str) -> None:
    ids = [rest.call(PROJECTS, "createProject", {"name": f"parity-{i}-{uniq}"})["project"]["id"] for i in range(3)]
    status, message, _ = send(rest, PROJECTS, "deleteProjects", {"ids": mixed(ids)})
    assert (status, message) == (404, "Project not found for given Id: nope-000000")
    for project_id in ids:
        rest.call(PROJECTS, "getProjectById", {"id": project_id})


def test_delete_datasets_naming_260k_ids_is_the_same_404_on_both(rest: Api, uniq: str) -> None:
    ids = [rest.call(DATASETS, "createDataset", {"name": f"parity-{i}-{uniq}"})["dataset"]["id"] for i in range(3)]
    # Numeric ids, so that every one of them goes to the database (other text cannot name a dataset).
    unknown = [str(10**15 + i) for i in range(BIG)]
    status, message, _ = send(rest, DATASETS, "deleteDatasets", {"ids": mixed(ids, unknown)})
    assert (status, message) == (404, f"Dataset not found for given Id: {10**15}")
    for dataset_id in ids:
        rest.call(DATASETS, "getDatasetById", {"id": dataset_id})


def test_heartbeat_and_run_states_of_260k_ids_answer_alike_on_both(rest: Api, uniq: str) -> None:
    _, _, run_ids = tree(rest, uniq)
    for run_id in run_ids:
        rest.call(EXT, "setRunStatus", {"run_id": run_id, "status": "RUNNING"})
    status, message, _ = send(rest, EXT, "heartbeat", {"run_ids": mixed(run_ids)})
    assert (status, message) == (404, "ExperimentRun not found for given Id: nope-000000")
    status, _, answer = send(rest, EXT, "getRunStates", {"run_ids": mixed(run_ids)})
    assert status == 200
    assert [s["run_id"] for s in answer["states"]] == sorted(run_ids)
    assert {s["status"] for s in answer["states"]} == {"RUNNING"}


def test_a_run_linking_260k_unknown_dataset_versions_is_the_same_400_on_both(rest: Api, uniq: str) -> None:
    project, experiment, [run_id] = tree(rest, uniq, runs=1)
    datasets = [{"key": f"d{i:06d}", "linked_artifact_id": v, "path_only": True} for i, v in enumerate(UNKNOWN)]
    expected = (
        400,
        "Dataset not found for dataset version: nope-000000 (dataset key 'd000000': linked_artifact_id must be the"
        " id of an existing dataset version)",
    )
    create = {"project_id": project, "experiment_id": experiment, "name": "linked", "datasets": datasets}
    status, message, _ = send(rest, RUNS, "createExperimentRun", create)
    assert (status, message) == expected
    status, message, _ = send(rest, RUNS, "logDatasets", {"id": run_id, "datasets": datasets})
    assert (status, message) == expected


def test_observations_of_260k_keys_reach_the_same_validation_on_both(rest: Api, uniq: str) -> None:
    """The next epoch of every key is looked up for all 260,000 keys before the last observation's bad epoch
    rejects the batch: both databases get that far and give that 400."""
    _, _, [run_id] = tree(rest, uniq, runs=1)
    observations: list[dict[str, Any]] = [{"attribute": {"key": k, "value": 1}} for k in UNKNOWN]
    observations[-1]["epoch_number"] = "x"
    status, message, _ = send(rest, RUNS, "logObservations", {"id": run_id, "observations": observations})
    assert status == 400
    assert message == f"Observations can only have numeric epoch_number, got \"x\" for key '{UNKNOWN[-1]}'"
    assert rest.call(RUNS, "getObservations", {"id": run_id, "observation_key": UNKNOWN[0]}) == {}


def test_find_datasets_names_at_most_10k_ids_on_both(rest: Api, uniq: str) -> None:
    dataset_id = rest.call(DATASETS, "createDataset", {"name": f"parity-find-{uniq}"})["dataset"]["id"]
    ids = [dataset_id] + [str(10**15 + i) for i in range(MAX_LISTED_IDS - 1)]
    status, _, answer = send(rest, DATASETS, "findDatasets", {"dataset_ids": ids})
    assert status == 200 and [d["id"] for d in answer["datasets"]] == [dataset_id]
    status, message, _ = send(rest, DATASETS, "findDatasets", {"dataset_ids": ids + UNKNOWN})
    assert (status, message) == (
        400,
        f"dataset_ids lists {MAX_LISTED_IDS + BIG} distinct ids; one request may list at most {MAX_LISTED_IDS}:"
        " split the list over several requests",
    )


def seed_runs(server: ServerThread, project: str, experiment: str, count: int) -> list[str]:
    """`count` live runs written straight into the real database: creating them one RPC each would take minutes."""
    assert server.server is not None
    ids = [str(uuid.uuid4()) for _ in range(count)]
    rows = [
        {"id": i, "project_id": project, "experiment_id": experiment, "name": f"seeded-{n}", "date_created": 1}
        | {"date_updated": 1, "version_number": 1, "deleted": False}
        for n, i in enumerate(ids)
    ]
    server.server.backend.db.run(lambda session: session.execute(insert(m.ExperimentRun), rows), write=True)
    return ids


def test_deleting_25k_runs_in_one_request_deletes_them_all_on_both(rest: Api, server: ServerThread, uniq: str) -> None:
    """More ids than one chunk holds, all live: every chunk is marked deleted, each run gets its audit record."""
    project, experiment, mine = tree(rest, uniq)
    ids = seed_runs(server, project, experiment, 2 * IN_CHUNK + 5_000) + mine
    status, message, _ = send(rest, RUNS, "deleteExperimentRuns", {"ids": ids})
    assert (status, message) == (200, "")
    found = rest.call(RUNS, "getExperimentRunsInExperiment", {"experiment_id": experiment})
    assert found.get("experiment_runs", []) == []
    for run_id in (ids[0], ids[IN_CHUNK], ids[-1]):
        history = rest.call(EXT, "findAuditRecords", {"entity_id": run_id})["records"]
        assert history[-1]["action"] == "deleteExperimentRuns" and history[-1]["changes"] == {"deleted": True}


def test_audit_record_of_a_200k_key_log_metrics_is_bounded(rest: Api, uniq: str) -> None:
    """A huge batch is recorded as counts, the first keys and the request's SHA-256, not rendered whole."""
    _, _, [run_id] = tree(rest, uniq, runs=1)
    body = {"id": run_id, "metrics": [{"key": f"m{i:06d}", "value": i} for i in range(200_000)]}
    status, _, _ = send(rest, RUNS, "logMetrics", body)
    assert status == 200
    [record] = rest.call(EXT, "findAuditRecords", {"entity_id": run_id, "action": "logMetrics"})["records"]
    changes = record["changes"]
    assert len(json.dumps(changes)) < 16_384
    assert changes["id"] == run_id
    assert changes["metrics"]["count"] == 200_000
    assert changes["metrics"]["keys"] == [f"m{i:06d}" for i in range(100)]
    request = json_format.ParseDict(body, run_pb.LogMetrics())
    summary = changes["summarised"]
    assert summary["request_sha256"] == hashlib.sha256(request.SerializeToString(deterministic=True)).hexdigest()
    assert summary["request_bytes"] == request.ByteSize()
    # A small batch is still recorded whole.
    rest.call(RUNS, "logMetrics", {"id": run_id, "metrics": [{"key": "small", "value": 1}]})
    records = rest.call(EXT, "findAuditRecords", {"entity_id": run_id, "action": "logMetrics"})["records"]
    assert records[-1]["changes"] == {"id": run_id, "metrics": [{"key": "small", "value": 1}]}


# --- entry points in services/: */finders.py, dataset_versions/rpcs.py, ext/{columns,series}.py, experiment_runs/ ---

CAPPED = [  # (service, rpc, request field): one IN list inside a sorted, paged find, so capped
    ("ProjectService", "findProjects", "project_ids"),
    (EXPERIMENTS, "findExperiments", "experiment_ids"),
    (RUNS, "findExperimentRuns", "experiment_run_ids"),
    (EXT, "queryRuns", "experiment_run_ids"),
    (EXT, "queryRunColumns", "experiment_run_ids"),
    ("DatasetVersionService", "findDatasetVersions", "dataset_version_ids"),
]


@pytest.mark.parametrize(("service", "name", "field"), CAPPED, ids=[c[1] for c in CAPPED])
def test_finds_name_at_most_10k_ids_on_both(rest: Api, service: str, name: str, field: str) -> None:
    status, message, _ = send(rest, service, name, {field: UNKNOWN})
    assert (status, message) == (
        400,
        f"{field} lists {BIG} distinct ids; one request may list at most {MAX_LISTED_IDS}: split the list over"
        " several requests",
    )
    status, _, _ = send(rest, service, name, {field: UNKNOWN[:MAX_LISTED_IDS]})
    assert status == 200


def test_query_run_columns_names_at_most_10k_columns_on_both(rest: Api, uniq: str) -> None:
    _, _, [run_id] = tree(rest, uniq, runs=1)
    body = {"experiment_run_ids": [run_id], "columns": [f"metrics.{k}" for k in UNKNOWN]}
    status, message, _ = send(rest, EXT, "queryRunColumns", body)
    assert (status, message) == (
        400,
        f"columns lists {BIG} distinct columns; one request may list at most {MAX_LISTED_IDS}: split the list"
        " over several requests",
    )


def test_metric_history_and_observation_deletes_of_260k_keys_answer_alike_on_both(rest: Api, uniq: str) -> None:
    _, _, [run_id] = tree(rest, uniq, runs=1)
    rest.call(RUNS, "logObservation", {"id": run_id, "observation": {"attribute": {"key": UNKNOWN[-1], "value": 1}}})
    status, _, answer = send(rest, EXT, "getMetricHistory", {"run_ids": [run_id], "keys": UNKNOWN})
    assert status == 200 and answer.get("series", []) == []  # SQLite answered 500 "internal error" before
    status, message, _ = send(rest, RUNS, "deleteObservations", {"id": run_id, "observation_keys": UNKNOWN})
    assert (status, message) == (200, "")
    assert rest.call(RUNS, "getObservations", {"id": run_id, "observation_key": UNKNOWN[-1]}) == {}
