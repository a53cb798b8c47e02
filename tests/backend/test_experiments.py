"""ExperimentService (other than finds): create/get/delete, metadata, code version and artifacts."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.apiclient import Api, ApiError

E = "ExperimentService"
RUNS = "ExperimentRunService"


def _project(api: Api, uniq: str) -> str:
    return str(api.call("ProjectService", "createProject", {"name": f"p-{uniq}"})["project"]["id"])


def _create(api: Api, project_id: str, name: str, **fields: Any) -> dict[str, Any]:
    return api.call(E, "createExperiment", {"project_id": project_id, "name": name, **fields})["experiment"]


def _get(api: Api, experiment_id: str) -> dict[str, Any]:
    return api.call(E, "getExperimentById", {"id": experiment_id})["experiment"]


def _error(api: Api, rpc: str, request: dict[str, Any], service: str = E) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(service, rpc, request)
    return info.value


def _kv(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": value}


def test_create_and_get_or_create_flow(api: Api, uniq: str) -> None:
    pid = _project(api, uniq)
    missing = _error(api, "getExperimentByName", {"project_id": pid, "name": "e"})
    assert missing.code == 5 and "not found" in missing.message
    exp = _create(api, pid, "e", description="d", tags=["b", "a", "a"], attributes=[_kv("x", True)])
    assert (exp["project_id"], exp["tags"], exp["version_number"]) == (pid, ["a", "b"], "1")
    assert api.call(E, "getExperimentByName", {"project_id": pid, "name": "e"})["experiment"] == exp
    assert _get(api, exp["id"]) == exp
    dup = _error(api, "createExperiment", {"project_id": pid, "name": "e"})
    assert dup.code == 6 and dup.message == "Experiment 'e' already exists in database"
    assert _create(api, _project(api, uniq + "2"), "e")["name"] == "e"  # names are per project


def test_create_validation(api: Api, uniq: str) -> None:
    pid = _project(api, uniq)
    assert _create(api, pid, "")["name"]
    assert _error(api, "createExperiment", {"project_id": "", "name": "e"}).code == 3
    assert _error(api, "createExperiment", {"project_id": f"unknown-{uniq}", "name": "e"}).code == 5
    assert _error(api, "createExperiment", {"project_id": pid, "name": "x" * 257}).code == 3
    assert _error(api, "createExperiment", {"project_id": pid, "name": "e", "tags": [""]}).code == 3
    err = _error(api, "createExperiment", {"project_id": pid, "name": "e", "attributes": [_kv("k", 1), _kv("k", 2)]})
    assert err.code == 3
    assert _error(api, "getExperimentByName", {"project_id": pid, "name": "e"}).code == 5  # nothing stored
    assert _error(api, "getExperimentByName", {"project_id": "", "name": "e"}).code == 3
    assert _error(api, "getExperimentById", {"id": ""}).code == 3


def test_client_dates_are_honoured(api: Api, uniq: str) -> None:
    pid = _project(api, uniq)
    exp = _create(api, pid, "e", date_created="1000", date_updated="2000")
    assert (exp["date_created"], exp["date_updated"]) == ("1000", "2000")
    only_created = _create(api, pid, "f", date_created="1000")
    assert only_created["date_updated"] == "1000"
    before = int(time.time() * 1000)
    touched = api.call(E, "addExperimentTag", {"id": exp["id"], "tag": "t"})["experiment"]
    assert int(touched["date_updated"]) >= before and touched["version_number"] == "2"


def test_rename_and_describe(api: Api, uniq: str) -> None:
    pid = _project(api, uniq)
    exp = _create(api, pid, "e")
    _create(api, pid, "taken")
    both = api.call(E, "updateExperimentNameOrDescription", {"id": exp["id"], "name": "e2", "description": "d"})
    assert (both["experiment"]["name"], both["experiment"]["description"]) == ("e2", "d")
    only_desc = api.call(E, "updateExperimentNameOrDescription", {"id": exp["id"], "description": "d2"})
    assert (only_desc["experiment"]["name"], only_desc["experiment"]["version_number"]) == ("e2", "3")
    assert _error(api, "updateExperimentNameOrDescription", {"id": exp["id"]}).code == 3
    assert api.call(E, "updateExperimentName", {"id": exp["id"], "name": "e3"})["experiment"]["name"] == "e3"
    assert _error(api, "updateExperimentName", {"id": exp["id"], "name": "taken"}).code == 6
    assert _error(api, "updateExperimentName", {"id": exp["id"], "name": ""}).code == 3
    assert _error(api, "updateExperimentName", {"id": exp["id"], "name": "y" * 257}).code == 3
    cleared = api.call(E, "updateExperimentDescription", {"id": exp["id"], "description": ""})["experiment"]
    assert "description" not in cleared and cleared["version_number"] == "5"


def test_tags(api: Api, uniq: str) -> None:
    eid = _create(api, _project(api, uniq), "e")["id"]
    assert api.call(E, "addExperimentTags", {"id": eid, "tags": ["z", "y"]})["experiment"]["tags"] == ["y", "z"]
    assert api.call(E, "addExperimentTag", {"id": eid, "tag": "y"})["experiment"]["tags"] == ["y", "z"]
    assert api.call(E, "getExperimentTags", {"id": eid}) == {"tags": ["y", "z"]}
    assert api.call(E, "deleteExperimentTag", {"id": eid, "tag": "y"})["experiment"]["tags"] == ["z"]
    assert "tags" not in api.call(E, "deleteExperimentTags", {"id": eid, "delete_all": True})["experiment"]
    assert _error(api, "addExperimentTags", {"id": eid, "tags": []}).code == 3
    assert _error(api, "deleteExperimentTag", {"id": eid, "tag": ""}).code == 3
    assert _error(api, "getExperimentTags", {"id": f"unknown-{uniq}"}).code == 5


def test_attributes(api: Api, uniq: str) -> None:
    exp = _create(api, _project(api, uniq), "e", attributes=[_kv("a", 1)])
    eid = exp["id"]
    assert api.call(E, "addAttribute", {"id": eid, "attribute": _kv("b", "s")}) == {"status": True}
    err = _error(api, "addAttribute", {"id": eid, "attribute": _kv("a", 2)})
    assert err.code == 6 and err.message == "Key a already exists"
    assert _error(api, "addAttribute", {"id": eid, "attribute": _kv("", 2)}).code == 3
    added = api.call(E, "addExperimentAttributes", {"id": eid, "attributes": [_kv("c", [1]), _kv("d", None)]})
    assert [a["key"] for a in added["experiment"]["attributes"]] == ["a", "b", "c", "d"]
    assert _error(api, "addExperimentAttributes", {"id": eid, "attributes": [_kv("e", 1), _kv("e", 1)]}).code == 3
    assert _error(api, "addExperimentAttributes", {"id": eid, "attributes": [_kv("f", 1), _kv("a", 1)]}).code == 6
    got = api.call(E, "getExperimentAttributes", {"id": eid, "attribute_keys": ["c", "f"]})
    assert got == {"attributes": [_kv("c", [1])]}  # f from the failed batch was not stored
    assert len(api.call(E, "getExperimentAttributes", {"id": eid, "get_all": True})["attributes"]) == 4
    assert _error(api, "getExperimentAttributes", {"id": eid}).code == 3
    left = api.call(E, "deleteExperimentAttributes", {"id": eid, "attribute_keys": ["a", "b"]})["experiment"]
    assert [a["key"] for a in left["attributes"]] == ["c", "d"]
    assert "attributes" not in api.call(E, "deleteExperimentAttributes", {"id": eid, "delete_all": True})["experiment"]
    assert _error(api, "deleteExperimentAttributes", {"id": eid}).code == 3


def test_code_version(api: Api, uniq: str) -> None:
    eid = _create(api, _project(api, uniq), "e")["id"]
    assert api.call(E, "getExperimentCodeVersion", {"id": eid}) == {}
    code = {"code_archive": {"key": "code", "path": "h/code.zip", "artifact_type": "CODE"}, "date_logged": "7"}
    logged = api.call(E, "logExperimentCodeVersion", {"id": eid, "code_version": code})["experiment"]
    assert logged["code_version_snapshot"] == code and logged["version_number"] == "2"
    assert api.call(E, "getExperimentCodeVersion", {"id": eid}) == {"code_version": code}
    assert _error(api, "logExperimentCodeVersion", {"id": eid, "code_version": code}).code == 6
    assert _error(api, "logExperimentCodeVersion", {"id": "", "code_version": code}).code == 3


def test_artifacts(api: Api, uniq: str) -> None:
    eid = _create(api, _project(api, uniq), "e", artifacts=[{"key": "a", "path": "pa"}])["id"]
    logged = api.call(
        E, "logArtifacts", {"id": eid, "artifacts": [{"key": "b", "path": "pb", "artifact_type": "DATA"}]}
    )
    assert [a["key"] for a in logged["experiment"]["artifacts"]] == ["a", "b"]
    err = _error(api, "logArtifacts", {"id": eid, "artifacts": [{"key": "c"}, {"key": "a"}]})
    assert err.code == 6 and "already exists" in err.message
    assert api.call(E, "getArtifacts", {"id": eid, "key": "c"}) == {}  # c of the failed batch not stored
    assert api.call(E, "getArtifacts", {"id": eid, "key": "b"})["artifacts"][0]["artifact_type"] == "DATA"
    assert [a["key"] for a in api.call(E, "deleteArtifact", {"id": eid, "key": "a"})["experiment"]["artifacts"]] == [
        "b"
    ]
    assert _error(api, "deleteArtifact", {"id": eid, "key": "a"}).code == 5
    assert _error(api, "deleteArtifact", {"id": eid, "key": ""}).code == 3


def test_soft_delete_cascades_and_frees_names(api: Api, uniq: str) -> None:
    pid = _project(api, uniq)
    exp = _create(api, pid, "e")
    run = api.call(RUNS, "createExperimentRun", {"project_id": pid, "experiment_id": exp["id"], "name": "r"})
    run_id = run["experiment_run"]["id"]
    assert api.call(E, "deleteExperiment", {"id": exp["id"]}) == {"status": True}
    assert _error(api, "getExperimentById", {"id": exp["id"]}).code == 5
    assert _error(api, "getExperimentByName", {"project_id": pid, "name": "e"}).code == 5
    assert _error(api, "getExperimentRunById", {"id": run_id}, RUNS).code == 5
    assert _error(api, "deleteExperiment", {"id": exp["id"]}).code == 5
    assert _create(api, pid, "e")["id"] != exp["id"]
    audit = api.call("ExtensionService", "findAuditRecords", {"entity_id": run_id})["records"]
    assert audit[-1]["action"] == "deleteExperiment" and audit[-1]["changes"] == {"deleted": True}


def test_delete_experiments_batch_is_atomic(api: Api, uniq: str) -> None:
    pid = _project(api, uniq)
    first, second = _create(api, pid, "e1"), _create(api, pid, "e2")
    assert _error(api, "deleteExperiments", {"ids": [first["id"], f"unknown-{uniq}"]}).code == 5
    assert _get(api, first["id"]) == first
    assert _error(api, "deleteExperiments", {"ids": []}).code == 3
    assert api.call(E, "deleteExperiments", {"ids": [first["id"], second["id"]]}) == {"status": True}
    assert _error(api, "getExperimentById", {"id": second["id"]}).code == 5
