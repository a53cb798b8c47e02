"""DatasetService: create/get/delete, names, metadata, listing and finds, and the runs that used a dataset."""

from __future__ import annotations

from typing import Any

from tests.apiclient import Api
from tests.backend.dataset_support import (
    RUNS,
    D,
    V,
    create_dataset,
    create_version,
    error,
    get_dataset,
    get_version,
    kv,
    linked,
    log_version,
    new_run,
)


def test_create_get_by_id_and_name(api: Api, uniq: str) -> None:
    ds = create_dataset(
        api, f"d-{uniq}", description="desc", tags=["b", "a", "b"], attributes=[kv("n", 1)], time_created="1234"
    )
    assert ds["id"].isdigit() and ds["name"] == f"d-{uniq}" and ds["description"] == "desc"
    assert ds["tags"] == ["a", "b"] and ds["attributes"] == [kv("n", 1)]
    assert (ds["time_created"], ds["time_updated"], ds["version_number"]) == ("1234", "1234", "1")
    assert "workspace_service_id" not in ds
    assert get_dataset(api, ds["id"]) == ds
    for workspace in ("", "personal"):
        got = api.call(D, "getDatasetByName", {"name": f"d-{uniq}", "workspace_name": workspace})
        assert got == {"dataset_by_user": ds}
    unnamed = create_dataset(api, "")
    assert unnamed["name"].startswith("Dataset ") and int(unnamed["time_created"]) > 1234


def test_names_are_unique_per_workspace_among_live_datasets(api: Api, uniq: str) -> None:
    first = create_dataset(api, f"d-{uniq}")
    err = error(api, D, "createDataset", {"name": f"d-{uniq}", "workspace_name": "personal"})
    assert err.code == 6 and err.status in (409, -1) and "already exists" in err.message
    other = create_dataset(api, f"d-{uniq}", workspace_name=f"team-{uniq}")
    assert other["id"] != first["id"]
    assert error(api, D, "getDatasetByName", {"name": f"d-{uniq}", "workspace_name": f"nope-{uniq}"}).code == 5
    assert api.call(D, "deleteDataset", {"id": first["id"]}) == {"status": True}
    assert error(api, D, "getDatasetById", {"id": first["id"]}).code == 5
    assert error(api, D, "getDatasetByName", {"name": f"d-{uniq}"}).code == 5
    assert create_dataset(api, f"d-{uniq}")["id"] != first["id"]  # the name is free again


def test_bad_input_is_refused_and_stores_nothing(api: Api, uniq: str) -> None:
    assert error(api, D, "createDataset", {"name": "x" * 257}).code == 3
    assert error(api, D, "createDataset", {"name": f"d-{uniq}", "tags": ["ok", ""]}).code == 3
    err = error(api, D, "createDataset", {"name": f"d-{uniq}", "attributes": [kv("a", 1), kv("a", 2)]})
    assert err.code == 3 and "Multiple key a" in err.message
    assert error(api, D, "getDatasetByName", {"name": f"d-{uniq}"}).code == 5
    assert error(api, D, "getDatasetByName", {"name": ""}).code == 3
    for missing in ("abc", "99999999999", "1" * 40, "-1"):
        assert error(api, D, "getDatasetById", {"id": missing}).code == 5
    assert error(api, D, "getDatasetById", {"id": ""}).code == 3
    assert error(api, D, "deleteDataset", {"id": ""}).code == 3
    assert error(api, D, "deleteDatasets", {"ids": []}).code == 3
    kept = create_dataset(api, f"kept-{uniq}")
    assert error(api, D, "deleteDatasets", {"ids": [kept["id"], "99999999999"]}).code == 5
    assert get_dataset(api, kept["id"])["name"] == f"kept-{uniq}"  # the failed batch deleted nothing


def test_rename_and_description_bump_time_and_version(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}", time_created="1000")
    create_dataset(api, f"taken-{uniq}")
    renamed = api.call(D, "updateDatasetName", {"id": ds["id"], "name": f"new-{uniq}"})["dataset"]
    assert renamed["name"] == f"new-{uniq}" and renamed["version_number"] == "2"
    assert int(renamed["time_updated"]) > 1000 and renamed["time_created"] == "1000"
    err = error(api, D, "updateDatasetName", {"id": ds["id"], "name": f"taken-{uniq}"})
    assert err.code == 6 and "already exists" in err.message
    generated = api.call(D, "updateDatasetName", {"id": ds["id"], "name": ""})["dataset"]
    assert generated["name"].startswith("Dataset ")
    described = api.call(D, "updateDatasetDescription", {"id": ds["id"], "description": "new"})["dataset"]
    assert described["description"] == "new" and described["version_number"] == "4"
    assert error(api, D, "updateDatasetDescription", {"id": "424242424", "description": "x"}).code == 5
    assert error(api, D, "updateDatasetName", {"id": "", "name": "x"}).code == 3


def test_tags_add_get_delete(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}", tags=["a"])
    assert api.call(D, "addDatasetTags", {"id": ds["id"], "tags": ["c", "b", "a"]})["dataset"]["tags"] == [
        "a",
        "b",
        "c",
    ]
    assert api.call(D, "getDatasetTags", {"id": ds["id"]}) == {"tags": ["a", "b", "c"]}
    deleted = api.call(D, "deleteDatasetTags", {"id": ds["id"], "tags": ["b", "absent"]})["dataset"]
    assert deleted["tags"] == ["a", "c"]
    assert "tags" not in api.call(D, "deleteDatasetTags", {"id": ds["id"], "delete_all": True})["dataset"]
    assert error(api, D, "addDatasetTags", {"id": ds["id"], "tags": []}).code == 3
    assert error(api, D, "addDatasetTags", {"id": ds["id"], "tags": ["x" * 251]}).code == 3
    assert error(api, D, "deleteDatasetTags", {"id": ds["id"], "tags": []}).code == 3
    assert error(api, D, "getDatasetTags", {"id": "77777777"}).code == 5


def test_attributes_add_replaces_update_delete(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}", attributes=[kv("k1", {"a": 1})])
    added = api.call(D, "addDatasetAttributes", {"id": ds["id"], "attributes": [kv("k2", ["a", 1]), kv("k1", "b")]})
    assert added["dataset"]["attributes"] == [kv("k1", "b"), kv("k2", ["a", 1])]  # ModelDB's client overwrites so
    updated = api.call(D, "updateDatasetAttributes", {"id": ds["id"], "attribute": kv("k3", 3)})["dataset"]
    assert [a["key"] for a in updated["attributes"]] == ["k1", "k2", "k3"]
    kept = api.call(D, "deleteDatasetAttributes", {"id": ds["id"], "attribute_keys": ["k2", "absent"]})["dataset"]
    assert kept["attributes"] == [kv("k1", "b"), kv("k3", 3)]
    cleared = api.call(D, "deleteDatasetAttributes", {"id": ds["id"], "delete_all": True})["dataset"]
    assert "attributes" not in cleared
    assert error(api, D, "addDatasetAttributes", {"id": ds["id"], "attributes": []}).code == 3
    assert error(api, D, "addDatasetAttributes", {"id": ds["id"], "attributes": [kv("", 1)]}).code == 3
    assert error(api, D, "updateDatasetAttributes", {"id": ds["id"], "attribute": kv("", 1)}).code == 3
    assert error(api, D, "deleteDatasetAttributes", {"id": ds["id"], "attribute_keys": []}).code == 3


def _seed_workspace(api: Api, ws: str) -> dict[str, dict[str, Any]]:
    specs = {
        "alpha": {"tags": ["train", "raw"], "attributes": [kv("rows", 100)], "time_created": "1000"},
        "beta": {"tags": ["train"], "attributes": [kv("rows", 9)], "time_created": "2000"},
        "gamma": {"tags": ["eval"], "attributes": [kv("rows", "many")], "time_created": "3000"},
    }
    return {n: create_dataset(api, n, workspace_name=ws, **spec) for n, spec in specs.items()}


def _find(api: Api, ws: str, *predicates: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return api.call(D, "findDatasets", {"workspace_name": ws, "predicates": list(predicates), **extra})


def _names(response: dict[str, Any]) -> list[str]:
    return [d["name"] for d in response.get("datasets", [])]


def _pred(key: str, value: Any, op: int = 0) -> dict[str, Any]:
    return {"key": key, "value": value, "operator": op}


def test_get_all_datasets_sorts_and_pages_in_the_workspace(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    _seed_workspace(api, ws)
    newest_first = api.call(D, "getAllDatasets", {"workspace_name": ws})
    assert _names(newest_first) == ["gamma", "beta", "alpha"] and newest_first["total_records"] == "3"
    page = api.call(
        D,
        "getAllDatasets",
        {"workspace_name": ws, "sort_key": "time_created", "ascending": True, "page_number": 2, "page_limit": 2},
    )
    assert _names(page) == ["gamma"] and page["total_records"] == "3"
    by_name = api.call(D, "getAllDatasets", {"workspace_name": ws, "sort_key": "name", "ascending": False})
    assert _names(by_name) == ["gamma", "beta", "alpha"]
    assert error(api, D, "getAllDatasets", {"workspace_name": ws, "sort_key": "bogus"}).code == 3
    assert error(api, D, "getAllDatasets", {"workspace_name": ws, "page_number": -1, "page_limit": 1}).code == 3


def test_find_datasets_predicates_sorting_and_ids(api: Api, uniq: str) -> None:
    ws = f"ws-{uniq}"
    seeded = _seed_workspace(api, ws)
    assert _names(_find(api, ws, _pred("name", "beta"))) == ["beta"]
    assert set(_names(_find(api, ws, _pred("tags", "TRA", 6)))) == {"alpha", "beta"}  # CONTAIN, case-insensitive
    assert _names(_find(api, ws, _pred("tags", "train", 1))) == ["gamma"]  # NE matches datasets without the tag
    assert _names(_find(api, ws, _pred("attributes.rows", 10, 2))) == ["alpha"]  # numbers compare numerically
    assert _names(_find(api, ws, _pred("time_created", "2000", 3))) == ["gamma", "beta"]
    assert _names(_find(api, ws, _pred("id", seeded["beta"]["id"]))) == ["beta"]
    assert _names(_find(api, ws, _pred("id", float(seeded["beta"]["id"])))) == ["beta"]  # the client sends numbers
    by_attr = _find(api, ws, sort_key="attributes.rows", ascending=True)
    assert _names(by_attr) == ["beta", "alpha", "gamma"]  # numbers first, numerically; then strings
    ids = [seeded["alpha"]["id"], seeded["gamma"]["id"], "not-an-id"]
    only = api.call(D, "findDatasets", {"dataset_ids": ids, "ids_only": True, "sort_key": "time_created"})
    assert only == {"datasets": [{"id": seeded["gamma"]["id"]}, {"id": seeded["alpha"]["id"]}], "total_records": "2"}
    paged = _find(api, ws, page_number=1, page_limit=1, sort_key="time_updated", ascending=True)
    assert _names(paged) == ["alpha"] and paged["total_records"] == "3"
    for bad in (_pred("bogus", 1), _pred("time_created", "soon", 2), _pred("", 1)):
        assert error(api, D, "findDatasets", {"workspace_name": ws, "predicates": [bad]}).code == 3


def test_delete_cascades_to_versions_and_runs_keep_their_links(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    version = create_version(api, ds["id"])
    run = new_run(api, uniq, "r1")
    log_version(api, run["id"], version["id"])
    assert api.call(D, "deleteDatasets", {"ids": [ds["id"], ds["id"]]}) == {"status": True}
    assert error(api, V, "getDatasetVersionById", {"id": version["id"]}).code == 5
    assert error(api, D, "deleteDataset", {"id": ds["id"]}).code == 5
    got = api.call(RUNS, "getExperimentRunById", {"id": run["id"]})["experiment_run"]
    assert got["datasets"] == [{**linked(version["id"]), "artifact_type": "DATA", "upload_completed": True}]
    assert error(api, D, "getExperimentRunByDataset", {"dataset_id": ds["id"]}).code == 5


def test_runs_and_last_experiment_of_a_dataset(api: Api, uniq: str) -> None:
    ds = create_dataset(api, f"d-{uniq}")
    v1, v2 = create_version(api, ds["id"]), create_version(api, ds["id"])
    other = create_version(api, create_dataset(api, f"other-{uniq}")["id"])
    r1, r2, r3 = new_run(api, uniq, "r1", "e1"), new_run(api, uniq, "r2", "e2"), new_run(api, uniq, "r3", "e1")
    gone = new_run(api, uniq, "gone", "e1")
    log_version(api, r1["id"], v1["id"])
    log_version(api, r2["id"], v2["id"])
    log_version(api, r3["id"], other["id"])
    log_version(api, gone["id"], v1["id"])
    api.call(RUNS, "deleteExperimentRun", {"id": gone["id"]})
    runs = api.call(D, "getExperimentRunByDataset", {"dataset_id": ds["id"]})["experiment_runs"]
    assert {r["name"] for r in runs} == {"r1", "r2"}
    assert int(runs[0]["date_updated"]) >= int(runs[1]["date_updated"])  # most recently updated first
    assert {r["datasets"][0]["linked_artifact_id"] for r in runs} == {v1["id"], v2["id"]}
    last = api.call(D, "getLastExperimentByDatasetId", {"dataset_id": ds["id"]})["experiment"]
    assert last["name"] == "e2"
    api.call("ExperimentService", "updateExperimentDescription", {"id": r1["experiment_id"], "description": "now"})
    assert api.call(D, "getLastExperimentByDatasetId", {"dataset_id": ds["id"]})["experiment"]["name"] == "e1"
    unused = create_dataset(api, f"unused-{uniq}")
    assert api.call(D, "getLastExperimentByDatasetId", {"dataset_id": unused["id"]}) == {}
    assert api.call(D, "getExperimentRunByDataset", {"dataset_id": unused["id"]}) == {}
    assert error(api, D, "getLastExperimentByDatasetId", {"dataset_id": ""}).code == 3
    assert get_version(api, v1["id"])["id"] == v1["id"]
