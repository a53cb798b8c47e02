"""CommentService: comment threads on experiment runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api, ApiError

C = "CommentService"


def _run(api: Api, uniq: str) -> str:
    pid = api.call("ProjectService", "createProject", {"name": f"p-{uniq}"})["project"]["id"]
    eid = api.call("ExperimentService", "createExperiment", {"project_id": pid, "name": "e"})["experiment"]["id"]
    run = api.call(
        "ExperimentRunService", "createExperimentRun", {"project_id": pid, "experiment_id": eid, "name": "r"}
    )
    return str(run["experiment_run"]["id"])


def _add(api: Api, run_id: str, message: str, date_time: int = 0) -> dict[str, Any]:
    request: dict[str, Any] = {"entity_id": run_id, "message": message}
    if date_time:
        request["date_time"] = str(date_time)
    return api.call(C, "addExperimentRunComment", request)["comment"]


def _comments(api: Api, run_id: str) -> list[dict[str, Any]]:
    return api.call(C, "getExperimentRunComments", {"entity_id": run_id}).get("comments", [])


def _error(api: Api, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(C, rpc, request)
    return info.value


def test_add_and_list_in_time_order(api: Api, uniq: str) -> None:
    run_id = _run(api, uniq)
    assert _comments(api, run_id) == []
    late = _add(api, run_id, "second", 2000)
    early = _add(api, run_id, "first", 1000)
    assert (early["message"], early["date_time"], early["user_id"]) == ("first", "1000", "local")
    assert [c["message"] for c in _comments(api, run_id)] == ["first", "second"]
    assert _comments(api, run_id)[1] == late
    stamped = _add(api, run_id, "now")
    assert int(stamped["date_time"]) > 2000 and stamped["id"] not in (late["id"], early["id"])


def test_add_validation(api: Api, uniq: str) -> None:
    run_id = _run(api, uniq)
    assert _error(api, "addExperimentRunComment", {"entity_id": run_id, "message": ""}).code == 3
    assert _error(api, "addExperimentRunComment", {"entity_id": run_id, "message": "  "}).code == 3
    assert _error(api, "addExperimentRunComment", {"entity_id": "", "message": "m"}).code == 3
    assert _error(api, "addExperimentRunComment", {"entity_id": f"unknown-{uniq}", "message": "m"}).code == 5
    assert _error(api, "getExperimentRunComments", {"entity_id": f"unknown-{uniq}"}).code == 5
    assert _error(api, "getExperimentRunComments", {"entity_id": ""}).code == 3
    assert _comments(api, run_id) == []


def test_update_comment(api: Api, uniq: str) -> None:
    run_id, other_run = _run(api, uniq), _run(api, uniq + "b")
    comment = _add(api, run_id, "typo", 1000)
    updated = api.call(C, "updateExperimentRunComment", {"id": comment["id"], "entity_id": run_id, "message": "fixed"})
    assert updated["comment"]["id"] == comment["id"] and updated["comment"]["message"] == "fixed"
    assert int(updated["comment"]["date_time"]) > 1000  # stamped with the edit time, as ModelDB does
    assert _comments(api, run_id) == [updated["comment"]]
    request = {"id": comment["id"], "entity_id": other_run, "message": "x"}
    assert _error(api, "updateExperimentRunComment", request).code == 5  # comment belongs to another run
    request = {"id": comment["id"], "entity_id": run_id, "message": ""}
    assert _error(api, "updateExperimentRunComment", request).code == 3
    request = {"id": "", "entity_id": run_id, "message": "x"}
    assert _error(api, "updateExperimentRunComment", request).code == 3


def test_delete_comment(api: Api, uniq: str) -> None:
    run_id = _run(api, uniq)
    keep, drop = _add(api, run_id, "keep", 1000), _add(api, run_id, "drop", 2000)
    assert api.call(C, "deleteExperimentRunComment", {"id": drop["id"], "entity_id": run_id}) == {"status": True}
    assert _comments(api, run_id) == [keep]
    assert _error(api, "deleteExperimentRunComment", {"id": drop["id"], "entity_id": run_id}).code == 5
    assert _error(api, "deleteExperimentRunComment", {"id": keep["id"], "entity_id": ""}).code == 3
    assert _error(api, "updateExperimentRunComment", {"id": drop["id"], "entity_id": run_id, "message": "x"}).code == 5


def test_comments_of_deleted_run_are_gone(api: Api, uniq: str) -> None:
    run_id = _run(api, uniq)
    _add(api, run_id, "hello")
    api.call("ExperimentRunService", "deleteExperimentRun", {"id": run_id})
    assert _error(api, "getExperimentRunComments", {"entity_id": run_id}).code == 5
    assert _error(api, "addExperimentRunComment", {"entity_id": run_id, "message": "m"}).code == 5
