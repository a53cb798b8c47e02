"""ExperimentRunService metadata: tags, metrics, hyperparameters, attributes and observations."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend.runs_support import Ctx, kv, now_ms


@pytest.fixture
def c(api: Api, uniq: str) -> Ctx:
    return Ctx(api, uniq)


# --- tags ---------------------------------------------------------------------------------------------


def test_tags(c: Ctx) -> None:
    run = c.create("tags")
    added = c.call("addExperimentRunTags", {"id": run["id"], "tags": ["b", "a", "b"]})["experiment_run"]
    assert added["tags"] == ["a", "b"] and added["version_number"] == "2"
    assert c.call("addExperimentRunTags", {"id": run["id"], "tags": ["a", "c"]})["experiment_run"]["tags"] == [
        "a",
        "b",
        "c",
    ]
    assert c.call("addExperimentRunTag", {"id": run["id"], "tag": "d"})["experiment_run"]["tags"] == [
        "a",
        "b",
        "c",
        "d",
    ]
    assert c.call("getExperimentRunTags", {"id": run["id"]}) == {"tags": ["a", "b", "c", "d"]}
    left = c.call("deleteExperimentRunTag", {"id": run["id"], "tag": "a"})["experiment_run"]["tags"]
    assert left == ["b", "c", "d"]
    left = c.call("deleteExperimentRunTags", {"id": run["id"], "tags": ["b", "zz"]})["experiment_run"]["tags"]
    assert left == ["c", "d"]
    cleared = c.call("deleteExperimentRunTags", {"id": run["id"], "delete_all": True})["experiment_run"]
    assert "tags" not in cleared
    assert c.call("getExperimentRunTags", {"id": run["id"]}) == {}


def test_tag_errors(c: Ctx) -> None:
    run = c.create("tag-errors", tags=["keep"])
    assert c.error("addExperimentRunTags", {"id": run["id"], "tags": ["ok", ""]}).code == 3
    assert c.error("addExperimentRunTag", {"id": run["id"], "tag": ""}).code == 3
    assert c.error("addExperimentRunTag", {"id": run["id"], "tag": "x" * 300}).code == 3
    assert c.call("getExperimentRunTags", {"id": run["id"]}) == {"tags": ["keep"]}
    assert c.get(run["id"])["version_number"] == "1"
    assert c.error("addExperimentRunTag", {"id": "nope", "tag": "x"}).code == 5
    assert c.error("getExperimentRunTags", {"id": "nope"}).code == 5
    assert c.error("getExperimentRunTags", {}).code == 3


# --- metrics, hyperparameters, attributes -------------------------------------------------------------

# (single log RPC, its field, batch log RPC, its field, get RPC, response field, delete RPC, its keys field)
KINDS = {
    "metrics": (
        "logMetric",
        "metric",
        "logMetrics",
        "metrics",
        "getMetrics",
        "metrics",
        "deleteMetrics",
        "metric_keys",
    ),
    "hyperparameters": (
        "logHyperparameter",
        "hyperparameter",
        "logHyperparameters",
        "hyperparameters",
        "getHyperparameters",
        "hyperparameters",
        "deleteHyperparameters",
        "hyperparameter_keys",
    ),
    "attributes": (
        "logAttribute",
        "attribute",
        "logAttributes",
        "attributes",
        "getExperimentRunAttributes",
        "attributes",
        "deleteExperimentRunAttributes",
        "attribute_keys",
    ),
}


class KeyValues:
    def __init__(self, c: Ctx, kind: str, run_id: str) -> None:
        self.c, self.kind, self.run_id = c, kind, run_id
        (self.one, self.one_field, self.many, self.many_field, self.getter, self.out, self.deleter, self.keys) = KINDS[
            kind
        ]

    def log(self, key: str, value: Any) -> dict[str, Any]:
        return self.c.call(self.one, {"id": self.run_id, self.one_field: kv(key, value)})

    def log_many(self, items: list[dict[str, Any]]) -> dict[str, Any]:
        return self.c.call(self.many, {"id": self.run_id, self.many_field: items})

    def get(self) -> list[dict[str, Any]]:
        return self.c.call(self.getter, {"id": self.run_id}).get(self.out, [])

    def on_run(self) -> list[dict[str, Any]]:
        return self.c.get(self.run_id).get(self.kind, [])


@pytest.fixture(params=sorted(KINDS))
def kvs(request: pytest.FixtureRequest, c: Ctx) -> KeyValues:
    return KeyValues(c, request.param, c.create(f"kv-{request.param}")["id"])


def test_log_get_and_sort(kvs: KeyValues) -> None:
    assert kvs.log("b", 2) == {}
    assert kvs.log_many([kv("c", 3), kv("a", 1)]) == {}
    assert kvs.get() == [kv("a", 1), kv("b", 2), kv("c", 3)]
    assert kvs.on_run() == kvs.get()
    assert kvs.c.get(kvs.run_id)["version_number"] == "3"


def test_conflicting_batch_stores_nothing(kvs: KeyValues) -> None:
    kvs.log("x", 1)
    err = kvs.c.error(kvs.many, {"id": kvs.run_id, kvs.many_field: [kv("new", 1), kv("x", 2)]})
    assert (err.code, err.message) == (6, "Key x already exists")
    err = kvs.c.error(kvs.one, {"id": kvs.run_id, kvs.one_field: kv("x", 5)})
    assert err.code == 6
    assert kvs.get() == [kv("x", 1)]
    assert kvs.c.get(kvs.run_id)["version_number"] == "2"


def test_bad_batches_store_nothing(kvs: KeyValues) -> None:
    err = kvs.c.error(kvs.many, {"id": kvs.run_id, kvs.many_field: [kv("d", 1), kv("e", 1), kv("d", 2)]})
    assert (err.code, err.message) == (3, "Multiple key d found in request")
    err = kvs.c.error(kvs.many, {"id": kvs.run_id, kvs.many_field: [kv("ok", 1), kv("", 1)]})
    assert err.code == 3
    assert kvs.c.error(kvs.one, {"id": kvs.run_id, kvs.one_field: kv("", 1)}).code == 3
    assert kvs.c.error(kvs.one, {"id": kvs.run_id}).code == 3
    err = kvs.c.error(kvs.many, {"id": kvs.run_id, kvs.many_field: [kv("ok", 1), kv("big", "x" * 70_000)]})
    assert err.code == 3 and "limit" in err.message
    assert kvs.get() == []
    assert kvs.c.error(kvs.one, {"id": "nope", kvs.one_field: kv("k", 1)}).code == 5
    assert kvs.c.error(kvs.getter, {"id": "nope"}).code == 5
    assert kvs.c.error(kvs.one, {kvs.one_field: kv("k", 1)}).code == 3


def test_delete_keys_and_all(kvs: KeyValues) -> None:
    kvs.log_many([kv("a", 1), kv("b", 2), kv("c", 3)])
    assert kvs.c.call(kvs.deleter, {"id": kvs.run_id, kvs.keys: ["a", "missing"]}) == {}
    assert kvs.get() == [kv("b", 2), kv("c", 3)]
    kvs.c.call(kvs.deleter, {"id": kvs.run_id, kvs.keys: []})  # nothing named: nothing deleted
    assert len(kvs.get()) == 2
    kvs.c.call(kvs.deleter, {"id": kvs.run_id, "delete_all": True})
    assert kvs.get() == []
    kvs.log("a", "again")  # the client's overwrite: delete, then log
    assert kvs.get() == [kv("a", "again")]
    assert kvs.c.error(kvs.deleter, {"id": "nope", "delete_all": True}).code == 5


VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -7,
    2**53,
    0.1,
    -1.5e-12,
    1e300,
    "",
    'text with ünïcödé ✓ and "quotes" and \\ backslash',
    "0.5",
    "control \x01\n\t characters",
    [],
    [1, "two", None, False, [3.5, {"k": "v"}]],
    {},
    {"nested": {"list": [1, 2, {"deep": None}], "flag": True}, "": "empty key"},
]


def test_values_round_trip(kvs: KeyValues) -> None:
    items = [kv(f"k{i:02d}", v) for i, v in enumerate(VALUES)]
    kvs.log_many(items)
    assert kvs.get() == items
    assert kvs.on_run() == items


def test_attribute_selection(c: Ctx) -> None:
    run = c.create("attrs", attributes=[kv("a", 1), kv("b", 2), kv("c", 3)])
    get = "getExperimentRunAttributes"
    assert c.call(get, {"id": run["id"], "attribute_keys": ["c", "a", "zz"]}) == {
        "attributes": [kv("a", 1), kv("c", 3)]
    }
    assert c.call(get, {"id": run["id"], "get_all": True})["attributes"] == [kv("a", 1), kv("b", 2), kv("c", 3)]
    assert len(c.call(get, {"id": run["id"]})["attributes"]) == 3
    assert c.call(get, {"id": run["id"], "attribute_keys": ["a"], "get_all": True})["attributes"][2] == kv("c", 3)
    assert c.call("addExperimentRunAttributes", {"id": run["id"], "attributes": [kv("d", [1])]}) == {}
    assert c.call(get, {"id": run["id"], "attribute_keys": ["d"]}) == {"attributes": [kv("d", [1])]}
    err = c.error("addExperimentRunAttributes", {"id": run["id"], "attributes": [kv("e", 1), kv("a", 1)]})
    assert err.code == 6
    assert c.call(get, {"id": run["id"], "attribute_keys": ["e"]}) == {}


def test_value_type_is_kept(c: Ctx) -> None:
    run = c.create("vt")
    c.call("logMetric", {"id": run["id"], "metric": {"key": "m", "value": 1, "value_type": "NUMBER"}})
    assert c.call("getMetrics", {"id": run["id"]})["metrics"] == [{"key": "m", "value": 1, "value_type": "NUMBER"}]


# --- observations -------------------------------------------------------------------------------------


def obs(key: str, value: Any, **extra: Any) -> dict[str, Any]:
    return {"attribute": kv(key, value), **extra}


def epochs(c: Ctx, run_id: str, key: str) -> list[Any]:
    return [
        o["epoch_number"] for o in c.call("getObservations", {"id": run_id, "observation_key": key})["observations"]
    ]


def test_observation_epochs(c: Ctx) -> None:
    run = c.create("epochs")
    for value in (0.5, 0.4, 0.3):
        assert c.call("logObservation", {"id": run["id"], "observation": obs("loss", value)}) == {}
    assert epochs(c, run["id"], "loss") == [0, 1, 2]
    c.call("logObservation", {"id": run["id"], "observation": obs("loss", 0.2, epoch_number=1)})
    c.call("logObservation", {"id": run["id"], "observation": obs("loss", 0.1, epoch_number=1)})
    c.call("logObservation", {"id": run["id"], "observation": obs("loss", 0.0)})
    assert epochs(c, run["id"], "loss") == [0, 1, 2, 1, 1, 3]
    c.call("logObservation", {"id": run["id"], "observation": obs("acc", 1, epoch_number=10)})
    c.call("logObservations", {"id": run["id"], "observations": [obs("acc", 2), obs("acc", 3), obs("new", 1)]})
    assert epochs(c, run["id"], "acc") == [10, 11, 12]
    assert epochs(c, run["id"], "new") == [0]
    assert c.get(run["id"])["version_number"] == "9"


def test_concurrent_observations_get_distinct_epochs(c: Ctx) -> None:
    """Concurrent writers of one run are serialised, so automatic epochs never repeat and no update is lost."""
    run = c.create("obs-concurrent")

    def log(i: int) -> None:
        c.call("logObservation", {"id": run["id"], "observation": obs("step", i)})

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(log, range(24)))
    assert sorted(epochs(c, run["id"], "step")) == list(range(24))
    assert c.get(run["id"])["version_number"] == "25"


def test_get_observations_shape_and_order(c: Ctx) -> None:
    run = c.create("obs-shape")
    before = now_ms()
    c.call("logObservation", {"id": run["id"], "observation": obs("v", "first")})
    after = now_ms()
    c.call("logObservation", {"id": run["id"], "observation": obs("other", 1)})
    c.call("logObservation", {"id": run["id"], "observation": obs("v", {"second": [1]}, timestamp="1234")})
    got = c.call("getObservations", {"id": run["id"], "observation_key": "v"})["observations"]
    # As ModelDB main: no timestamp in this response, epoch always present.
    assert got == [
        {"attribute": kv("v", "first"), "epoch_number": 0},
        {"attribute": kv("v", {"second": [1]}), "epoch_number": 1},
    ]
    embedded = c.get(run["id"])["observations"]
    assert [o["attribute"]["key"] for o in embedded] == ["v", "other", "v"]
    assert before <= int(embedded[0]["timestamp"]) <= after
    assert embedded[2]["timestamp"] == "1234"
    assert c.call("getObservations", {"id": run["id"], "observation_key": "missing"}) == {}
    assert c.error("getObservations", {"id": run["id"]}).code == 3
    assert c.error("getObservations", {"id": "nope", "observation_key": "v"}).code == 5


def test_observation_errors_store_nothing(c: Ctx) -> None:
    run = c.create("obs-errors")
    bad_epoch = [obs("k", 1), obs("k", 2, epoch_number="three")]
    err = c.error("logObservations", {"id": run["id"], "observations": bad_epoch})
    assert err.code == 3 and "epoch_number" in err.message
    assert c.error("logObservation", {"id": run["id"], "observation": obs("", 1)}).code == 3
    assert c.error("logObservation", {"id": run["id"], "observation": {"timestamp": "5"}}).code == 3
    assert c.error("logObservation", {"id": run["id"]}).code == 3
    assert c.error("logObservation", {"id": "nope", "observation": obs("k", 1)}).code == 5
    assert "observations" not in c.get(run["id"])
    assert c.get(run["id"])["version_number"] == "1"


def test_artifact_observation(c: Ctx) -> None:
    run = c.create("obs-artifact")
    artifact = {"key": "img", "path": "p/img.png", "artifact_type": "IMAGE", "filename_extension": "png"}
    c.call("logObservation", {"id": run["id"], "observation": {"artifact": artifact, "timestamp": "99"}})
    c.call("logObservation", {"id": run["id"], "observation": {"artifact": artifact}})
    [first, second] = c.get(run["id"])["observations"]
    assert first["artifact"]["key"] == "img" and first["artifact"]["path"] == "p/img.png"
    assert first["timestamp"] == "99" and first["epoch_number"] == 0
    assert second["epoch_number"] == 1


def test_delete_observations(c: Ctx) -> None:
    run = c.create("obs-delete")
    c.call("logObservations", {"id": run["id"], "observations": [obs("a", 1), obs("b", 1), obs("c", 1)]})
    c.call("deleteObservations", {"id": run["id"], "observation_keys": ["a", "b"]})
    assert [o["attribute"]["key"] for o in c.get(run["id"])["observations"]] == ["c"]
    c.call("logObservation", {"id": run["id"], "observation": obs("a", 1)})
    assert epochs(c, run["id"], "a") == [0]  # epochs restart once a key's history is deleted
    c.call("deleteObservations", {"id": run["id"], "observation_keys": []})
    assert len(c.get(run["id"])["observations"]) == 2
    c.call("deleteObservations", {"id": run["id"], "delete_all": True})
    assert "observations" not in c.get(run["id"])
    assert c.error("deleteObservations", {"id": "nope", "delete_all": True}).code == 5
