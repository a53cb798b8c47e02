"""Huge batches are validated in linear time: hundreds of thousands of keys take seconds, not the minutes that
membership tests in lists took (while holding SQLite's write lock against every other writer).

Each test posts one batch over REST to a real server on SQLite and checks the answer and what was stored.
The sizes are chosen so that the old quadratic checks needed well over 3 minutes on an idle machine (100,000
keys took ~55 s, 200,000 four times that), while the linear code answers in seconds: the 60 s bound fails
the old code by far and is generous enough not to flake on a loaded CI machine.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from modeldb_backend.settings import Settings
from tests.servers import ServerThread

BIG = 200_000  # ~6 MB of metrics: far under the body limit, far over the 10,000 items a client batch holds
BOUND_SECONDS = 60.0


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("batches")
    settings = Settings(db_url=f"sqlite:///{tmp / 'modeldb.sqlite'}", artifact_root=str(tmp / "artifacts"))
    with ServerThread(settings) as srv:
        yield srv.http_url + "/api/v1/modeldb"


def _post(base: str, path: str, body: dict[str, Any], method: str = "POST") -> requests.Response:
    return requests.request(method, base + path, data=json.dumps(body), timeout=BOUND_SECONDS * 5)


def _get(base: str, path: str, **params: str) -> dict[str, Any]:
    resp = requests.get(base + path, params=params, timeout=BOUND_SECONDS)
    assert resp.status_code == 200, resp.text[:500]
    return resp.json()  # type: ignore[no-any-return]


def _run(base: str, name: str) -> str:
    project = _post(base, "/project/createProject", {"name": f"batch-{name}"}).json()["project"]
    request = {"project_id": project["id"], "name": name}
    experiment = _post(base, "/experiment/createExperiment", request).json()["experiment"]
    request = {"project_id": project["id"], "experiment_id": experiment["id"], "name": name}
    return str(_post(base, "/experiment-run/createExperimentRun", request).json()["experiment_run"]["id"])


def _timed(base: str, path: str, body: dict[str, Any]) -> tuple[requests.Response, float]:
    started = time.monotonic()
    resp = _post(base, path, body)
    return resp, time.monotonic() - started


def test_log_metrics_with_200k_keys_is_stored_in_seconds(base: str) -> None:
    run_id = _run(base, "metrics")
    metrics = [{"key": f"m{i:06d}", "value": i} for i in range(BIG)]
    resp, took = _timed(base, "/experiment-run/logMetrics", {"id": run_id, "metrics": metrics})
    assert resp.status_code == 200, resp.text[:500]
    assert took < BOUND_SECONDS, f"logMetrics with {BIG} keys took {took:.1f} s"
    got = _get(base, "/experiment-run/getMetrics", id=run_id)["metrics"]
    assert len(got) == BIG and got[0] == {"key": "m000000", "value": 0} and got[-1]["key"] == f"m{BIG - 1:06d}"
    # 50,000 of the keys again (more than one IN list holds): all are found to exist, nothing changes.
    resp = _post(base, "/experiment-run/logMetrics", {"id": run_id, "metrics": metrics[50_000:100_000]})
    assert resp.status_code == 409 and resp.json()["message"] == "Key m050000 already exists"
    # Deleting more keys than one SQL statement may bind (SQLite: 32,766 by default) works too.
    keys = [m["key"] for m in metrics]
    resp = _post(base, "/experiment-run/deleteMetrics", {"id": run_id, "metric_keys": keys}, "DELETE")
    assert resp.status_code == 200, resp.text[:500]
    assert _get(base, "/experiment-run/getMetrics", id=run_id) == {}


def test_duplicate_key_at_the_end_of_a_huge_batch_is_a_400_and_nothing_is_stored(base: str) -> None:
    run_id = _run(base, "dup")
    metrics = [{"key": f"m{i:06d}", "value": i} for i in range(BIG)] + [{"key": "m000007", "value": 1}]
    resp, took = _timed(base, "/experiment-run/logMetrics", {"id": run_id, "metrics": metrics})
    assert resp.status_code == 400 and resp.json()["message"] == "Multiple key m000007 found in request"
    assert took < BOUND_SECONDS, f"the duplicate check of {BIG} keys took {took:.1f} s"
    assert _get(base, "/experiment-run/getMetrics", id=run_id) == {}


def test_huge_tag_batch_is_checked_in_seconds(base: str) -> None:
    run_id = _run(base, "tags")
    # Every tag is checked and de-duplicated before the empty one at the end rejects the whole batch.
    tags = [f"t{i:06d}" for i in range(BIG)] + [""]
    resp, took = _timed(base, "/experiment-run/addExperimentRunTags", {"id": run_id, "tags": tags})
    assert resp.status_code == 400 and "tag is empty" in resp.json()["message"]
    assert took < BOUND_SECONDS, f"checking {BIG} tags took {took:.1f} s"
    # A repeated tag is ignored, as ModelDB does; 50,000 tags are stored.
    tags = [f"t{i:06d}" for i in range(50_000)] + ["t000001"]
    resp = _post(base, "/experiment-run/addExperimentRunTags", {"id": run_id, "tags": tags})
    assert resp.status_code == 200, resp.text[:500]
    assert len(_get(base, "/experiment-run/getExperimentRunTags", id=run_id)["tags"]) == 50_000


def test_huge_artifact_batch_is_checked_in_seconds(base: str) -> None:
    run_id = _run(base, "artifacts")
    artifacts = [{"key": f"a{i:06d}", "path_only": True} for i in range(BIG)] + [{"key": "a000003"}]
    resp, took = _timed(base, "/experiment-run/logArtifacts", {"id": run_id, "artifacts": artifacts})
    assert resp.status_code == 400 and resp.json()["message"] == "Multiple key a000003 found in request"
    assert took < BOUND_SECONDS, f"checking {BIG} artifact keys took {took:.1f} s"
    assert _get(base, "/experiment-run/getArtifacts", id=run_id) == {}


def test_a_small_write_goes_through_after_the_huge_batches(base: str) -> None:
    run_id = _run(base, "after")
    resp, took = _timed(base, "/experiment-run/logMetric", {"id": run_id, "metric": {"key": "x", "value": 1}})
    assert resp.status_code == 200 and took < 10


def test_more_ids_than_sqlite_binds_is_a_400_not_a_500(base: str) -> None:
    """260,000 ids in one delete pass SQLite's limit of bound parameters (250,000 in Debian's build): the
    database refuses the statement, and the caller learns that the request was too large."""
    ids = [f"id{i:06d}" for i in range(260_000)]
    resp = _post(base, "/experiment-run/deleteExperimentRuns", {"ids": ids}, "DELETE")
    assert resp.status_code in (400, 404), resp.text[:300]  # 404 once the ids are looked up in chunks
    assert resp.json()["code"] in (3, 5)
