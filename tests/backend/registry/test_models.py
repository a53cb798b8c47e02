"""RegistryService: registered models (create, get by id and by name, find, count, update, delete)."""

from __future__ import annotations

from typing import Any

import pytest

from modeldb_backend.limits import MAX_NAME_LENGTH, MAX_TAG_LENGTH
from tests.apiclient import Api
from tests.backend.registry.support import (
    EXISTS,
    FULL_BODY_BY_ID,
    INVALID,
    NOT_FOUND,
    PATCH_BY_ID,
    PRECONDITION,
    PUT_BY_ID,
    R,
    create_model,
    create_version,
    error,
    get_version,
    model_ident,
)


def _get(api: Api, model_id: str) -> dict[str, Any]:
    model: dict[str, Any] = api.call(R, "GetRegisteredModel", {"id": model_ident(model_id=model_id)}, binding=1)[
        "registered_model"
    ]
    return model


def _find(api: Api, *predicates: dict[str, Any], **request: Any) -> dict[str, Any]:
    return api.call(R, "FindRegisteredModel", {"workspace_name": "personal", "predicates": list(predicates), **request})


def _update(api: Api, model_id: str, binding: int, model: dict[str, Any], mask: str | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"id": model_ident(model_id=model_id), "registered_model": model}
    if mask is not None:
        request["update_mask"] = mask
    updated: dict[str, Any] = api.call(R, "UpdateRegisteredModel", request, binding=binding)["registered_model"]
    return updated


def test_create_and_get_by_id_and_name(api: Api, uniq: str) -> None:
    fields = {
        "description": "churn",
        "labels": ["b", "a", "b"],
        "attributes": [{"key": "team", "value": "ml"}, {"key": "cfg", "value": {"depth": [1, 2, {"x": None}]}}],
        "data_type": "TABULAR",
        "task_type": "CLASSIFICATION",
        "pii": True,
        "readme_text": "# Readme",
    }
    created = create_model(api, f"Model {uniq}", **fields)
    assert created["name"] == f"Model {uniq}" and int(created["id"]) > 0
    assert created["labels"] == ["a", "b"]  # sorted, unique
    assert created["attributes"] == [
        {"key": "cfg", "value": {"depth": [1, 2, {"x": None}]}},
        {"key": "team", "value": "ml"},
    ]
    assert created["data_type"] == "TABULAR" and created["task_type"] == "CLASSIFICATION" and created["pii"] is True
    assert created["readme_text_updated"] is True and int(created["time_created"]) > 0
    assert created["time_created"] == created["time_updated"]
    assert _get(api, created["id"]) == created
    by_name = api.call(R, "GetRegisteredModel", {"id": model_ident(f"Model {uniq}")})["registered_model"]
    assert by_name == created


def test_create_keeps_given_time_and_refuses_duplicates(api: Api, uniq: str) -> None:
    created = create_model(api, f"m-{uniq}", time_created="1700000000000")
    assert created["time_created"] == "1700000000000"
    err = error(api, "CreateRegisteredModel", {"id": model_ident(), "registered_model": {"name": f"m-{uniq}"}})
    assert err.code == EXISTS and "already exists" in err.message
    if api.transport == "rest":
        assert err.status == 409


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"name": ""}, "name is empty"),
        ({"name": "   "}, "name is empty"),
        ({"name": "a/b"}, "contains '/'"),
        ({"name": "x" * (MAX_NAME_LENGTH + 1)}, "the limit is"),
        ({"name": "tab\there"}, "control characters"),
        ({"name": "ok", "labels": [""]}, "tag is empty"),
        ({"name": "ok", "labels": ["x" * (MAX_TAG_LENGTH + 1)]}, "the limit is"),
        ({"name": "ok", "attributes": [{"key": "", "value": 1}]}, "needs a non-empty key"),
        ({"name": "ok", "attributes": [{"key": "k", "value": 1}, {"key": "k", "value": 2}]}, "Multiple key k"),
        ({"name": "ok", "time_created": "-1"}, "time_created is -1"),
        ({"name": "ok", "data_type": 99}, "99 is not a value of DataType"),
    ],
)
def test_create_refusals_write_nothing(api: Api, uniq: str, fields: dict[str, Any], words: str) -> None:
    before = _find(api)["total_records"] if _find(api).get("total_records") else "0"
    err = error(api, "CreateRegisteredModel", {"id": model_ident(), "registered_model": fields})
    assert err.code == INVALID and words in err.message, err.message
    after = _find(api).get("total_records", "0")
    assert after == before


def test_get_missing_is_404_with_code_5(api: Api, uniq: str) -> None:
    err = error(api, "GetRegisteredModel", {"id": model_ident(f"absent-{uniq}")})
    assert err.code == NOT_FOUND and f"absent-{uniq}" in err.message
    err = error(api, "GetRegisteredModel", {"id": model_ident(model_id="99999999")}, binding=1)
    assert err.code == NOT_FOUND
    if api.transport == "rest":
        assert err.status == 404


def test_find_by_name_labels_ids_with_paging_and_sorting(api: Api, uniq: str) -> None:
    ids = [create_model(api, f"f{i}-{uniq}", labels=[f"l-{uniq}"] if i % 2 else [])["id"] for i in range(5)]
    found = _find(api, {"key": "name", "value": f"f3-{uniq}", "operator": "EQ"})
    assert [m["id"] for m in found["registered_models"]] == [ids[3]] and found["total_records"] == "1"
    labeled = _find(api, {"key": "labels", "value": f"l-{uniq}", "operator": "EQ"})
    assert sorted(m["id"] for m in labeled["registered_models"]) == sorted([ids[1], ids[3]])
    contains = {"key": "name", "value": f"-{uniq}", "operator": "CONTAIN"}
    page = _find(api, contains, pagination={"page_number": 2, "page_limit": 2}, sort_key="name", ascending=True)
    assert [m["name"] for m in page["registered_models"]] == [f"f2-{uniq}", f"f3-{uniq}"]
    assert page["total_records"] == "5"
    newest = _find(api, contains, pagination={"page_number": 1, "page_limit": 1})  # time_updated descending
    assert newest["registered_models"][0]["id"] == ids[4]
    by_ids = _find(api, ids=[ids[0], ids[2]])
    assert sorted(m["id"] for m in by_ids["registered_models"]) == sorted([ids[0], ids[2]])
    by_id = _find(api, {"key": "id", "value": int(ids[2]), "operator": "EQ"})
    assert [m["id"] for m in by_id["registered_models"]] == [ids[2]]


def test_find_refuses_unknown_keys(api: Api) -> None:
    err = error(api, "FindRegisteredModel", {"workspace_name": "personal", "predicates": [{"key": "nope", "value": 1}]})
    assert err.code == INVALID and "Predicate cannot be handled: nope" in err.message
    err = error(api, "FindRegisteredModel", {"workspace_name": "personal", "sort_key": "nope"})
    assert err.code == INVALID and "Sort key cannot be handled" in err.message


def test_count(api: Api, uniq: str) -> None:
    before = int(api.call(R, "GetRegisteredModelCount", {}).get("registered_model_count", 0))
    create_model(api, f"c-{uniq}")
    after = int(api.call(R, "GetRegisteredModelCount", {})["registered_model_count"])
    assert after == before + 1


def test_update_with_mask_merges_labels_and_attributes(api: Api, uniq: str) -> None:
    model = create_model(api, f"u-{uniq}", labels=["a"], attributes=[{"key": "k1", "value": 1}], description="d")
    changes = {"labels": ["c", "b"], "attributes": [{"key": "k1", "value": "one"}, {"key": "k2", "value": [2]}]}
    updated = _update(api, model["id"], FULL_BODY_BY_ID, {**changes, "description": ""}, "labels,attributes")
    assert updated["labels"] == ["a", "b", "c"]
    assert updated["attributes"] == [{"key": "k1", "value": "one"}, {"key": "k2", "value": [2]}]
    assert updated["description"] == "d"  # not in the mask: kept
    cleared = _update(api, model["id"], FULL_BODY_BY_ID, {}, "description")
    assert "description" not in cleared and cleared["labels"] == ["a", "b", "c"]
    assert int(cleared["version_number"]) == int(model["version_number"]) + 2
    assert int(cleared["time_updated"]) >= int(model["time_updated"])


def test_update_without_mask_replaces(api: Api, uniq: str) -> None:
    model = create_model(api, f"r-{uniq}", labels=["a", "b"], attributes=[{"key": "k", "value": 1}], pii=True)
    replaced = _update(api, model["id"], PUT_BY_ID, {"name": f"r2-{uniq}", "labels": ["b"]})
    assert replaced["name"] == f"r2-{uniq}" and replaced["labels"] == ["b"]
    assert "attributes" not in replaced and "pii" not in replaced
    assert _get(api, model["id"]) == replaced
    err = error(api, "GetRegisteredModel", {"id": model_ident(f"r-{uniq}")})
    assert err.code == NOT_FOUND  # the old name is free again


def test_update_refusals(api: Api, uniq: str) -> None:
    model = create_model(api, f"x-{uniq}")
    create_model(api, f"y-{uniq}")
    request = {"id": model_ident(model_id=model["id"]), "registered_model": {"name": f"y-{uniq}"}}
    err = error(api, "UpdateRegisteredModel", {**request, "update_mask": "name"}, binding=FULL_BODY_BY_ID)
    assert err.code == EXISTS and "already exists" in err.message
    err = error(api, "UpdateRegisteredModel", {**request, "update_mask": "nope"}, binding=FULL_BODY_BY_ID)
    assert err.code == INVALID and "update_mask path 'nope'" in err.message
    bad_id = {"id": model_ident(model_id=model["id"]), "registered_model": {"id": "12345", "name": "z"}}
    err = error(api, "UpdateRegisteredModel", bad_id, binding=PUT_BY_ID)
    assert err.code == INVALID and "id of a registered model cannot be changed" in err.message
    custom = {"custom_attribute_values": [{"id": "1"}], "name": model["name"]}
    err = error(api, "UpdateRegisteredModel", {"id": bad_id["id"], "registered_model": custom}, binding=PUT_BY_ID)
    assert err.code in (INVALID, PRECONDITION) and "custom attributes are not available" in err.message
    assert _get(api, model["id"]) == model  # nothing written
    err = error(api, "UpdateRegisteredModel", {"id": model_ident(model_id="99999999")}, binding=PATCH_BY_ID)
    assert err.code == NOT_FOUND


def test_delete_takes_the_versions_and_frees_the_name(api: Api, uniq: str) -> None:
    model = create_model(api, f"d-{uniq}")
    version = create_version(api, model["id"], "v1")
    api.call(R, "DeleteRegisteredModel", {"id": model_ident(f"d-{uniq}")})
    assert error(api, "GetRegisteredModel", {"id": model_ident(model_id=model["id"])}, binding=1).code == NOT_FOUND
    with pytest.raises(Exception) as info:
        get_version(api, version["id"])
    assert getattr(info.value, "code", None) == NOT_FOUND
    again = create_model(api, f"d-{uniq}")
    assert again["id"] != model["id"]
    err = error(api, "DeleteRegisteredModel", {"id": model_ident(model_id=model["id"])}, binding=1)
    assert err.code == NOT_FOUND


def test_mutations_are_audited(api: Api, uniq: str) -> None:
    model = create_model(api, f"a-{uniq}")
    _update(api, model["id"], FULL_BODY_BY_ID, {"description": "new"}, "description")
    api.call(R, "DeleteRegisteredModel", {"id": model_ident(model_id=model["id"])}, binding=1)
    records = api.call("ExtensionService", "findAuditRecords", {"entity_id": f"rm:{model['id']}"})["records"]
    assert [r["action"] for r in records] == [
        "CreateRegisteredModel",
        "UpdateRegisteredModel",
        "DeleteRegisteredModel",
    ]


@pytest.mark.parametrize("huge", ["2147483648", "18446744073709551615"])
def test_ids_beyond_the_columns_name_nothing(api: Api, uniq: str, huge: str) -> None:
    """uint64 on the wire, INTEGER in the database: PostgreSQL would refuse to compare, so such ids find nothing."""
    model = create_model(api, f"h-{uniq}")
    assert error(api, "GetRegisteredModel", {"id": model_ident(model_id=huge)}, binding=1).code == NOT_FOUND
    found = _find(api, ids=[huge, model["id"]])
    assert [m["id"] for m in found["registered_models"]] == [model["id"]]
    assert "model_versions" not in api.call(R, "FindModelVersion", {"ids": [huge]}, binding=3)
    assert error(api, "GetModelVersion", {"id": {"model_version_id": huge}}, binding=1).code == NOT_FOUND
    err = error(api, "FindRegisteredModel", {"workspace_name": "personal", "ids": list(range(1, 10_002))})
    assert err.code == INVALID and "at most 10000 per request" in err.message
