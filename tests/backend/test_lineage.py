"""LineageService: input -> output edges between runs and dataset versions, over REST and gRPC on both
databases: every refusal and its message, idempotent adds, batches in request order, deletes."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx
from tests.servers import ServerThread

L, RUNS_SERVICE = "LineageService", "ExperimentRunService"
RUN, DV = "EXPERIMENT_RUN", "DATASET_VERSION"


def run_entry(run_id: str) -> dict[str, Any]:
    return {"type": RUN, "external_id": run_id}


def dv_entry(version_id: str) -> dict[str, Any]:
    return {"type": DV, "external_id": version_id}


def _error(api: Api, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(L, rpc, request)
    return info.value


def _refused(api: Api, rpc: str, request: dict[str, Any], message: str) -> None:
    err = _error(api, rpc, request)
    assert err.code == 3 and err.message.startswith(message), err.message


def _batches(response: dict[str, Any], field: str) -> list[list[tuple[str, str]]]:
    return [[(e["type"], e["external_id"]) for e in b.get("items", [])] for b in response.get(field, [])]


def test_add_find_and_delete(api: Api, uniq: str) -> None:
    ctx = Ctx(api, uniq)
    train, test = ctx.dataset_version(), ctx.dataset_version()
    run = ctx.create("r")["id"]
    model = ctx.dataset_version()
    add = {"input": [dv_entry(train), dv_entry(test)], "output": [run_entry(run)]}
    assert api.call(L, "addLineage", add) == {"status": True}
    assert api.call(L, "addLineage", add) == {"status": True}  # idempotent: the same edges once
    assert api.call(L, "addLineage", {"input": [run_entry(run)], "output": [dv_entry(model)]}) == {"status": True}

    ins = api.call(L, "findAllInputs", {"items": [run_entry(run), dv_entry(train), run_entry(run)]})
    assert _batches(ins, "inputs") == [sorted([(DV, train), (DV, test)]), [], sorted([(DV, train), (DV, test)])]
    outs = api.call(L, "findAllOutputs", {"items": [dv_entry(test), run_entry(run)]})
    assert _batches(outs, "outputs") == [[(RUN, run)], [(DV, model)]]
    both = api.call(L, "findAllInputsOutputs", {"items": [run_entry(run), dv_entry(model)]})
    assert _batches(both, "inputs") == [sorted([(DV, train), (DV, test)]), [(RUN, run)]]
    assert _batches(both, "outputs") == [[(DV, model)], []]

    # Deleting removes only the named pairs; a pair that is not there is ignored.
    gone = {"input": [dv_entry(train), dv_entry(model)], "output": [run_entry(run)]}
    assert api.call(L, "deleteLineage", gone) == {"status": True}
    ins = api.call(L, "findAllInputs", {"items": [run_entry(run)]})
    assert _batches(ins, "inputs") == [[(DV, test)]]


def test_type_is_part_of_the_entry(api: Api, uniq: str) -> None:
    """The same id as a run and as a dataset version are two entries."""
    ctx = Ctx(api, uniq)
    run, version = ctx.create("r")["id"], ctx.dataset_version()
    api.call(L, "addLineage", {"input": [dv_entry(version)], "output": [run_entry(run)]})
    found = api.call(L, "findAllInputs", {"items": [dv_entry(run), run_entry(run)]})
    assert _batches(found, "inputs") == [[], [(DV, version)]]


def test_add_needs_live_entities(api: Api, uniq: str) -> None:
    ctx = Ctx(api, uniq)
    run, version = ctx.create("r")["id"], ctx.dataset_version()
    missing = "External resource with a specified id does not exists"
    _refused(api, "addLineage", {"input": [dv_entry(f"nope-{uniq}")], "output": [run_entry(run)]}, missing)
    _refused(api, "addLineage", {"input": [dv_entry(version)], "output": [run_entry(f"nope-{uniq}")]}, missing)
    # A run id is not a dataset version id, nor the reverse.
    _refused(api, "addLineage", {"input": [dv_entry(run)], "output": [run_entry(run)]}, missing)
    _refused(api, "addLineage", {"input": [dv_entry(version)], "output": [run_entry(version)]}, missing)
    # Nothing of a refused request is written.
    assert _batches(api.call(L, "findAllInputs", {"items": [run_entry(run)]}), "inputs") == [[]]
    api.call(L, "addLineage", {"input": [dv_entry(version)], "output": [run_entry(run)]})
    api.call(RUNS_SERVICE, "deleteExperimentRun", {"id": run})
    _refused(api, "addLineage", {"input": [dv_entry(version)], "output": [run_entry(run)]}, missing)
    # The edges of a deleted run stay readable and removable (existence is checked on add only).
    assert _batches(api.call(L, "findAllInputs", {"items": [run_entry(run)]}), "inputs") == [[(DV, version)]]
    assert api.call(L, "deleteLineage", {"input": [dv_entry(version)], "output": [run_entry(run)]})["status"]
    assert _batches(api.call(L, "findAllInputs", {"items": [run_entry(run)]}), "inputs") == [[]]


@pytest.mark.parametrize("rpc", ["addLineage", "deleteLineage"])
def test_edge_requests_refused(api: Api, uniq: str, rpc: str) -> None:
    ok = run_entry(f"x-{uniq}")
    _refused(api, rpc, {}, "Input and output not specified")
    _refused(api, rpc, {"output": [ok]}, "Input not specified")
    _refused(api, rpc, {"input": [ok]}, "Output not specified")
    _refused(api, rpc, {"input": [{"type": "UNKNOWN", "external_id": "a"}], "output": [ok]}, "Unknown lineage type")
    _refused(api, rpc, {"input": [ok], "output": [{"type": RUN, "external_id": ""}]}, "External id is empty")
    _refused(api, rpc, {"input": [ok], "output": [{"type": RUN}]}, "External id is empty")
    long_id = "x" * 257
    _refused(api, rpc, {"input": [ok], "output": [run_entry(long_id)]}, "External id is 257 characters long")
    twice = [run_entry(f"a-{uniq}"), dv_entry(f"a-{uniq}")]  # the id is what must be unique in a list
    _refused(api, rpc, {"input": twice, "output": [ok]}, "Non-unique resource ids in a requests")
    _refused(api, rpc, {"input": [ok], "output": twice}, "Non-unique resource ids in a requests")
    many = [run_entry(f"{i}-{uniq}") for i in range(101)]
    _refused(api, rpc, {"input": many, "output": many[:100]}, "101 inputs x 100 outputs make 10100 edges")


@pytest.mark.parametrize("rpc", ["findAllInputs", "findAllOutputs", "findAllInputsOutputs"])
def test_find_requests_refused(api: Api, uniq: str, rpc: str) -> None:
    _refused(api, rpc, {}, "Items not specified")
    _refused(api, rpc, {"items": [{"type": "UNKNOWN", "external_id": "a"}]}, "Unknown lineage type")
    _refused(api, rpc, {"items": [{"type": DV, "external_id": ""}]}, "External id is empty")
    _refused(api, rpc, {"items": [run_entry(str(i)) for i in range(10_001)]}, "items has 10001 entries")


def test_many_edges_in_one_request(api: Api, uniq: str) -> None:
    """A request of many pairs is written and read set-based, in request order."""
    ctx = Ctx(api, uniq)
    versions = [ctx.dataset_version() for _ in range(3)]
    runs = [ctx.create(f"r{i}")["id"] for i in range(40)]
    add = {"input": [dv_entry(v) for v in versions], "output": [run_entry(r) for r in runs]}
    assert api.call(L, "addLineage", add) == {"status": True}
    found = api.call(L, "findAllInputs", {"items": [run_entry(r) for r in reversed(runs)]})
    assert _batches(found, "inputs") == [sorted((DV, v) for v in versions)] * len(runs)
    outs = api.call(L, "findAllOutputs", {"items": [dv_entry(versions[1])]})
    assert _batches(outs, "outputs") == [sorted((RUN, r) for r in runs)]


def test_concurrent_identical_adds_all_succeed(api: Api, server: ServerThread, uniq: str) -> None:
    """Adding is idempotent under a race too: the database settles duplicate edges, no 409."""
    ctx = Ctx(api, uniq)
    run, versions = ctx.create("r")["id"], [ctx.dataset_version() for _ in range(3)]
    add = {"input": [dv_entry(v) for v in versions], "output": [run_entry(run)]}

    def once(_: int) -> dict[str, Any]:
        client = Api(server.server.backend, server.http_url, server.grpc_target, api.transport)  # type: ignore[union-attr]
        try:
            return client.call(L, "addLineage", add)
        finally:
            client.close()

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(once, range(6))) == [{"status": True}] * 6
    found = api.call(L, "findAllInputs", {"items": [run_entry(run)]})
    assert _batches(found, "inputs") == [sorted((DV, v) for v in versions)]
