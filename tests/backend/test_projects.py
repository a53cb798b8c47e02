"""ProjectService (other than finds): create/get/delete, metadata, code version, artifacts and deep copy."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.apiclient import Api, ApiError

P = "ProjectService"


def _create(api: Api, name: str, **fields: Any) -> dict[str, Any]:
    return api.call(P, "createProject", {"name": name, **fields})["project"]


def _get(api: Api, project_id: str) -> dict[str, Any]:
    return api.call(P, "getProjectById", {"id": project_id})["project"]


def _error(api: Api, rpc: str, request: dict[str, Any], service: str = P) -> ApiError:
    with pytest.raises(ApiError) as info:
        api.call(service, rpc, request)
    return info.value


def _kv(key: str, value: Any) -> dict[str, Any]:
    return {"key": key, "value": value}


def test_create_generates_name_and_short_name(api: Api, uniq: str) -> None:
    unnamed = _create(api, "")
    assert unnamed["name"] and unnamed["version_number"] == "1"
    assert unnamed["date_created"] == unnamed["date_updated"]
    named = _create(api, f"My project {uniq}!", description="d", readme_text="r")
    assert named["short_name"] == f"My-project-{uniq}-"
    assert (named["description"], named["readme_text"]) == ("d", "r")


def test_create_rejects_bad_input_and_stores_nothing(api: Api, uniq: str) -> None:
    assert _error(api, "createProject", {"name": "x" * 257}).code == 3
    assert _error(api, "createProject", {"name": f"p-{uniq}", "tags": ["ok", ""]}).code == 3
    err = _error(api, "createProject", {"name": f"p-{uniq}", "attributes": [_kv("a", 1), _kv("a", 2)]})
    assert err.code == 3 and "Multiple key a" in err.message
    assert _error(api, "getProjectByName", {"name": f"p-{uniq}"}).code == 5


def test_get_by_name_and_missing_ids(api: Api, uniq: str) -> None:
    created = _create(api, f"p-{uniq}")
    got = api.call(P, "getProjectByName", {"name": f"p-{uniq}", "workspace_name": "personal"})
    assert got["project_by_user"] == created
    missing = _error(api, "getProjectByName", {"name": f"nope-{uniq}"})
    assert missing.code == 5 and missing.status in (404, -1)  # -1: gRPC has no HTTP status
    assert _error(api, "getProjectByName", {"name": ""}).code == 3
    assert _error(api, "getProjectById", {"id": ""}).code == 3
    assert _error(api, "getProjectById", {"id": f"unknown-{uniq}"}).code == 5


def test_rename_and_description_bump_version(api: Api, uniq: str) -> None:
    project = _create(api, f"p-{uniq}")
    _create(api, f"other-{uniq}")
    renamed = api.call(P, "updateProjectName", {"id": project["id"], "name": f"new-{uniq}"})["project"]
    assert renamed["name"] == f"new-{uniq}" and renamed["version_number"] == "2"
    assert int(renamed["date_updated"]) >= int(project["date_updated"])
    err = _error(api, "updateProjectName", {"id": project["id"], "name": f"other-{uniq}"})
    assert err.code == 6 and "already exists" in err.message
    assert _error(api, "updateProjectName", {"id": project["id"], "name": ""}).code == 3
    described = api.call(P, "updateProjectDescription", {"id": project["id"], "description": "about"})["project"]
    assert (described["description"], described["version_number"]) == ("about", "3")


def test_date_updated_is_max_of_old_and_now(api: Api, uniq: str) -> None:
    past = _create(api, f"past-{uniq}", date_created="1000")
    assert (past["date_created"], past["date_updated"]) == ("1000", "1000")
    before = int(time.time() * 1000)
    touched = api.call(P, "addProjectTag", {"id": past["id"], "tag": "t"})["project"]
    assert int(touched["date_updated"]) >= before and touched["date_created"] == "1000"
    future = str(int(time.time() * 1000) + 10**9)
    ahead = _create(api, f"future-{uniq}", date_created=future)
    touched = api.call(P, "addProjectTag", {"id": ahead["id"], "tag": "t"})["project"]
    assert touched["date_updated"] == future and touched["version_number"] == "2"


def test_tags_add_get_delete(api: Api, uniq: str) -> None:
    pid = _create(api, f"p-{uniq}")["id"]
    assert api.call(P, "addProjectTags", {"id": pid, "tags": ["b", "a", "b"]})["project"]["tags"] == ["a", "b"]
    assert api.call(P, "addProjectTag", {"id": pid, "tag": "c"})["project"]["tags"] == ["a", "b", "c"]
    assert api.call(P, "getProjectTags", {"id": pid}) == {"tags": ["a", "b", "c"]}
    assert api.call(P, "deleteProjectTag", {"id": pid, "tag": "a"})["project"]["tags"] == ["b", "c"]
    assert api.call(P, "deleteProjectTags", {"id": pid, "tags": ["b"]})["project"]["tags"] == ["c"]
    cleared = api.call(P, "deleteProjectTags", {"id": pid, "delete_all": True})["project"]
    assert "tags" not in cleared and cleared["version_number"] == "6"
    assert _error(api, "addProjectTags", {"id": pid, "tags": []}).code == 3
    assert _error(api, "addProjectTag", {"id": pid, "tag": ""}).code == 3
    assert _error(api, "deleteProjectTags", {"id": pid, "tags": []}).code == 3
    assert _error(api, "addProjectTag", {"id": f"unknown-{uniq}", "tag": "x"}).code == 5


def test_attributes_add_update_get_delete(api: Api, uniq: str) -> None:
    pid = _create(api, f"p-{uniq}")["id"]
    added = api.call(P, "addProjectAttributes", {"id": pid, "attributes": [_kv("k2", [1, "x"]), _kv("k1", 0.5)]})
    assert [a["key"] for a in added["project"]["attributes"]] == ["k1", "k2"]
    err = _error(api, "addProjectAttributes", {"id": pid, "attributes": [_kv("k3", 1), _kv("k1", 2)]})
    assert err.code == 6 and err.message == "Key k1 already exists"
    err = _error(api, "addProjectAttributes", {"id": pid, "attributes": [_kv("k4", 1), _kv("k4", 2)]})
    assert err.code == 3
    assert _error(api, "addProjectAttributes", {"id": pid, "attributes": []}).code == 3
    api.call(P, "updateProjectAttributes", {"id": pid, "attribute": _kv("k1", "new")})
    api.call(P, "updateProjectAttributes", {"id": pid, "attribute": _kv("k5", {"a": 1})})
    got = api.call(P, "getProjectAttributes", {"id": pid, "get_all": True})["attributes"]
    assert got == [_kv("k1", "new"), _kv("k2", [1, "x"]), _kv("k5", {"a": 1})]  # k3/k4 never stored
    assert api.call(P, "getProjectAttributes", {"id": pid, "attribute_keys": ["k2", "zz"]})["attributes"] == [
        _kv("k2", [1, "x"])
    ]
    assert _error(api, "getProjectAttributes", {"id": pid}).code == 3
    left = api.call(P, "deleteProjectAttributes", {"id": pid, "attribute_keys": ["k1"]})["project"]["attributes"]
    assert [a["key"] for a in left] == ["k2", "k5"]
    assert "attributes" not in api.call(P, "deleteProjectAttributes", {"id": pid, "delete_all": True})["project"]


def test_failed_batch_leaves_project_unchanged(api: Api, uniq: str) -> None:
    project = _create(api, f"p-{uniq}", attributes=[_kv("a", 1)])
    assert (
        _error(api, "addProjectAttributes", {"id": project["id"], "attributes": [_kv("b", 1), _kv("a", 2)]}).code == 6
    )
    assert _error(api, "logArtifacts", {"id": project["id"], "artifacts": [{"key": "x"}, {"key": ""}]}).code == 3
    assert _get(api, project["id"]) == project


def test_code_version_logged_once(api: Api, uniq: str) -> None:
    pid = _create(api, f"p-{uniq}")["id"]
    assert api.call(P, "getProjectCodeVersion", {"id": pid}) == {}
    code = {"git_snapshot": {"repo": "git@x:y.git", "hash": "abc", "is_dirty": "TRUE"}, "date_logged": "5"}
    logged = api.call(P, "logProjectCodeVersion", {"id": pid, "code_version": code})["project"]
    assert logged["code_version_snapshot"] == code
    assert api.call(P, "getProjectCodeVersion", {"id": pid}) == {"code_version": code}
    err = _error(api, "logProjectCodeVersion", {"id": pid, "code_version": code})
    assert err.code == 6 and "already logged" in err.message
    assert _error(api, "logProjectCodeVersion", {"id": pid, "code_version": {"date_logged": "1"}}).code == 3


def test_readme_and_short_name(api: Api, uniq: str) -> None:
    pid = _create(api, f"p-{uniq}")["id"]
    assert api.call(P, "setProjectReadme", {"id": pid, "readme_text": "# hi"})["project"]["readme_text"] == "# hi"
    assert api.call(P, "getProjectReadme", {"id": pid}) == {"readme_text": "# hi"}
    short = f"s.{uniq}_x-1"
    assert api.call(P, "setProjectShortName", {"id": pid, "short_name": short})["project"]["short_name"] == short
    assert api.call(P, "getProjectShortName", {"id": pid}) == {"short_name": short}
    for bad in ("has space", "x" * 41, ""):
        assert _error(api, "setProjectShortName", {"id": pid, "short_name": bad}).code == 3
    other = _create(api, f"other-{uniq}")["id"]
    assert _error(api, "setProjectShortName", {"id": other, "short_name": short}).code == 6


def test_artifacts_log_get_delete(api: Api, uniq: str) -> None:
    pid = _create(api, f"p-{uniq}")["id"]
    arts = [{"key": "b", "path": "s3://b", "artifact_type": "BLOB"}, {"key": "a", "path": "p/a", "path_only": True}]
    logged = api.call(P, "logArtifacts", {"id": pid, "artifacts": arts})["project"]
    assert [a["key"] for a in logged["artifacts"]] == ["a", "b"]
    assert _error(api, "logArtifacts", {"id": pid, "artifacts": [{"key": "a"}]}).code == 6
    assert _error(api, "logArtifacts", {"id": pid, "artifacts": []}).code == 3
    assert api.call(P, "getArtifacts", {"id": pid, "key": "b"})["artifacts"] == [arts[0]]
    assert len(api.call(P, "getArtifacts", {"id": pid})["artifacts"]) == 2
    assert [a["key"] for a in api.call(P, "deleteArtifact", {"id": pid, "key": "a"})["project"]["artifacts"]] == ["b"]
    assert _error(api, "deleteArtifact", {"id": pid, "key": "a"}).code == 5
    assert _error(api, "deleteArtifact", {"id": pid, "key": ""}).code == 3


def test_delete_projects_cascades_and_frees_name(api: Api, uniq: str) -> None:
    project = _create(api, f"p-{uniq}")
    exp = api.call("ExperimentService", "createExperiment", {"project_id": project["id"], "name": "e"})["experiment"]
    assert _error(api, "deleteProjects", {"ids": [project["id"], f"unknown-{uniq}"]}).code == 5
    assert _get(api, project["id"]) == project  # the failed batch deleted nothing
    assert _error(api, "deleteProjects", {"ids": []}).code == 3
    assert api.call(P, "deleteProjects", {"ids": [project["id"]]}) == {"status": True}
    assert _error(api, "getProjectById", {"id": project["id"]}).code == 5
    assert _error(api, "getExperimentById", {"id": exp["id"]}, "ExperimentService").code == 5
    assert _error(api, "deleteProject", {"id": project["id"]}).code == 5
    assert _create(api, f"p-{uniq}")["id"] != project["id"]
    audit = api.call("ExtensionService", "findAuditRecords", {"entity_id": exp["id"]})["records"]
    assert [r["action"] for r in audit] == ["createExperiment", "deleteProjects"]


def test_deep_copy_project(api: Api, uniq: str) -> None:
    src = _create(api, f"p-{uniq}", tags=["t"], attributes=[_kv("a", 1)], artifacts=[{"key": "k", "path": "x"}])
    exp = api.call("ExperimentService", "createExperiment", {"project_id": src["id"], "name": "e", "tags": ["et"]})
    run_req = {"project_id": src["id"], "experiment_id": exp["experiment"]["id"], "name": "r", "metrics": [_kv("m", 2)]}
    api.call("ExperimentRunService", "createExperimentRun", run_req)
    copy = api.call(P, "deepCopyProject", {"id": src["id"]})["project"]
    assert copy["id"] != src["id"] and copy["name"] == f"p-{uniq} (copy)"
    assert copy["short_name"] == f"p-{uniq}-copy-" and copy["version_number"] == "1"
    assert (copy["tags"], copy["attributes"], copy["artifacts"]) == (src["tags"], src["attributes"], src["artifacts"])
    copied_exp = api.call("ExperimentService", "getExperimentByName", {"project_id": copy["id"], "name": "e"})
    assert copied_exp["experiment"]["tags"] == ["et"] and copied_exp["experiment"]["id"] != exp["experiment"]["id"]
    run = api.call(
        "ExperimentRunService", "getExperimentRunByName", {"experiment_id": copied_exp["experiment"]["id"], "name": "r"}
    )
    assert run["experiment_run"]["metrics"] == [_kv("m", 2)] and run["experiment_run"]["project_id"] == copy["id"]
    assert api.call(P, "deepCopyProject", {"id": src["id"]})["project"]["name"] == f"p-{uniq} (copy 2)"
    assert _error(api, "deepCopyProject", {"id": f"unknown-{uniq}"}).code == 5
