"""StageService: stage rules, transitions and their reviews, comments, the activity log and the audit trail."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from tests.apiclient import Api, ApiError
from tests.backend.registry.support import (
    EXISTS,
    INVALID,
    NOT_FOUND,
    PRECONDITION,
    R,
    create_model,
    create_version,
    get_version,
    model_ident,
)
from tests.servers import ServerThread

S = "StageService"
THREADS = 6


def _model(api: Api, uniq: str) -> str:
    return str(create_model(api, f"m-{uniq}")["id"])


def _version(api: Api, model_id: str, name: str = "v1", **fields: Any) -> str:
    return str(create_version(api, model_id, name, **fields)["id"])


def _stage(api: Api, version_id: str) -> str:
    return str(get_version(api, version_id).get("stage", "UNKNOWN"))


def _delete_version(api: Api, version_id: str) -> None:
    api.call(R, "DeleteModelVersion", {"id": {"model_version_id": version_id}}, binding=2)


def _delete_model(api: Api, model_id: str) -> None:
    api.call(R, "DeleteRegisteredModel", {"id": model_ident(model_id=model_id)}, binding=1)


def _update(api: Api, version_id: str, stage: str | int, comment: str = "") -> dict[str, Any]:
    return api.call(S, "UpdateStage", {"model_version_id": version_id, "stage": stage, "comment": comment})


def _transition(api: Api, version_id: str, stage: str, comment: str = "") -> dict[str, Any]:
    request = {"model_version_id": version_id, "desired_stage": stage, "comment": comment}
    return api.call(S, "CreateTransition", request)


def _act(api: Api, rpc: str, transition_id: str, comment: str = "") -> dict[str, Any]:
    return api.call(S, rpc, {"transition_id": transition_id, "comment": comment})


def _activities(api: Api, **scope: str) -> list[dict[str, Any]]:
    activities: list[dict[str, Any]] = api.call(S, "FindActivities", scope).get("activities", [])
    return activities


def _transitions(api: Api, states: tuple[str, ...] = (), **scope: str) -> list[dict[str, Any]]:
    response = api.call(S, "FindTransitions", {**scope, "state": list(states)})
    activities: list[dict[str, Any]] = response.get("activities", [])
    return activities


def _error(api: Api, rpc: str, request: dict[str, Any]) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(S, rpc, request)
    return info.value


def _kind(activity: dict[str, Any]) -> str:
    kinds = [k for k in ("transition", "approval", "rejection", "close", "update") if k in activity]
    assert len(kinds) <= 1, activity  # ModelDB's "effective oneof"
    return kinds[0] if kinds else "comment"


def test_update_stage_walks_the_stages(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    assert _stage(api, version_id) == "UNASSIGNED"
    for stage in ("DEVELOPMENT", "STAGING", "PRODUCTION", "ARCHIVED", "STAGING"):
        activity = _update(api, version_id, stage, f"to {stage}")
        assert activity["update"] == {"stage": stage} and activity["comment"] == f"to {stage}"
        assert activity["model_version_id"] == version_id and activity["author_id"] == "local"
        assert int(activity["time_created"]) > 0 and "activity_state" not in activity
        assert _stage(api, version_id) == stage
    log = _activities(api, model_version_id=version_id)
    assert [a["update"]["stage"] for a in log] == ["DEVELOPMENT", "STAGING", "PRODUCTION", "ARCHIVED", "STAGING"]
    assert [int(a["id"]) for a in log] == sorted(int(a["id"]) for a in log)


@pytest.mark.parametrize(
    ("stage", "words"),
    [
        ("DEVELOPMENT", "already in DEVELOPMENT"),
        ("UNKNOWN", "stage not present: it must be one of DEVELOPMENT, STAGING, PRODUCTION, ARCHIVED"),
        ("UNASSIGNED", "to take a version out of use, move it to ARCHIVED"),
        (9, "9 is not a value of Stage"),
    ],
)
def test_update_stage_refusals_write_nothing(api: Api, uniq: str, stage: str | int, words: str) -> None:
    version_id = _version(api, _model(api, uniq))
    _update(api, version_id, "DEVELOPMENT")
    error = _error(api, "UpdateStage", {"model_version_id": version_id, "stage": stage, "comment": "no"})
    assert error.code == INVALID and words in error.message
    assert _stage(api, version_id) == "DEVELOPMENT"
    assert len(_activities(api, model_version_id=version_id)) == 1


def test_update_stage_of_missing_versions(api: Api, uniq: str) -> None:
    assert _error(api, "UpdateStage", {"stage": "STAGING"}).code == INVALID
    error = _error(api, "UpdateStage", {"model_version_id": "987654321", "stage": "STAGING"})
    assert error.code == NOT_FOUND and "987654321" in error.message


def test_transition_approved_and_committed(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    opened = _transition(api, version_id, "STAGING", "ready for staging")
    transition = opened["transition"]
    assert (transition["source_stage"], transition["desired_stage"], transition["state"]) == (
        "UNASSIGNED",
        "STAGING",
        "PENDING",
    )
    assert opened["activity_state"] == "PENDING" and opened["comment"] == "ready for staging"
    assert _stage(api, version_id) == "UNASSIGNED"  # a request only
    tid = transition["id"]
    approved = _act(api, "ApproveTransition", tid, "looks good")
    assert _kind(approved) == "approval" and approved["activity_state"] == "APPROVED"
    committed = _act(api, "CommitTransition", tid, "merging")
    assert committed["update"] == {"stage": "STAGING"} and committed["activity_state"] == "COMMITTED"
    assert _stage(api, version_id) == "STAGING"
    [listed] = _transitions(api, model_version_id=version_id)
    assert listed["id"] == opened["id"] and listed["transition"]["state"] == "COMMITTED"
    assert listed["activity_state"] == "PENDING"  # the state when it was opened
    log = _activities(api, model_version_id=version_id)
    assert [_kind(a) for a in log] == ["transition", "approval", "update"]
    assert [a.get("comment") for a in log] == ["ready for staging", "looks good", "merging"]


def test_reviews_last_verdict_counts_and_final_states(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    tid = _transition(api, version_id, "PRODUCTION")["transition"]["id"]
    assert _act(api, "ApproveTransition", tid)["activity_state"] == "APPROVED"
    rejected = _act(api, "RejectTransition", tid, "tests fail")
    assert _kind(rejected) == "rejection" and rejected["activity_state"] == "REJECTED"
    error = _error(api, "CommitTransition", {"transition_id": tid})
    assert error.code == PRECONDITION and "REJECTED" in error.message and "approve it first" in error.message
    assert _act(api, "ApproveTransition", tid, "fixed")["activity_state"] == "APPROVED"
    closed = _act(api, "CloseTransition", tid, "not now")
    assert _kind(closed) == "close" and closed["activity_state"] == "CLOSED"
    for rpc in ("ApproveTransition", "RejectTransition", "CloseTransition", "CommitTransition"):
        error = _error(api, rpc, {"transition_id": tid})
        assert error.code == PRECONDITION and f"Transition {tid} is CLOSED" in error.message
        assert "create a new transition" in error.message
    assert _stage(api, version_id) == "UNASSIGNED"
    assert [t["transition"]["state"] for t in _transitions(api, model_version_id=version_id)] == ["CLOSED"]


def test_pending_transition_cannot_be_committed(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    tid = _transition(api, version_id, "DEVELOPMENT")["transition"]["id"]
    error = _error(api, "CommitTransition", {"transition_id": tid})
    assert error.code == PRECONDITION and "PENDING" in error.message
    assert _stage(api, version_id) == "UNASSIGNED"


def test_create_transition_refusals(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    request = {"model_version_id": version_id, "desired_stage": "UNASSIGNED"}
    assert _error(api, "CreateTransition", request).code == INVALID
    assert _error(api, "CreateTransition", {**request, "desired_stage": "UNKNOWN"}).code == INVALID
    first = _transition(api, version_id, "STAGING")["transition"]["id"]
    error = _error(api, "CreateTransition", {**request, "desired_stage": "STAGING"})
    assert error.code == EXISTS and "already exists" in error.message and f"id {first}" in error.message
    _transition(api, version_id, "PRODUCTION")  # another target may be open at the same time
    _act(api, "CloseTransition", first)
    again = _transition(api, version_id, "STAGING")["transition"]["id"]
    assert int(again) > int(first)
    _update(api, version_id, "ARCHIVED")
    error = _error(api, "CreateTransition", {**request, "desired_stage": "ARCHIVED"})
    assert error.code == INVALID and "already in ARCHIVED" in error.message
    assert _error(api, "CreateTransition", {**request, "model_version_id": "0"}).code == INVALID
    assert _error(api, "CreateTransition", {**request, "model_version_id": "987654321"}).code == NOT_FOUND
    for rpc in ("ApproveTransition", "RejectTransition", "CloseTransition", "CommitTransition"):
        assert _error(api, rpc, {}).code == INVALID
        assert _error(api, rpc, {"transition_id": "987654321"}).code == NOT_FOUND
        assert _error(api, rpc, {"transition_id": str(2**64 - 1)}).code == NOT_FOUND


def test_commit_refused_when_the_version_is_already_there(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    tid = _transition(api, version_id, "STAGING")["transition"]["id"]
    _act(api, "ApproveTransition", tid)
    _update(api, version_id, "STAGING", "hotfix")
    error = _error(api, "CommitTransition", {"transition_id": tid})
    assert error.code == PRECONDITION and "already in STAGING" in error.message and "close transition" in error.message
    assert _act(api, "CloseTransition", tid)["activity_state"] == "CLOSED"


def test_comments(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    for text in ("", "   "):
        error = _error(api, "CreateComment", {"model_version_id": version_id, "comment": text})
        assert error.code == INVALID and "comment not present" in error.message
    assert _error(api, "CreateComment", {"model_version_id": "987654321", "comment": "c"}).code == NOT_FOUND
    limit = api.backend.settings.max_value_bytes
    for rpc, request in (
        ("CreateComment", {"model_version_id": version_id}),
        ("UpdateStage", {"model_version_id": version_id, "stage": "STAGING"}),
        ("CreateTransition", {"model_version_id": version_id, "desired_stage": "STAGING"}),
    ):
        error = _error(api, rpc, {**request, "comment": "x" * (limit + 1)})
        assert error.code == INVALID and f"the limit is {limit} bytes" in error.message
    activity = api.call(S, "CreateComment", {"model_version_id": version_id, "comment": "why staging?"})
    assert _kind(activity) == "comment" and activity["comment"] == "why staging?"
    assert _activities(api, model_version_id=version_id) == [activity]


def test_find_by_model_and_version(api: Api, uniq: str) -> None:
    model_id = _model(api, uniq)
    first, second = _version(api, model_id, "a"), _version(api, model_id, "b")
    other_model = _model(api, uniq + "x")
    other = _version(api, other_model)
    _update(api, first, "DEVELOPMENT")
    tid = _transition(api, second, "STAGING")["transition"]["id"]
    _transition(api, first, "PRODUCTION")
    _update(api, other, "STAGING")
    by_model = _activities(api, registered_model_id=model_id)
    assert [a["model_version_id"] for a in by_model] == [first, second, first]
    assert [a["model_version_id"] for a in _activities(api, model_version_id=second)] == [second]
    both = _activities(api, registered_model_id=model_id, model_version_id=first)
    assert [a["model_version_id"] for a in both] == [first, first]
    assert [t["model_version_id"] for t in _transitions(api, registered_model_id=model_id)] == [second, first]
    _act(api, "ApproveTransition", tid)
    approved = _transitions(api, ("APPROVED",), registered_model_id=model_id)
    assert [t["transition"]["id"] for t in approved] == [tid]
    assert len(_transitions(api, ("PENDING", "APPROVED"), registered_model_id=model_id)) == 2
    assert _transitions(api, ("COMMITTED",), registered_model_id=model_id) == []
    # deleted versions leave the lists
    _delete_version(api, second)
    assert {a["model_version_id"] for a in _activities(api, registered_model_id=model_id)} == {first}


def test_find_refusals(api: Api, uniq: str) -> None:
    model_id = _model(api, uniq)
    version_id = _version(api, model_id)
    other_version = _version(api, _model(api, uniq + "x"))
    for rpc in ("FindActivities", "FindTransitions"):
        error = _error(api, rpc, {})
        assert error.code == INVALID and "registered_model_id or model_version_id" in error.message
        error = _error(api, rpc, {"registered_model_id": model_id, "model_version_id": other_version})
        assert error.code == INVALID and f"not {model_id}" in error.message
        assert _error(api, rpc, {"registered_model_id": "987654321"}).code == NOT_FOUND
        assert _error(api, rpc, {"model_version_id": "987654321"}).code == NOT_FOUND
    error = _error(api, "FindTransitions", {"model_version_id": version_id, "state": ["UNKNOWN"]})
    assert error.code == INVALID and "not a transition state" in error.message


def test_audit_trail_says_who_moved_it_when_and_from_what(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq))
    _update(api, version_id, "STAGING", "first cut")
    tid = _transition(api, version_id, "PRODUCTION", "promote")["transition"]["id"]
    _act(api, "ApproveTransition", tid)
    committed = _act(api, "CommitTransition", tid, "go")
    response = api.call("ExtensionService", "findAuditRecords", {"entity_id": f"mv:{version_id}"})
    moves = [r for r in response.get("records", []) if "stage" in r.get("changes", {})]
    assert [(r["action"], r["changes"]["stage"]) for r in moves] == [
        ("UpdateStage", {"from": "UNASSIGNED", "to": "STAGING"}),
        ("CommitTransition", {"from": "STAGING", "to": "PRODUCTION"}),
    ]
    assert all(r["actor"] == "local" and int(r["timestamp"]) > 0 for r in moves)
    assert moves[0]["changes"]["comment"] == "first cut"
    assert moves[1]["changes"]["transition_id"] == int(tid)
    assert moves[1]["changes"]["activity_id"] == int(committed["id"])
    actions = [r["action"] for r in response["records"] if r["entity_type"] == "model_version"]
    assert actions[-4:] == ["UpdateStage", "CreateTransition", "ApproveTransition", "CommitTransition"]


def test_closed_lock_leaves_stage_changes_allowed(api: Api, uniq: str) -> None:
    version_id = _version(api, _model(api, uniq), lock_level="CLOSED")
    assert get_version(api, version_id)["lock_level"] == "CLOSED"
    assert _update(api, version_id, "PRODUCTION")["update"] == {"stage": "PRODUCTION"}
    tid = _transition(api, version_id, "ARCHIVED")["transition"]["id"]
    _act(api, "ApproveTransition", tid)
    _act(api, "CommitTransition", tid)
    assert _stage(api, version_id) == "ARCHIVED"


def test_deleted_model_takes_its_log_and_transitions_away(api: Api, uniq: str) -> None:
    model_id = _model(api, uniq)
    version_id = _version(api, model_id)
    tid = _transition(api, version_id, "STAGING")["transition"]["id"]
    _delete_model(api, model_id)
    assert _error(api, "FindActivities", {"model_version_id": version_id}).code == NOT_FOUND
    assert _error(api, "FindTransitions", {"registered_model_id": model_id}).code == NOT_FOUND
    assert _error(api, "UpdateStage", {"model_version_id": version_id, "stage": "STAGING"}).code == NOT_FOUND
    error = _error(api, "ApproveTransition", {"transition_id": tid})
    assert error.code == NOT_FOUND and "deleted" in error.message


def test_the_clients_rest_path(api: Api, uniq: str) -> None:
    """verta's change_stage posts to /api/v1/registry/stage/updateStage (its registry prefix)."""
    version_id = _version(api, _model(api, uniq))
    url = f"{api.http_url}/api/v1/registry/stage/updateStage"
    body = {"model_version_id": version_id, "stage": "PRODUCTION", "comment": "Rolling out to prod."}
    response = requests.post(url, json=body, timeout=30)
    assert response.status_code == 200 and response.json()["update"] == {"stage": "PRODUCTION"}
    response = requests.post(url, json=body, timeout=30)
    assert response.status_code == 400 and "already in PRODUCTION" in response.json()["message"]
    assert _stage(api, version_id) == "PRODUCTION"


def _race(server: ServerThread, call: Callable[[Api], dict[str, Any]]) -> tuple[list[dict[str, Any]], list[ApiError]]:
    """`call` from THREADS clients at once: the answers and the refusals."""
    assert server.server is not None
    clients = [Api(server.server.backend, server.http_url, server.grpc_target, "rest") for _ in range(THREADS)]

    def attempt(api: Api) -> dict[str, Any] | ApiError:
        try:
            return call(api)
        except ApiError as exc:
            return exc

    try:
        with ThreadPoolExecutor(THREADS) as pool:
            results = list(pool.map(attempt, clients))
    finally:
        for api in clients:
            api.close()
    return [r for r in results if isinstance(r, dict)], [r for r in results if isinstance(r, ApiError)]


def test_concurrent_requests_for_one_move_make_one(server: ServerThread, uniq: str) -> None:
    assert server.server is not None
    api = Api(server.server.backend, server.http_url, server.grpc_target, "rest")
    try:
        version_id = _version(api, _model(api, uniq))
        opened, refused = _race(server, lambda a: _transition(a, version_id, "STAGING"))
        assert len(opened) == 1 and {e.code for e in refused} == {EXISTS}
        tid = opened[0]["transition"]["id"]
        _act(api, "ApproveTransition", tid)
        committed, refused = _race(server, lambda a: _act(a, "CommitTransition", tid))
        assert len(committed) == 1 and {e.code for e in refused} == {PRECONDITION}
        moved, refused = _race(server, lambda a: _update(a, version_id, "PRODUCTION"))
        assert len(moved) == 1 and {e.code for e in refused} == {INVALID}
        updates = [a["update"]["stage"] for a in _activities(api, model_version_id=version_id) if "update" in a]
        assert updates == ["STAGING", "PRODUCTION"] and _stage(api, version_id) == "PRODUCTION"
    finally:
        api.close()
