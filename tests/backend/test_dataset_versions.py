"""DatasetVersionService: version chains, content (blob and legacy infos), metadata, listing, finds, deletes."""

from __future__ import annotations

from typing import Any

from tests.apiclient import Api
from tests.backend.dataset_support import (
    RUNS,
    V,
    create_dataset,
    create_version,
    error,
    get_dataset,
    get_version,
    kv,
    log_version,
    new_run,
    path_blob,
)


def test_versions_are_numbered_and_chained(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}", time_created="1000")
    v1 = create_version(api, ds["id"], description="first", tags=["t"], attributes=[kv("a", 1)])
    v2 = create_version(api, ds["id"])
    v3 = create_version(api, ds["id"], time_created="5000")
    assert [v["version"] for v in (v1, v2, v3)] == ["1", "2", "3"]
    assert "parent_id" not in v1 and v2["parent_id"] == v1["id"] and v3["parent_id"] == v2["id"]
    assert {v["dataset_id"] for v in (v1, v2, v3)} == {ds["id"]}
    assert (v1["description"], v1["tags"], v1["attributes"], v1["version_number"]) == (
        "first",
        ["t"],
        [kv("a", 1)],
        "1",
    )
    assert v1["time_logged"] == v1["time_updated"] and int(v1["time_logged"]) > 1000
    assert (v3["time_logged"], v3["time_updated"]) == ("5000", "5000")
    dataset = get_dataset(api, ds["id"])  # updated at once when a version is logged (no reconciler)
    assert dataset["time_updated"] == "5000" and dataset["version_number"] == "4"
    assert get_version(api, v2["id"]) == v2
    audit = api.call("ExtensionService", "findAuditRecords", {"entity_type": "dataset", "entity_id": ds["id"]})
    actions = [r["action"] for r in audit["records"]]
    assert actions == ["createDataset"] + ["createDatasetVersion"] * 3
    audit = api.call("ExtensionService", "findAuditRecords", {"entity_id": v1["id"]})
    assert [(r["entity_type"], r["action"]) for r in audit["records"]] == [("dataset_version", "createDatasetVersion")]


def test_latest_version(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    err = error(api, V, "getLatestDatasetVersionByDatasetId", {"dataset_id": ds["id"]})
    assert err.code == 5 and ds["id"] in err.message
    v1 = create_version(api, ds["id"])
    v2 = create_version(api, ds["id"], time_created=v1["time_logged"])  # same millisecond: the number decides
    latest = api.call(V, "getLatestDatasetVersionByDatasetId", {"dataset_id": ds["id"]})["dataset_version"]
    assert latest["id"] == v2["id"]
    oldest = api.call(V, "getLatestDatasetVersionByDatasetId", {"dataset_id": ds["id"], "ascending": True})
    assert oldest["dataset_version"]["id"] == v1["id"]
    by_version = {"dataset_id": ds["id"], "sort_key": "version"}
    assert api.call(V, "getLatestDatasetVersionByDatasetId", by_version)["dataset_version"]["id"] == v2["id"]
    assert error(api, V, "getLatestDatasetVersionByDatasetId", {"dataset_id": ""}).code == 3
    assert error(api, V, "getLatestDatasetVersionByDatasetId", {"dataset_id": "88888888"}).code == 5


def test_explicit_version_numbers_and_parents(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    v5 = create_version(api, ds["id"], version="5")
    assert v5["version"] == "5"
    assert create_version(api, ds["id"])["version"] == "6"
    err = error(api, V, "createDatasetVersion", {"dataset_id": ds["id"], "version": "5", "dataset_blob": path_blob()})
    assert err.code == 6 and "version 5" in err.message
    branch = create_version(api, ds["id"], parent_id=v5["id"])
    assert branch["parent_id"] == v5["id"] and branch["version"] == "7"
    other = create_version(api, create_dataset(api, f"other-{uniq}")["id"])
    request = {"dataset_id": ds["id"], "parent_id": other["id"], "dataset_blob": path_blob()}
    assert error(api, V, "createDatasetVersion", request).code == 5


def test_content_blob_and_legacy_infos(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    path = create_version(api, ds["id"], dataset_blob=path_blob(("/d/a", 10), ("/d/b", 5)))
    assert path["path_dataset_version_info"] == {
        "size": "15",
        "dataset_part_infos": [
            {"path": "/d/a", "size": "10", "checksum": "md5-/d/a"},
            {"path": "/d/b", "size": "5", "checksum": "md5-/d/b"},
        ],
    }
    s3_blob = {"s3": {"components": [{"path": {"path": "s3://b/k", "size": "3"}, "s3_version_id": "v9"}]}}
    s3 = create_version(api, ds["id"], dataset_blob=s3_blob)
    assert s3["dataset_blob"] == s3_blob
    assert s3["path_dataset_version_info"]["location_type"] == "S3_FILE_SYSTEM"
    assert s3["path_dataset_version_info"]["size"] == "3"
    query_blob = {"query": {"components": [{"query": "select 1", "data_source_uri": "db://x", "num_records": "7"}]}}
    query = create_version(api, ds["id"], dataset_blob=query_blob)
    assert query["query_dataset_version_info"] == {"query": "select 1", "data_source_uri": "db://x", "num_records": "7"}
    info = {"location_type": 3, "base_path": "s3://b", "dataset_part_infos": [{"path": "s3://b/k", "size": "4"}]}
    legacy = api.call(V, "createDatasetVersion", {"dataset_id": ds["id"], "path_dataset_version_info": info})[
        "dataset_version"
    ]
    assert legacy["dataset_blob"] == {
        "s3": {"components": [{"path": {"path": "s3://b/k", "size": "4", "base_path": "s3://b"}}]}
    }
    assert legacy["path_dataset_version_info"]["location_type"] == "S3_FILE_SYSTEM"
    raw = {"size": "9", "num_records": "3", "object_path": "/raw"}
    got = api.call(V, "createDatasetVersion", {"dataset_id": ds["id"], "raw_dataset_version_info": raw})
    assert got["dataset_version"]["raw_dataset_version_info"] == raw and "dataset_blob" not in got["dataset_version"]
    err = error(api, V, "createDatasetVersion", {"dataset_id": ds["id"]})
    assert err.code == 3 and "dataset_blob" in err.message
    assert error(api, V, "createDatasetVersion", {"dataset_id": ds["id"], "dataset_blob": {}}).code == 3


def test_create_refuses_bad_input_and_stores_nothing(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    blob = path_blob()
    assert error(api, V, "createDatasetVersion", {"dataset_id": "", "dataset_blob": blob}).code == 3
    assert error(api, V, "createDatasetVersion", {"dataset_id": "123456789", "dataset_blob": blob}).code == 5
    for bad in ({"tags": [""]}, {"attributes": [kv("a", 1), kv("a", 2)]}, {"attributes": [kv("", 1)]}):
        assert error(api, V, "createDatasetVersion", {"dataset_id": ds["id"], "dataset_blob": blob, **bad}).code == 3
    assert "dataset_versions" not in api.call(V, "getAllDatasetVersionsByDatasetId", {"dataset_id": ds["id"]})
    assert get_dataset(api, ds["id"]) == ds
    assert error(api, V, "getDatasetVersionById", {"id": ""}).code == 3
    assert error(api, V, "getDatasetVersionById", {"id": f"nope-{uniq}"}).code == 5


def _versions(response: dict[str, Any]) -> list[str]:
    return [v["version"] for v in response.get("dataset_versions", [])]


def test_get_all_versions_sorts_and_pages(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    for logged in ("3000", "1000", "2000"):
        create_version(api, ds["id"], time_created=logged)
    listing = api.call(V, "getAllDatasetVersionsByDatasetId", {"dataset_id": ds["id"]})
    assert _versions(listing) == ["1", "3", "2"] and listing["total_records"] == "3"  # newest logged first
    request = {"dataset_id": ds["id"], "sort_key": "version", "ascending": True, "page_number": 2, "page_limit": 2}
    page = api.call(V, "getAllDatasetVersionsByDatasetId", request)
    assert _versions(page) == ["3"] and page["total_records"] == "3"
    assert error(api, V, "getAllDatasetVersionsByDatasetId", {"dataset_id": ds["id"], "sort_key": "name"}).code == 3
    assert error(api, V, "getAllDatasetVersionsByDatasetId", {"dataset_id": "x"}).code == 5


def test_delete_skips_the_version_in_the_chain(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    v1, v2, v3, v4 = (create_version(api, ds["id"]) for _ in range(4))
    assert api.call(V, "deleteDatasetVersion", {"id": v2["id"], "dataset_id": ds["id"]}) == {}
    assert error(api, V, "getDatasetVersionById", {"id": v2["id"]}).code == 5
    assert get_version(api, v3["id"])["parent_id"] == v1["id"]
    other = create_dataset(api, f"other-{uniq}")
    err = error(api, V, "deleteDatasetVersions", {"ids": [v3["id"], v4["id"]], "dataset_id": other["id"]})
    assert err.code == 5
    api.call(V, "deleteDatasetVersions", {"ids": [v3["id"], v4["id"]]})
    latest = api.call(V, "getLatestDatasetVersionByDatasetId", {"dataset_id": ds["id"]})["dataset_version"]
    assert latest["id"] == v1["id"]
    v5 = create_version(api, ds["id"])
    assert (v5["version"], v5["parent_id"]) == ("5", v1["id"])  # numbers are never reused
    assert error(api, V, "deleteDatasetVersion", {"id": v2["id"]}).code == 5
    assert error(api, V, "deleteDatasetVersion", {"id": ""}).code == 3
    assert error(api, V, "deleteDatasetVersions", {"ids": []}).code == 3


def test_description_tags_and_attributes(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    other = create_dataset(api, f"other-{uniq}")
    v = create_version(api, ds["id"], attributes=[kv("a", 1)])
    ids = {"id": v["id"], "dataset_id": ds["id"]}
    described = api.call(V, "updateDatasetVersionDescription", {**ids, "description": "d"})["dataset_version"]
    assert described["description"] == "d" and described["version_number"] == "2"
    assert int(described["time_updated"]) >= int(v["time_updated"])
    wrong = {"id": v["id"], "dataset_id": other["id"]}
    assert error(api, V, "updateDatasetVersionDescription", {**wrong, "description": "x"}).code == 5
    tagged = api.call(V, "addDatasetVersionTags", {"id": v["id"], "tags": ["y", "x", "y"]})["dataset_version"]
    assert tagged["tags"] == ["x", "y"]
    untagged = api.call(V, "deleteDatasetVersionTags", {**ids, "tags": ["x", "absent"]})["dataset_version"]
    assert untagged["tags"] == ["y"]
    assert "tags" not in api.call(V, "deleteDatasetVersionTags", {**ids, "delete_all": True})["dataset_version"]
    assert error(api, V, "addDatasetVersionTags", {**ids, "tags": []}).code == 3
    assert error(api, V, "addDatasetVersionTags", {**wrong, "tags": ["z"]}).code == 5
    err = error(api, V, "addDatasetVersionAttributes", {**ids, "attributes": [kv("b", 2), kv("a", 3)]})
    assert err.code == 6 and "a" in err.message
    added = api.call(V, "addDatasetVersionAttributes", {**ids, "attributes": [kv("b", [1, "x"])]})["dataset_version"]
    assert added["attributes"] == [kv("a", 1), kv("b", [1, "x"])]
    api.call(V, "updateDatasetVersionAttributes", {**ids, "attribute": kv("a", {"n": None})})
    got = api.call(V, "getDatasetVersionAttributes", {**ids, "attribute_keys": ["a", "absent"]})
    assert got == {"attributes": [kv("a", {"n": None})]}
    assert len(api.call(V, "getDatasetVersionAttributes", {"id": v["id"], "get_all": True})["attributes"]) == 2
    assert error(api, V, "getDatasetVersionAttributes", {"id": v["id"]}).code == 3
    assert error(api, V, "getDatasetVersionAttributes", {**wrong, "get_all": True}).code == 5
    kept = api.call(V, "deleteDatasetVersionAttributes", {**ids, "attribute_keys": ["a", "zz"]})["dataset_version"]
    assert kept["attributes"] == [kv("b", [1, "x"])]
    assert error(api, V, "updateDatasetVersionAttributes", {**ids, "attribute": kv("", 1)}).code == 3
    assert error(api, V, "deleteDatasetVersionAttributes", {**ids, "attribute_keys": []}).code == 3
    assert get_version(api, v["id"])["version_number"] == "8"  # one per successful change


def _find(api: Api, **request: Any) -> dict[str, Any]:
    return api.call(V, "findDatasetVersions", request)


def _pred(key: str, value: Any, op: int = 0) -> dict[str, Any]:
    return {"key": key, "value": value, "operator": op}


def test_find_versions(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    ds = create_dataset(api, f"d-{uniq}", workspace_name=ws)
    other = create_dataset(api, f"other-{uniq}", workspace_name=ws)
    v1 = create_version(api, ds["id"], tags=["t1"], attributes=[kv("rows", 5)], time_created="1000")
    v2 = create_version(api, ds["id"], tags=["t1", "t2"], attributes=[kv("rows", 50)], time_created="2000")
    v3 = create_version(api, ds["id"], tags=["t2", "t3"], time_created="3000")
    o1 = create_version(api, other["id"], tags=["t1"], time_created="4000")
    scoped = {"dataset_id": ds["id"]}
    assert _versions(_find(api, **scoped, predicates=[_pred("tags", "t1", 6)])) == ["2", "1"]
    assert _versions(_find(api, **scoped, predicates=[_pred("tags", "t3", 7)])) == ["2", "1"]
    assert _versions(_find(api, **scoped, predicates=[_pred("version", 2, 3)])) == ["3", "2"]
    assert _versions(_find(api, **scoped, predicates=[_pred("time_logged", "2000", 5)])) == ["2", "1"]
    assert _versions(_find(api, **scoped, predicates=[_pred("attributes.rows", 10, 2)])) == ["2"]
    assert _versions(_find(api, **scoped, predicates=[_pred("id", v3["id"])])) == ["3"]
    whole = _find(api, workspace_name=ws, predicates=[_pred("tags", "t1")])
    assert {v["id"] for v in whole["dataset_versions"]} == {v1["id"], v2["id"], o1["id"]}
    assert _versions(_find(api, workspace_name=ws, predicates=[_pred("dataset_id", other["id"])])) == ["1"]
    by_ids = _find(api, dataset_version_ids=[v1["id"], o1["id"]], ids_only=True, sort_key="time_logged", ascending=True)
    assert by_ids == {"dataset_versions": [{"id": v1["id"]}, {"id": o1["id"]}], "total_records": "2"}
    paged = _find(api, **scoped, sort_key="version", ascending=True, page_number=2, page_limit=1)
    assert _versions(paged) == ["2"] and paged["total_records"] == "3"
    assert error(api, V, "findDatasetVersions", {**scoped, "predicates": [_pred("name", "x")]}).code == 3
    assert error(api, V, "findDatasetVersions", {"dataset_id": "9999999"}).code == 5


def test_runs_by_dataset_version(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    v1, v2 = create_version(api, ds["id"]), create_version(api, ds["id"])
    runs = [new_run(api, uniq, f"r{i}") for i in range(3)]
    for run in runs:
        log_version(api, run["id"], v1["id"])
    log_version(api, runs[0]["id"], v2["id"], key="val")
    request = {"dataset_version_id": v1["id"], "sort_key": "name", "ascending": True}
    got = api.call(RUNS, "getExperimentRunsByDatasetVersionId", request)
    assert [r["name"] for r in got["experiment_runs"]] == ["r0", "r1", "r2"] and got["total_records"] == "3"
    page = api.call(RUNS, "getExperimentRunsByDatasetVersionId", {**request, "page_number": 2, "page_limit": 2})
    assert [r["name"] for r in page["experiment_runs"]] == ["r2"] and page["total_records"] == "3"
    only_v2 = api.call(RUNS, "getExperimentRunsByDatasetVersionId", {"dataset_version_id": v2["id"]})
    assert [r["name"] for r in only_v2["experiment_runs"]] == ["r0"]
    api.call(V, "deleteDatasetVersion", {"id": v2["id"]})
    assert error(api, RUNS, "getExperimentRunsByDatasetVersionId", {"dataset_version_id": v2["id"]}).code == 5
    assert error(api, RUNS, "getExperimentRunsByDatasetVersionId", {"dataset_version_id": ""}).code == 3
    datasets = api.call(RUNS, "getDatasets", {"id": runs[0]["id"]})["datasets"]
    assert [d["linked_artifact_id"] for d in datasets] == [v1["id"], v2["id"]]  # the run keeps its link
