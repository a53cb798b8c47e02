"""Enum values in JSON bodies through the real REST gateway: unknown names are a 400, never silently dropped.

Unknown *fields* stay ignored (ModelDB's client may send fields this server does not know), and enums given
as integers (what ModelDB's client sends) or as decimal strings stay accepted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread

PREFIX = "/api/v1/modeldb"


@pytest.fixture
def rest(server: ServerThread) -> Iterator[Api]:
    assert server.server is not None
    client = Api(server.server.backend, server.http_url, "", "rest")
    yield client
    client.close()


@pytest.fixture
def c(rest: Api, uniq: str) -> Ctx:
    return Ctx(rest, uniq)


def post(api: Api, path: str, body: Any) -> requests.Response:
    return requests.post(api.http_url + PREFIX + path, data=json.dumps(body), timeout=10)


def find(api: Api, c: Ctx, *predicates: dict[str, Any]) -> requests.Response:
    return post(api, "/experiment-run/findExperimentRuns", {"project_id": c.project["id"], "predicates": predicates})


def found_names(resp: requests.Response) -> set[str]:
    assert resp.status_code == 200, resp.text
    return {r["name"] for r in resp.json().get("experiment_runs", [])}


def assert_400(resp: requests.Response, *fragments: str) -> str:
    assert resp.status_code == 400, resp.text
    body = resp.json()
    assert body["code"] == 3 and body["message"] == body["error"]
    for fragment in fragments:
        assert fragment in body["message"]
    return str(body["message"])


@pytest.fixture
def runs(c: Ctx) -> Ctx:
    c.create("low", metrics=[{"key": "acc", "value": 0.2}])
    c.create("high", metrics=[{"key": "acc", "value": 0.9}])
    return c


def test_unknown_operator_name_is_400(rest: Api, runs: Ctx) -> None:
    resp = find(rest, runs, {"key": "metrics.acc", "value": 0.5, "operator": "NOPE"})
    message = assert_400(resp, "'NOPE'", "predicates[0].operator", "GTE (3)", "NOT_IN (9)")
    assert message.startswith("invalid value 'NOPE' for field 'predicates[0].operator': use one of EQ (0), NE (1)")


def test_unknown_value_type_name_is_400(rest: Api, runs: Ctx) -> None:
    good = {"key": "metrics.acc", "value": 0.5, "operator": "GT"}
    resp = find(rest, runs, good, {**good, "value_type": "BOGUS"})
    assert_400(resp, "'BOGUS'", "predicates[1].value_type", "STRING (0), NUMBER (1), LIST (2), BLOB (3)")
    resp = find(rest, runs, {**good, "valueType": "BOGUS"})  # lowerCamel names are checked too
    assert_400(resp, "'BOGUS'", "value_type")


def test_unknown_artifact_type_is_400_and_nothing_is_logged(rest: Api, c: Ctx) -> None:
    run = c.create("r")
    artifact = {"key": "model", "path": "m.pkl", "path_only": True, "artifact_type": "XYZ"}
    resp = post(rest, "/experiment-run/logArtifact", {"id": run["id"], "artifact": artifact})
    assert_400(resp, "'XYZ'", "artifact.artifact_type", "MODEL (1)", "CONTAINER (7)")
    create = {"project_id": c.project["id"], "experiment_id": c.experiment["id"], "name": "r2"}
    resp = post(rest, "/experiment-run/createExperimentRun", {**create, "artifacts": [{"key": "a"}, artifact]})
    assert_400(resp, "artifacts[1].artifact_type")
    assert "artifacts" not in c.get(run["id"])
    got = requests.get(
        rest.http_url + PREFIX + "/experiment-run/getExperimentRunByName",
        params={"name": "r2", "experiment_id": c.experiment["id"]},
        timeout=10,
    )
    assert got.status_code == 404  # the run with the bad artifact was not created


@pytest.mark.parametrize("operator", ["GT", 2, "2"], ids=["name", "integer", "decimal-string"])
def test_known_names_integers_and_decimal_strings_are_accepted(rest: Api, runs: Ctx, operator: Any) -> None:
    resp = find(rest, runs, {"key": "metrics.acc", "value": 0.5, "operator": operator, "value_type": 1})
    assert found_names(resp) == {"high"}


def test_unknown_fields_are_still_ignored(rest: Api, runs: Ctx) -> None:
    """ModelDB's client may send fields this server does not know, at any depth."""
    predicate = {"key": "metrics.acc", "value": 0.5, "operator": 2, "value_type": 0, "future_field": "NOPE"}
    body = {"project_id": runs.project["id"], "predicates": [predicate], "another_future_field": {"x": "BOGUS"}}
    assert found_names(post(rest, "/experiment-run/findExperimentRuns", body)) == {"high"}


def test_enum_names_inside_free_form_values_are_not_enums(rest: Api, c: Ctx) -> None:
    """A metric value or attribute that happens to read like an enum name is data, not an enum."""
    run = c.create("r")
    attribute = {"key": "operator", "value": {"operator": "NOPE", "artifact_type": "XYZ"}}
    resp = post(rest, "/experiment-run/logAttribute", {"id": run["id"], "attribute": attribute})
    assert resp.status_code == 200, resp.text
    assert c.get(run["id"])["attributes"] == [attribute]


@pytest.mark.parametrize(
    ("service", "rpc", "request_of"),
    [
        ("ProjectService", "createProject", lambda uniq, run_id: {"name": f"p-{uniq}", "project_visibility": -21426}),
        (
            "ExperimentRunService",
            "logHyperparameter",
            lambda uniq, run_id: {"id": run_id, "hyperparameter": {"key": "k", "value": 1, "value_type": -5}},
        ),
        (
            "ExperimentRunService",
            "logHyperparameters",
            lambda uniq, run_id: {
                "id": run_id,
                "hyperparameters": [{"key": f"k{i}", "value": i, "value_type": 99} for i in range(3)],
            },
        ),
    ],
    ids=["project-visibility", "value-type", "value-type-in-a-list"],
)
def test_enum_numbers_that_do_not_exist_are_400_over_rest_and_grpc(
    api: Api, uniq: str, service: str, rpc: str, request_of: Any
) -> None:
    """proto3 decoders keep any number; stored, it came back as a bare number no client can read (found by the
    fuzz). REST (JSON number) and gRPC (binary) go through the same request validation."""
    run_id = Ctx(api, uniq).create("r")["id"]
    with pytest.raises(ApiError) as err:
        api.call(service, rpc, request_of(uniq, run_id))
    assert err.value.code == 3, err.value
    assert "is not a value of" in str(err.value)
    stored = api.call("ExperimentRunService", "getHyperparameters", {"id": run_id})
    assert stored.get("hyperparameters", []) == []
