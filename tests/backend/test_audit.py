"""The audit trail: one record per mutating call, written in the call's transaction, read by findAuditRecords."""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.servers import ServerThread

EXT = "ExtensionService"


def find(api: Api, **filters: Any) -> dict[str, Any]:
    return api.call(EXT, "findAuditRecords", filters)


def records(api: Api, **filters: Any) -> list[dict[str, Any]]:
    return find(api, **filters).get("records", [])


def total(api: Api, **filters: Any) -> int:
    return int(find(api, **filters).get("total_records", "0"))


def create_project(api: Api, name: str, **fields: Any) -> dict[str, Any]:
    return api.call("ProjectService", "createProject", {"name": name, **fields})["project"]


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def tick() -> None:
    """Let the millisecond clock move on, so consecutive calls get distinct timestamps."""
    time.sleep(0.005)


def test_create_and_delete_are_recorded(api: Api, uniq: str) -> None:
    before = now_ms()
    project = create_project(api, f"audit-{uniq}", tags=["x"], description="first")
    after = now_ms()
    [created] = records(api, entity_id=project["id"])
    assert created["action"] == "createProject"
    assert created["actor"] == "local"
    assert created["entity_type"] == "project"
    assert created["entity_id"] == project["id"]
    assert before <= int(created["timestamp"]) <= after
    assert created["changes"]["name"] == f"audit-{uniq}"
    assert created["changes"]["tags"] == ["x"]
    assert created["changes"]["description"] == "first"
    assert int(created["id"]) > 0

    api.call("ProjectService", "deleteProject", {"id": project["id"]})
    history = records(api, entity_id=project["id"])
    assert [r["action"] for r in history] == ["createProject", "deleteProject"]
    assert history[1]["changes"] == {"deleted": True}
    assert int(history[0]["id"]) < int(history[1]["id"])
    # The project is gone for the API, but its history stays queryable.
    with pytest.raises(ApiError) as info:
        api.call("ProjectService", "getProjectById", {"id": project["id"]})
    assert info.value.code == 5
    assert total(api, entity_id=project["id"]) == 2


def test_changes_across_the_entity_tree(api: Api, uniq: str) -> None:
    """Every mutating call on a project, its experiment and its run leaves one record with its changes."""
    project = create_project(api, f"tree-{uniq}")
    pid = project["id"]
    api.call("ProjectService", "addProjectTags", {"id": pid, "tags": ["t1", "t2"]})
    api.call("ProjectService", "updateProjectDescription", {"id": pid, "description": "new"})
    experiment = api.call("ExperimentService", "createExperiment", {"project_id": pid, "name": "e"})["experiment"]
    run = api.call(
        "ExperimentRunService",
        "createExperimentRun",
        {"project_id": pid, "experiment_id": experiment["id"], "name": "r"},
    )["experiment_run"]
    metric = {"key": "acc", "value": 0.5, "value_type": "NUMBER"}
    api.call("ExperimentRunService", "logMetric", {"id": run["id"], "metric": metric})

    history = records(api, entity_id=pid)
    assert [r["action"] for r in history] == ["createProject", "addProjectTags", "updateProjectDescription"]
    assert history[1]["changes"]["tags"] == ["t1", "t2"]
    assert history[2]["changes"]["description"] == "new"
    [created] = records(api, entity_id=experiment["id"])
    assert (created["action"], created["entity_type"]) == ("createExperiment", "experiment")
    run_history = records(api, entity_id=run["id"])
    assert [(r["action"], r["entity_type"]) for r in run_history] == [
        ("createExperimentRun", "experiment_run"),
        ("logMetric", "experiment_run"),
    ]
    assert "acc" in json.dumps(run_history[1]["changes"])
    assert all(r["actor"] == "local" for r in [*history, created, *run_history])

    api.call("ProjectService", "deleteProject", {"id": pid})
    # Deleting the project hides the tree but keeps every record of it (plus the cascade's own records).
    assert [r["action"] for r in records(api, entity_id=pid)][-1] == "deleteProject"
    assert [r["action"] for r in records(api, entity_id=run["id"])][:2] == ["createExperimentRun", "logMetric"]
    with pytest.raises(ApiError):
        api.call("ExperimentRunService", "getExperimentRunById", {"id": run["id"]})


def test_one_record_per_entity_of_a_batch_call(api: Api, uniq: str) -> None:
    ids = [create_project(api, f"batch-{i}-{uniq}")["id"] for i in range(2)]
    api.call("ProjectService", "deleteProjects", {"ids": ids})
    for project_id in ids:
        assert [r["action"] for r in records(api, entity_id=project_id)] == ["createProject", "deleteProjects"]


def test_failed_calls_write_no_record(api: Api, uniq: str) -> None:
    create_project(api, f"dup-{uniq}")
    count = total(api)
    with pytest.raises(ApiError) as info:
        create_project(api, f"dup-{uniq}")
    assert info.value.code == 6
    missing = f"missing-{uniq}"
    with pytest.raises(ApiError) as info:
        api.call("ProjectService", "deleteProject", {"id": missing})
    assert info.value.code == 5
    assert total(api) == count
    assert records(api, entity_id=missing) == []


def test_reads_and_finds_write_no_record(api: Api, uniq: str) -> None:
    project = create_project(api, f"reads-{uniq}")
    count = total(api)
    api.call("ProjectService", "getProjectById", {"id": project["id"]})
    find(api, entity_id=project["id"])
    records(api, action="findAuditRecords")
    assert total(api) == count
    assert total(api, action="findAuditRecords") == 0


# The server's heartbeat watchdog (actor "watchdog") may kill runs that other tests left running at any
# moment; tests that count records in a time window look at this suite's own calls only.
LOCAL = "local"


def test_filters(api: Api, uniq: str) -> None:
    tick()  # records of earlier calls must fall before `since`
    since = now_ms()
    first = create_project(api, f"f1-{uniq}")
    second = create_project(api, f"f2-{uniq}")
    api.call("ProjectService", "deleteProject", {"id": first["id"]})
    mine = records(api, since=since, actor=LOCAL)
    assert [(r["action"], r["entity_id"]) for r in mine] == [
        ("createProject", first["id"]),
        ("createProject", second["id"]),
        ("deleteProject", first["id"]),
    ]
    creates = records(api, since=since, actor=LOCAL, action="createProject")
    assert [r["entity_id"] for r in creates] == [first["id"], second["id"]]
    assert [r["entity_id"] for r in records(api, since=since, actor=LOCAL, action="deleteProject")] == [first["id"]]
    assert len(records(api, since=since, actor=LOCAL, entity_type="project")) == 3
    assert records(api, since=since, actor=LOCAL, entity_type="experiment_run") == []
    assert len(records(api, since=since, actor=LOCAL)) == 3
    assert records(api, since=since, actor=f"nobody-{uniq}") == []
    both = records(api, entity_id=first["id"], action="deleteProject")
    assert [r["action"] for r in both] == ["deleteProject"]
    assert records(api, action=f"noSuchRpc{uniq}") == []


def test_ordering_and_paging(api: Api, uniq: str) -> None:
    tick()  # records of earlier calls must fall before `since`
    since = now_ms()
    for i in range(5):
        create_project(api, f"page-{i}-{uniq}")
    ascending = records(api, since=since, actor=LOCAL)
    ids = [int(r["id"]) for r in ascending]
    assert len(ids) == 5 and ids == sorted(ids)
    descending = records(api, since=since, actor=LOCAL, descending=True)
    assert [int(r["id"]) for r in descending] == ids[::-1]

    pages = [find(api, since=since, actor=LOCAL, page_number=n, page_limit=2) for n in (1, 2, 3, 4)]
    assert [int(p["total_records"]) for p in pages] == [5, 5, 5, 5]
    assert [[int(r["id"]) for r in p.get("records", [])] for p in pages] == [ids[0:2], ids[2:4], ids[4:5], []]
    back = find(api, since=since, actor=LOCAL, page_number=1, page_limit=2, descending=True)
    assert [int(r["id"]) for r in back["records"]] == ids[::-1][:2]
    # Paging applies only when both page_number and page_limit are positive.
    assert len(records(api, since=since, actor=LOCAL, page_number=0, page_limit=2)) == 5
    assert len(records(api, since=since, actor=LOCAL, page_number=2, page_limit=0)) == 5


def test_page_limit_is_capped(api: Api) -> None:
    find(api, page_number=1, page_limit=1000)
    with pytest.raises(ApiError) as info:
        find(api, page_number=1, page_limit=1001)
    assert info.value.code == 3
    assert info.value.status in (400, -1)
    assert "page_limit" in info.value.message


def test_time_range_is_half_open(api: Api, uniq: str) -> None:
    projects = []
    for i in range(3):
        projects.append(create_project(api, f"time-{i}-{uniq}"))
        tick()
    stamps = [int(records(api, entity_id=p["id"])[0]["timestamp"]) for p in projects]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    ours = {p["id"] for p in projects}

    def in_range(**window: int) -> list[str]:
        return [r["entity_id"] for r in records(api, action="createProject", **window) if r["entity_id"] in ours]

    ids = [p["id"] for p in projects]
    assert in_range(since=stamps[0]) == ids
    assert in_range(since=stamps[1]) == ids[1:]
    assert in_range(since=stamps[0], until=stamps[2]) == ids[:2]
    assert in_range(since=stamps[1], until=stamps[2]) == [ids[1]]
    assert in_range(since=stamps[1], until=stamps[1]) == []
    assert in_range(until=stamps[0]) == []
    assert in_range(until=stamps[0] + 1) == [ids[0]]


def test_audit_records_are_read_only(server: ServerThread) -> None:
    """No RPC can change the trail: the only audit RPC is the (non-mutating) find."""
    assert server.server is not None
    rpcs = server.server.backend.rpcs.values()
    audit_rpcs = [r for r in rpcs if "audit" in r.name.lower()]
    assert [r.name for r in audit_rpcs] == ["findAuditRecords"]
    assert not audit_rpcs[0].mutating
    destructive = re.compile(r"(delete|remove|update|purge|clear|truncate|erase|drop|set).*audit", re.IGNORECASE)
    assert [r.name for r in rpcs if destructive.search(r.name) or destructive.search(r.grpc_path)] == []
