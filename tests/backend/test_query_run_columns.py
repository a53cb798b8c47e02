"""ExtensionService.queryRunColumns (through REST and gRPC, on SQLite and PostgreSQL): typed columns per key,
the same scope/query/order/paging as queryRuns, lifecycle columns, clear 400s; and its fast JSON encoding."""

from __future__ import annotations

import math
import time
from typing import Any

import pytest
from google.protobuf import json_format

from modeldb_backend.pb.ext import extension_pb2 as pb
from modeldb_backend.services.ext.columns import grouped_rows
from modeldb_backend.store import models as m
from modeldb_backend.transport.fast_json import columns_to_json
from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx, kv

EXT = "ExtensionService"


def columns(c: Ctx, **fields: Any) -> pb.QueryRunColumns.Response:
    """The answer, read back with json_format: the fast JSON must be what a generic gateway client can parse."""
    answer = c.api.call(EXT, "queryRunColumns", {"experiment_id": c.experiment["id"], **fields})
    return json_format.ParseDict(answer, pb.QueryRunColumns.Response())


def cells(response: pb.QueryRunColumns.Response) -> dict[str, tuple[str, dict[str, Any]]]:
    """{field.key: (kind name, {run name: value})}."""
    names = list(response.names)
    out = {}
    for col in response.key_columns:
        kind = pb.ColumnKind.Name(col.kind)
        values = {"COLUMN_BOOL": col.bools, "COLUMN_STRING": col.strings, "COLUMN_JSON": col.strings}.get(
            kind, col.doubles
        )
        out[f"{col.field}.{col.key}"] = (kind, {names[r]: v for r, v in zip(col.rows, values, strict=True)})
    return out


def test_value_kinds(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    big = 2**60
    c.create(
        "a",
        hyperparameters=[kv("i", 3), kv("f", 0.5), kv("b", True), kv("s", "x"), kv("mix", 1), kv("l", [1, 2.5])],
        metrics=[kv("acc", 0.9), kv("n", None)],
        attributes=[kv("größe", "é"), kv("big", big), kv("d", {"k": [1, "v"]})],
        tags=["t2", "t1"],
    )
    c.create("b", hyperparameters=[kv("i", -7), kv("f", 2), kv("b", False), kv("mix", "one")], tags=["z"])
    c.create("c")
    response = columns(c, order_by=["name"])
    assert list(response.names) == ["a", "b", "c"] and response.total_records == 3
    assert list(response.tag_counts) == [2, 1, 0] and list(response.tags) == ["t1", "t2", "z"]
    got = cells(response)
    assert got["hyperparameters.i"] == ("COLUMN_INT", {"a": 3.0, "b": -7.0})
    assert got["hyperparameters.f"] == ("COLUMN_DOUBLE", {"a": 0.5, "b": 2.0})
    assert got["hyperparameters.b"] == ("COLUMN_BOOL", {"a": True, "b": False})
    assert got["hyperparameters.s"] == ("COLUMN_STRING", {"a": "x"})
    assert got["hyperparameters.mix"] == ("COLUMN_JSON", {"a": "1", "b": '"one"'})
    assert got["hyperparameters.l"] == ("COLUMN_JSON", {"a": "[1,2.5]"})
    assert got["metrics.acc"] == ("COLUMN_DOUBLE", {"a": 0.9})
    assert got["metrics.n"] == ("COLUMN_EMPTY", {})  # a null value is no value, but the key is there
    assert got["attributes.größe"] == ("COLUMN_STRING", {"a": "é"})
    assert got["attributes.big"] == ("COLUMN_DOUBLE", {"a": float(big)})  # beyond 2**53: not an exact int
    assert got["attributes.d"] == ("COLUMN_JSON", {"a": '{"k":[1,"v"]}'})
    assert [(col.field, col.key) for col in response.key_columns] == sorted(
        (col.field, col.key) for col in response.key_columns
    )


def test_same_runs_as_query_runs(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    for i in range(7):
        c.create(f"r{i}", metrics=[kv("m", i % 3)], hyperparameters=[kv("lr", 0.1 * i)], tags=["even"] * (i % 2 == 0))
    cases = [
        {"order_by": ["-metrics.m", "name"], "page_number": 2, "page_limit": 3},
        {"query": "metrics.m >= 1 and tags contains 'even'", "order_by": ["hyperparameters.lr"]},
        {"order_by": ["name"], "page_number": 3, "page_limit": 3},
        {"query": "metrics.m > 5"},
    ]
    for case in cases:
        scope = {"experiment_id": c.experiment["id"], **case}
        runs = api.call(EXT, "queryRuns", scope)
        got = columns(c, **case)
        assert list(got.ids) == [r["id"] for r in runs.get("experiment_runs", [])], case
        assert got.total_records == int(runs.get("total_records", 0)), case
    only = columns(c, order_by=["name"], columns=["metrics.m"])
    assert [(col.field, col.key) for col in only.key_columns] == [("metrics", "m")]
    assert not only.tag_counts and len(only.ids) == 7
    assert [col.key for col in columns(c, columns=["tags", "hyperparameters"]).key_columns] == ["lr"]


def test_lifecycle_and_scalars(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    ended = c.create("ended", description="d", start_time=1000)
    c.create("plain", start_time=2000)
    api.call(EXT, "setRunStatus", {"run_id": ended["id"], "status": "FINISHED", "end_time": 5000})
    response = columns(c, order_by=["name"])
    assert [pb.RunStatus.Name(s) for s in response.statuses] == ["FINISHED", "RUN_STATUS_UNSPECIFIED"]
    assert list(response.start_times) == [1000, 2000] and response.end_times[0] == 5000
    assert list(response.descriptions) == ["d", ""]
    assert set(response.project_ids) == {c.project["id"]} and set(response.experiment_ids) == {c.experiment["id"]}
    assert all(created > 0 for created in response.date_created)
    # the names ride along: the client needs no lookup of its own
    names = {c.project["id"]: c.project["name"], c.experiment["id"]: c.experiment["name"]}
    assert dict(response.entity_names) == names
    assert not columns(c, query="name == 'nothing'").entity_names


def test_stale_run_reads_killed_at_its_heartbeat(api: Api, uniq: str) -> None:
    """A RUNNING run past its heartbeat timeout reads KILLED, ended at its last heartbeat, before any sweep."""
    c = Ctx(api, uniq)
    dead, alive = c.create("dead"), c.create("alive")
    for run, timeout in ((dead, 1), (alive, 3_600_000)):
        api.call(EXT, "setRunStatus", {"run_id": run["id"], "status": "RUNNING", "heartbeat_timeout_ms": timeout})
    time.sleep(0.05)
    response = columns(c, order_by=["name"])
    states = {s["run_id"]: s for s in api.call(EXT, "getRunStates", {"run_ids": [dead["id"]]})["states"]}
    assert [pb.RunStatus.Name(s) for s in response.statuses] == ["RUNNING", "KILLED"]
    assert response.end_times[1] == int(states[dead["id"]]["end_time"]) > 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"columns": ["artifacts"]}, "unknown column 'artifacts' for queryRunColumns"),
        ({"columns": ["tags.x"]}, "unknown column 'tags.x'"),
        ({"query": "metrics.acc >"}, ""),
        ({"order_by": ["nope"]}, "Sort key cannot be handled"),
        ({"page_number": -1, "page_limit": 2}, "must not be negative"),
    ],
)
def test_bad_requests(api: Api, uniq: str, fields: dict[str, Any], message: str) -> None:
    c = Ctx(api, uniq)
    with pytest.raises(ApiError) as info:
        columns(c, **fields)
    assert info.value.status in (400, -1) and info.value.code == 3  # -1: gRPC has no HTTP status
    assert message in info.value.message


def test_fast_json_reads_back_exactly() -> None:
    """Non-finite doubles (json_format's strings), enums and 64-bit ints survive json_format's parser."""
    message = pb.QueryRunColumns.Response(
        total_records=2**40,
        ids=["a", "b"],
        statuses=[pb.KILLED, pb.RUN_STATUS_UNSPECIFIED],
        date_created=[2**50, 1],
        tag_counts=[0, 1],
        tags=["t"],
        entity_names={"p": "project", "e": "ö"},
        key_columns=[
            pb.KeyColumn(field="metrics", key="m", kind=pb.COLUMN_DOUBLE, rows=[1, 0], doubles=[math.inf, math.nan]),
            pb.KeyColumn(field="attributes", key="b", kind=pb.COLUMN_BOOL, rows=[0], bools=[False]),
        ],
    )
    back = json_format.ParseDict(columns_to_json(message), pb.QueryRunColumns.Response())
    assert back.key_columns[0].doubles[0] == math.inf and math.isnan(back.key_columns[0].doubles[1])
    back.key_columns[0].ClearField("doubles")
    message.key_columns[0].ClearField("doubles")
    assert back == message
    assert columns_to_json(pb.QueryRuns.Response()) is None


def test_row_wise_grouping_matches_aggregation(api: Api, uniq: str) -> None:
    """Run ids with commas (never made by this backend, but possible in an imported database) take a row-wise
    query; both paths give the same columns."""
    c = Ctx(api, uniq)
    ids = [c.create(f"r{i}", hyperparameters=[kv("x", i / 3), kv("s", f"v,{i}")])["id"] for i in range(3)]
    where = [m.KeyValue.entity_id.in_(ids)]

    def both(session: Any) -> tuple[list[Any], list[Any]]:
        def norm(rows: Any) -> list[Any]:
            return sorted((f, k, sorted(zip(r, v, strict=True))) for f, k, r, v in rows)

        return norm(grouped_rows(session, where, False)), norm(grouped_rows(session, where, True))

    grouped, row_wise = api.backend.db.run(both, write=False)
    assert grouped == row_wise and len(grouped) == 2
    assert dict(grouped[0][2]) == {ids[i]: f"v,{i}" for i in range(3)}
