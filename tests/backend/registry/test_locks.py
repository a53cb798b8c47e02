"""SetLockModelVersion and what each lock level lets change (ModelDB's client: tests/registry/model_version/
test_crud.py TestLockLevels). This server has no roles: every caller is an admin, so REDACT restricts nobody."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api
from tests.backend.registry.support import (
    FULL_BODY_BY_ID,
    INVALID,
    NOT_FOUND,
    PRECONDITION,
    PUT_BY_ID,
    R,
    create_model,
    create_version,
    error,
    get_version,
    model_ident,
)


def _lock(api: Api, version_id: str, level: str | int) -> None:
    api.call(R, "SetLockModelVersion", {"id": {"model_version_id": version_id}, "lock_level": level})


def _request(model_id: str, version: dict[str, Any], fields: dict[str, Any], mask: str | None) -> dict[str, Any]:
    request: dict[str, Any] = {
        "id": {"model_id": model_ident(model_id=model_id), "model_version_id": version["id"]},
        "model_version": fields,
    }
    if mask is not None:
        request["update_mask"] = mask
    return request


def _update(api: Api, model_id: str, version: dict[str, Any], fields: dict[str, Any], mask: str | None) -> Any:
    binding = PUT_BY_ID if mask is None else FULL_BODY_BY_ID
    return api.call(R, "UpdateModelVersion", _request(model_id, version, fields, mask), binding=binding)


@pytest.mark.parametrize("level", ["OPEN", "CLOSED", "REDACT"])
def test_create_with_each_level(api: Api, uniq: str, level: str) -> None:
    model = create_model(api, f"m-{uniq}")
    assert create_version(api, model["id"], "v", lock_level=level)["lock_level"] == level


def test_closed_allows_description_and_labels_only(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v", lock_level="CLOSED", attributes=[{"key": "a", "value": 1}])
    version = _update(api, model["id"], version, {"description": "mine"}, "description")["model_version"]
    version = _update(api, model["id"], version, {"labels": ["mine"]}, "labels")["model_version"]
    assert version["description"] == "mine" and version["labels"] == ["mine"]
    without_label = {k: v for k, v in version.items() if k != "labels"}
    version = _update(api, model["id"], version, without_label, None)["model_version"]  # PUT: the client's del_label
    assert "labels" not in version
    for fields, mask in (
        ({"attributes": [{"key": "b", "value": {"a": 1}}]}, "attributes"),
        ({"artifacts": [{"key": "x", "path": "p/x"}]}, "artifacts"),
        ({"environment": {"docker": {"repository": "r"}}}, "environment"),
        ({"version": "renamed"}, "version"),
        ({**version, "attributes": []}, None),
    ):
        err = error(api, "UpdateModelVersion", _request(model["id"], version, fields, mask), FULL_BODY_BY_ID)
        assert err.code == PRECONDITION and "locked for changes" in err.message, err.message
        if api.transport == "rest":
            assert err.status == 400
    err = error(api, "DeleteModelVersion", {"id": {"model_version_id": version["id"]}}, binding=2)
    assert err.code == PRECONDITION and "locked for changes" in err.message
    assert get_version(api, version["id"]) == version  # nothing of the refusals written


def test_redact_and_lowering_locks_are_open_to_admins(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v", lock_level="REDACT")
    changed = _update(api, model["id"], version, {"attributes": [{"key": "a", "value": 1}]}, "attributes")
    assert changed["model_version"]["attributes"] == [{"key": "a", "value": 1}]
    for level in ("CLOSED", "REDACT", "OPEN", "CLOSED", "OPEN"):
        _lock(api, version["id"], level)
        assert get_version(api, version["id"])["lock_level"] == level
    api.call(R, "DeleteModelVersion", {"id": {"model_version_id": version["id"]}}, binding=2)


def test_set_lock_refusals(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v")
    err = error(api, "SetLockModelVersion", {"id": {"model_version_id": version["id"]}, "lock_level": "UNKNOWN"})
    assert err.code == INVALID and "is not a lock level" in err.message
    err = error(api, "SetLockModelVersion", {"id": {"model_version_id": "99999999"}, "lock_level": "CLOSED"})
    assert err.code == NOT_FOUND
    assert get_version(api, version["id"])["lock_level"] == "OPEN"


def test_lock_changes_are_audited_with_from_and_to(api: Api, uniq: str) -> None:
    model = create_model(api, f"m-{uniq}")
    version = create_version(api, model["id"], "v")
    _lock(api, version["id"], "CLOSED")
    _lock(api, version["id"], "OPEN")
    records = api.call(
        "ExtensionService", "findAuditRecords", {"entity_id": f"mv:{version['id']}", "action": "SetLockModelVersion"}
    )["records"]
    assert [r["changes"]["lock_level"] for r in records] == [
        {"from": "OPEN", "to": "CLOSED"},
        {"from": "CLOSED", "to": "OPEN"},
    ]
