"""Issue 12 (smaller): "logMetrics accepts string values" — decided: ModelDB's metrics RPCs keep them.

ModelDB keeps string, boolean and null metrics: its client suite (test_metadata.py::TestMetrics) logs
`[None, True, 1.0, 1, "s"]` as metrics and reads them back, and the Java backend stores any Value. Refusing
them would break that suite, so logMetric(s) stay as ModelDB has them. The numeric metric series that this
project's own client logs (ExtensionService.logBatch metric_points) are numbers only: anything else is a 400.
"""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.apiclient import Api
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


def test_scalar_metrics_stay_as_modeldb_keeps_them(c: Ctx) -> None:
    run = c.create("scalars")
    metrics = [{"key": k, "value": v} for k, v in (("n", 0.5), ("i", 3), ("s", "text"), ("b", True), ("z", None))]
    c.call("logMetrics", {"id": run["id"], "metrics": metrics})
    got = {m["key"]: m.get("value") for m in c.call("getMetrics", {"id": run["id"]})["metrics"]}
    assert got == {"n": 0.5, "i": 3, "s": "text", "b": True, "z": None}


@pytest.mark.parametrize("value", ["0.5x", [1], {"a": 1}], ids=["string", "list", "obj"])
def test_metric_series_points_are_numbers_only(c: Ctx, server: ServerThread, value: object) -> None:
    """Over REST, where JSON can carry any of these (gRPC's double field cannot express them)."""
    run = c.create(f"series-{uuid.uuid4().hex[:6]}")
    batch = {"run_id": run["id"], "idempotency_key": uuid.uuid4().hex}
    point = {"key": "loss", "step": 1, "value": value}
    url = f"{server.http_url}/api/v1/modeldb/ext/logBatch"
    resp = requests.post(url, json={**batch, "metric_points": [point]}, timeout=10)
    assert resp.status_code == 400 and resp.json()["code"] == 3, resp.text
    assert requests.post(url, json={**batch, "metric_points": [{**point, "value": 0.5}]}, timeout=10).ok
