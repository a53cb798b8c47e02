"""ExtensionService logBatch and getMetricHistory: atomic idempotent batches and metric series."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx, kv, now_ms
from tests.servers import ServerThread

EXT = "ExtensionService"


def batch(run_id: str, key: str | None = None, **parts: Any) -> dict[str, Any]:
    return {"run_id": run_id, "idempotency_key": key or uuid.uuid4().hex, **parts}


def log(api: Api, run_id: str, key: str | None = None, **parts: Any) -> bool:
    return bool(api.call(EXT, "logBatch", batch(run_id, key, **parts)).get("applied", False))


def point(key: str, step: int, value: float, timestamp: int = 0) -> dict[str, Any]:
    return {"key": key, "step": step, "value": value, "timestamp": timestamp}


def history(api: Api, run_ids: list[str], keys: list[str] | None = None) -> list[dict[str, Any]]:
    return api.call(EXT, "getMetricHistory", {"run_ids": run_ids, "keys": keys or []}).get("series", [])


def metrics(c: Ctx, run_id: str) -> dict[str, Any]:
    return {m["key"]: m["value"] for m in c.get(run_id).get("metrics", [])}


def audit(api: Api, run_id: str, action: str = "logBatch") -> list[dict[str, Any]]:
    return api.call(EXT, "findAuditRecords", {"entity_id": run_id, "action": action}).get("records", [])


def error(api: Api, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(EXT, rpc, request)
    return info.value


def test_batch_applies_every_part_at_once(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    applied = log(
        api,
        run["id"],
        hyperparameters=[kv("lr", 0.01), kv("opt", "adam")],
        attributes=[kv("note", {"a": [1, 2]})],
        metrics=[kv("acc", 0.5)],
        tags=["b", "a", "b"],
        metric_points=[point("loss", 0, 1.0), point("loss", 1, 0.5)],
        observations=[{"attribute": kv("ep", 1)}, {"attribute": kv("ep", 2)}],
    )
    assert applied
    got = c.get(run["id"])
    assert [(h["key"], h["value"]) for h in got["hyperparameters"]] == [("lr", 0.01), ("opt", "adam")]
    assert got["attributes"] == [{"key": "note", "value": {"a": [1, 2]}}]
    assert {m["key"]: m["value"] for m in got["metrics"]} == {"acc": 0.5, "loss": 0.5}
    assert got["tags"] == ["a", "b"]
    assert [(o["attribute"]["value"], o["epoch_number"]) for o in got["observations"]] == [(1, 0), (2, 1)]
    assert int(got["version_number"]) == int(run.get("version_number", 0)) + 1  # touched once
    [record] = audit(api, run["id"])
    changes = record["changes"]
    assert changes["applied"] is True
    assert changes["metric_points"] == {"count": 2, "keys": ["loss"]}
    assert changes["observations"] == {"count": 2, "keys": ["ep"]}
    assert changes["hyperparameters"] == ["lr", "opt"]
    assert changes["tags"] == ["a", "b"]


def test_retry_with_the_same_key_changes_nothing(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    parts = {
        "metric_points": [point("loss", 0, 1.0), point("loss", 1, 0.5)],
        "observations": [{"attribute": kv("ep", 1)}],
        "tags": ["t"],
        "hyperparameters": [kv("lr", 1)],
    }
    assert log(api, run["id"], "k-" + uniq, **parts)
    version = c.get(run["id"])["version_number"]
    assert not log(api, run["id"], "k-" + uniq, **parts)
    assert not log(api, run["id"], "k-" + uniq, metric_points=[point("other", 0, 1.0)])  # content is not compared
    got = c.get(run["id"])
    assert got["version_number"] == version
    assert len(got["observations"]) == 1
    assert [s["key"] for s in history(api, [run["id"]])] == ["loss"]
    assert history(api, [run["id"]])[0]["steps"] == ["0", "1"]
    assert [r["changes"]["applied"] for r in audit(api, run["id"])] == [True, False, False]


def test_racing_duplicates_are_applied_once(api: Api, server: ServerThread, uniq: str) -> None:
    """The same batch sent on several connections at once: one applies, the others are acknowledged."""
    c = Ctx(api, uniq)
    run = c.create("r")
    request = batch(run["id"], "race-" + uniq, metric_points=[point("loss", i, i) for i in range(50)], tags=["t"])
    clients = [Api(server.server.backend, server.http_url, server.grpc_target, api.transport) for _ in range(4)]  # type: ignore[union-attr]
    try:
        with ThreadPoolExecutor(len(clients)) as pool:
            results = list(pool.map(lambda client: client.call(EXT, "logBatch", request), clients))
    finally:
        for client in clients:
            client.close()
    assert sorted(r.get("applied", False) for r in results) == [False, False, False, True]
    assert len(history(api, [run["id"]])[0]["steps"]) == 50


def test_an_idempotency_key_belongs_to_one_run(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    first, second = c.create("a"), c.create("b")
    assert log(api, first["id"], "shared-" + uniq, tags=["x"])
    err = error(api, "logBatch", batch(second["id"], "shared-" + uniq, tags=["x"]))
    assert err.code == 6 and first["id"] in err.message
    assert "tags" not in c.get(second["id"])


BAD_BATCHES: dict[str, tuple[dict[str, Any], str]] = {
    "empty key": ({"idempotency_key": ""}, "idempotency_key is empty"),
    "long key": ({"idempotency_key": "k" * 129}, "the limit is 128"),
    "negative step": ({"metric_points": [point("loss", 0, 1.0), point("loss", -2, 1.0)]}, "must not be negative"),
    "nan point": ({"metric_points": [point("loss", 0, "NaN")]}, "finite"),  # type: ignore[arg-type]
    "infinite point": ({"metric_points": [point("loss", 0, "-Infinity")]}, "finite"),  # type: ignore[arg-type]
    "empty point key": ({"metric_points": [point("", 0, 1.0)]}, "metric point key is empty"),
    "negative timestamp": ({"metric_points": [point("loss", 0, 1.0, -5)]}, "timestamp"),
    "empty metric key": ({"metrics": [kv("", 1)]}, "metric is empty"),
    "long hyperparameter key": ({"hyperparameters": [kv("h" * 251, 1)]}, "the limit is 250"),
    "huge attribute": ({"attributes": [kv("a", "x" * 70_000)]}, "bytes"),
    "empty tag": ({"tags": ["ok", " "]}, "tag is empty"),
    "observation epoch": (
        {"observations": [{"attribute": kv("ep", 1), "epoch_number": "one"}]},
        "numeric epoch_number",
    ),
    "empty observation": ({"observations": [{"timestamp": 5}]}, "attribute or an artifact"),
}


@pytest.mark.parametrize("case", list(BAD_BATCHES))
def test_one_bad_part_stores_nothing(api: Api, uniq: str, case: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    overrides, message = BAD_BATCHES[case]
    good = {
        "hyperparameters": [kv("lr", 1)],
        "metrics": [kv("acc", 1)],
        "tags": ["t"],
        "metric_points": [point("loss", 0, 1.0)],
        "observations": [{"attribute": kv("ep", 1)}],
    }
    request = {**batch(run["id"], "bad-" + uniq, **good), **overrides}
    err = error(api, "logBatch", request)
    assert err.code == 3 and err.status in (400, -1)  # -1: gRPC has no HTTP status
    assert message in err.message
    got = c.get(run["id"])
    for part in ("hyperparameters", "metrics", "tags", "observations"):
        assert part not in got
    assert got.get("version_number") == run.get("version_number")
    assert history(api, [run["id"]]) == []
    assert audit(api, run["id"]) == []
    if request["idempotency_key"] == "bad-" + uniq:  # the key was not consumed: the fixed batch applies
        assert log(api, run["id"], "bad-" + uniq, **good)


def test_the_run_must_be_live(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    assert error(api, "logBatch", batch(str(uuid.uuid4()), tags=["x"])).code == 5
    c.call("deleteExperimentRun", {"id": run["id"]})
    assert error(api, "logBatch", batch(run["id"], tags=["x"])).code == 5
    assert error(api, "logBatch", batch("", tags=["x"])).code == 3


def test_key_values_overwrite_and_the_last_duplicate_wins(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r", hyperparameters=[kv("lr", 0.1)], metrics=[kv("acc", 0.1)])
    log(api, run["id"], hyperparameters=[kv("lr", 0.2), kv("lr", 0.3)], metrics=[kv("acc", 0.9)])
    got = c.get(run["id"])
    assert got["hyperparameters"] == [{"key": "lr", "value": 0.3}]
    assert got["metrics"] == [{"key": "acc", "value": 0.9}]


def test_the_metric_is_the_latest_point_by_step(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    log(api, run["id"], metric_points=[point("loss", 5, 0.5), point("loss", 1, 0.1), point("loss", 3, 0.3)])
    assert metrics(c, run["id"])["loss"] == 0.5
    log(api, run["id"], metric_points=[point("loss", 2, 0.2)])  # an older step does not win
    assert metrics(c, run["id"])["loss"] == 0.5
    log(api, run["id"], metric_points=[point("loss", 5, 0.55)])  # a tie: the later point wins
    assert metrics(c, run["id"])["loss"] == 0.55
    log(api, run["id"], metric_points=[point("loss", 7, 0.7), point("loss", 7, 0.77), point("loss", 6, 0.6)])
    assert metrics(c, run["id"])["loss"] == 0.77
    # Points win over a plain metric of the same key in the same batch; other keys are left alone.
    log(api, run["id"], metrics=[kv("loss", 100), kv("acc", 1)], metric_points=[point("loss", 0, 0.0)])
    assert metrics(c, run["id"]) == {"loss": 0.77, "acc": 1}


def test_many_keys_in_one_batch(api: Api, uniq: str) -> None:
    """More keys than one latest-point statement takes (chunked) still give each key its latest point."""
    c = Ctx(api, uniq)
    run = c.create("r")
    points = [point(f"m{i:03d}", step, i + step / 10) for i in range(450) for step in (1, 0)]
    log(api, run["id"], metric_points=points)
    got = metrics(c, run["id"])
    assert len(got) == 450
    assert got["m000"] == 0.1 and got["m449"] == 449.1


def test_history_is_columnar_and_ordered(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    a, b, empty = c.create("a"), c.create("b"), c.create("empty")
    before = now_ms()
    log(api, a["id"], metric_points=[point("loss", 2, 0.2, 1000), point("acc", 1, 0.9), point("loss", 0, 1.0)])
    log(api, a["id"], metric_points=[point("loss", 1, 0.5), point("loss", 2, 0.25)])
    log(api, b["id"], metric_points=[point("loss", 0, 3.0)])
    series = history(api, [b["id"], a["id"], empty["id"]])
    assert [(s["run_id"], s["key"]) for s in series] == [(b["id"], "loss"), (a["id"], "acc"), (a["id"], "loss")]
    loss = series[2]
    assert loss["steps"] == ["0", "1", "2"]  # by step; step 2 logged again replaced its point
    assert loss["values"] == [1, 0.5, 0.25]
    assert all(int(t) >= before for t in loss["timestamps"])  # the replacement's timestamp, not 1000
    # Keys filter, in the order asked; a run without points has no series.
    series = history(api, [a["id"], empty["id"]], ["loss", "acc", "nothing"])
    assert [s["key"] for s in series] == ["loss", "acc"]
    assert history(api, [empty["id"]]) == []


def test_history_errors(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    assert error(api, "getMetricHistory", {"run_ids": []}).code == 3
    missing = str(uuid.uuid4())
    err = error(api, "getMetricHistory", {"run_ids": [run["id"], missing]})
    assert err.code == 5 and missing in err.message
    assert error(api, "getMetricHistory", {"run_ids": [run["id"]], "keys": [""]}).code == 3
    c.call("deleteExperimentRun", {"id": run["id"]})
    assert error(api, "getMetricHistory", {"run_ids": [run["id"]]}).code == 5


def test_history_read_is_not_audited(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    history(api, [run["id"]])
    assert audit(api, run["id"], "getMetricHistory") == []


def test_finds_and_sorts_use_the_latest_point(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    low, high = c.create("low"), c.create("high")
    # By value "low" has the larger maximum, but its latest point is the smaller one.
    log(api, low["id"], metric_points=[point("loss", 0, 9.0), point("loss", 10, 0.1)])
    log(api, high["id"], metric_points=[point("loss", 3, 0.9), point("loss", 1, 0.0)])
    pid = c.project["id"]
    found = c.call(
        "findExperimentRuns",
        {"project_id": pid, "predicates": [{"key": "metrics.loss", "value": 0.5, "operator": "LT"}]},
    )
    assert [r["name"] for r in found["experiment_runs"]] == ["low"]
    ordered = api.call(EXT, "queryRuns", {"project_id": pid, "order_by": ["-metrics.loss"], "query": ""})
    assert [r["name"] for r in ordered["experiment_runs"]] == ["high", "low"]


def test_observations_continue_their_epochs(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    c.call("logObservation", {"id": run["id"], "observation": {"attribute": kv("ep", 0)}})
    log(api, run["id"], observations=[{"attribute": kv("ep", 1)}, {"attribute": kv("ep", 2), "epoch_number": 10}])
    log(api, run["id"], observations=[{"attribute": kv("ep", 3)}])
    epochs = [o["epoch_number"] for o in c.get(run["id"])["observations"]]
    assert epochs == [0, 1, 10, 11]


# --- the REST fast paths give exactly what json_format gives ------------------------------------------------

PLAIN_POINTS = [
    {"key": "loss", "step": 0, "value": 0.5, "timestamp": "1700000000000"},
    {"key": "loss", "step": "-3", "value": 2, "timestamp": 5},
    {"key": "é", "value": 1e300},
    {},
]
ODD_POINTS = [
    [{"key": "loss", "value": "NaN"}],
    [{"key": "loss", "value": float("nan")}],
    [{"key": "loss", "value": float("inf")}],
    [{"key": "loss", "value": "1.5"}],
    [{"key": "loss", "step": "1.5"}],
    [{"key": "loss", "step": 1.0}],
    [{"key": "loss", "step": "007"}],
    [{"key": "loss", "step": 2**63}],
    [{"key": "loss", "value": 10**400}],
    [{"key": "loss", "extra": 1}],
    [{"key": 5}],
    ["not a point"],
    "not a list",
]


def _parse_both(body: dict[str, Any]) -> tuple[Any, Any]:
    """(fast-path result, json_format result): the message or the exception type's family."""
    import json

    from google.protobuf import json_format

    from modeldb_backend.errors import InvalidArgument
    from modeldb_backend.pb.ext import extension_pb2 as pb
    from modeldb_backend.transport.codec import parse_json_body

    fast: Any = pb.LogBatch()
    try:
        parse_json_body(json.dumps(body).encode(), fast)
    except InvalidArgument:
        fast = "error"
    except Exception as exc:
        fast = type(exc).__name__
    slow: Any = pb.LogBatch()
    try:
        json_format.ParseDict(body, slow, ignore_unknown_fields=True)
    except (json_format.ParseError, OverflowError):  # the gateway answers 400 for both (huge numbers overflow)
        slow = "error"
    except Exception as exc:
        slow = type(exc).__name__
    return fast, slow


@pytest.mark.parametrize("points", [PLAIN_POINTS, *ODD_POINTS])
@pytest.mark.parametrize("name", ["metric_points", "metricPoints"])
def test_fast_batch_parsing_matches_json_format(points: Any, name: str) -> None:
    body = {"run_id": "r", "idempotencyKey": "k", "tags": ["t"], "metrics": [kv("m", {"a": 1})], name: points}
    fast, slow = _parse_both(body)
    assert fast == slow


@pytest.mark.parametrize("value", [True, None])
def test_batch_parsing_refuses_what_json_format_would_turn_into_numbers(value: Any) -> None:
    """json_format reads `true` as 1.0 and `null` as 0.0; the gateway refuses both for a metric point."""
    fast, slow = _parse_both({"run_id": "r", "metric_points": [{"key": "loss", "value": value}]})
    assert fast == "error"
    assert slow != "error"


def test_fast_batch_parsing_leaves_bad_requests_to_json_format() -> None:
    both_names = {"metric_points": PLAIN_POINTS[:1], "metricPoints": PLAIN_POINTS[1:]}
    fast, slow = _parse_both(both_names)
    assert fast == slow
    assert _parse_both({"tags": 5, "metric_points": PLAIN_POINTS}) == ("error", "error")


def test_fast_history_rendering_matches_json_format() -> None:
    from google.protobuf import json_format

    from modeldb_backend.jsonutil import integral_floats_as_ints
    from modeldb_backend.pb.ext import extension_pb2 as pb
    from modeldb_backend.transport.codec import message_to_json

    values = [3.0, 0.1, -0.0, 1e300, 2.0**53, 2.0**53 - 1, -7.5, float("nan"), float("inf"), float("-inf")]
    response = pb.GetMetricHistory.Response(
        series=[
            pb.MetricSeries(run_id="r", key="k", steps=range(len(values)), values=values, timestamps=[0] * 10),
            pb.MetricSeries(run_id="r2"),
            pb.MetricSeries(key="only", steps=[2**62], values=[1], timestamps=[-1]),
        ]
    )
    for message in (response, pb.GetMetricHistory.Response()):
        slow = integral_floats_as_ints(json_format.MessageToDict(message, preserving_proto_field_name=True))
        assert message_to_json(message) == slow
        assert repr(message_to_json(message)) == repr(slow)  # same types too (3 vs 3.0, "NaN")


def test_one_run_history_equals_its_part_of_a_many_runs_answer(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    a, b = c.create("a"), c.create("b")
    log(api, a["id"], metric_points=[point("loss", 5, 0.5, 7), point("acc", 1, 0.9), point("loss", 0, 1.0)])
    log(api, a["id"], metric_points=[point("loss", 5, 0.25, 8), point("loss", -1, 0.1), point("b", 0, 2.0)])
    log(api, b["id"], metric_points=[point("loss", 0, 3.0)])
    one = history(api, [a["id"]])  # one run: read key by key in step order
    assert one == [s for s in history(api, [a["id"], b["id"]]) if s["run_id"] == a["id"]]
    assert [s["key"] for s in one] == ["acc", "b", "loss"]
    assert one[2]["steps"] == ["0", "5", "6"] and one[2]["values"] == [1, 0.25, 0.1]
    assert [s["key"] for s in history(api, [a["id"]], ["loss", "nothing", "acc"])] == ["loss", "acc"]


def test_one_run_with_many_keys_is_read_set_based_and_alike(api: Api, uniq: str) -> None:
    """Over PER_KEY_READS keys (asked for or stored) one run is read like many runs, not a query per key."""
    from modeldb_backend.services.ext.series import PER_KEY_READS

    c = Ctx(api, uniq)
    a, b = c.create("a"), c.create("b")
    keys = [f"k{i:03d}" for i in range(PER_KEY_READS + 6)]
    log(api, a["id"], metric_points=[point(k, s, i + s / 10) for i, k in enumerate(keys) for s in (1, 0)])
    log(api, b["id"], metric_points=[point("k000", 0, 3.0)])
    one = history(api, [a["id"]])
    assert one == [s for s in history(api, [a["id"], b["id"]]) if s["run_id"] == a["id"]]
    assert [s["key"] for s in one] == keys and one[3]["steps"] == ["0", "1"]
    asked = [*reversed(keys), *(f"nope{i}" for i in range(PER_KEY_READS))]
    assert [s["key"] for s in history(api, [a["id"]], asked)] == list(reversed(keys))
