"""findProjects / getProjects / getSummary and findExperiments / getExperimentsInProject."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.find_support import EXPERIMENTS, PROJECTS, World, pred, world_for


def _project_names(w: World, response: dict[str, Any]) -> list[str]:
    return [p["name"].rsplit("-", 1)[0] for p in response.get("projects", [])]


def _find_projects(api: Api, w: World, *predicates: dict[str, Any], **extra: Any) -> dict[str, Any]:
    mine = pred("name", w.uniq, "CONTAIN")  # the server is shared: stay among this world's projects
    return api.call(PROJECTS, "findProjects", {"predicates": [mine, *predicates], **extra})


@pytest.mark.parametrize(
    ("predicates", "expected"),
    [
        ([], {"find", "other"}),
        ([pred("tags", "shared")], {"other"}),
        ([pred("tags", "x_y", "CONTAIN")], {"other"}),
        ([pred("tags", "main", "NE")], {"other"}),
        ([pred("attributes.size", 2, "GT")], {"other"}),
        ([pred("attributes.size", 3, "NE")], {"find"}),
        ([pred("date_created", 10)], {"find"}),
        ([pred("name", "FIND-", "CONTAIN")], {"find"}),
    ],
)
def test_find_projects(api: Api, predicates: list[dict[str, Any]], expected: set[str]) -> None:
    w = world_for(api)
    response = _find_projects(api, w, *predicates)
    assert set(_project_names(w, response)) == expected
    assert int(response.get("total_records", 0)) == len(expected)


def test_find_projects_by_ids_ids_only_and_sort(api: Api) -> None:
    w = world_for(api)
    ids = [w.project_id, w.extra_projects["other"]["id"], w.extra_projects["gone"]["id"]]
    response = api.call(PROJECTS, "findProjects", {"project_ids": ids, "ids_only": True, "sort_key": "name"})
    # the deleted project is not found even by id; name descending puts other- before find-
    assert response["projects"] == [{"id": ids[1]}, {"id": ids[0]}] and response["total_records"] == "2"


def test_project_run_only_keys_are_400(api: Api) -> None:
    w = world_for(api)
    for key in ("metrics.acc", "experiment.name", "project_id"):
        with pytest.raises(ApiError) as info:
            _find_projects(api, w, pred(key, 1))
        assert info.value.code == 3 and f"Predicate cannot be handled: {key}" in info.value.message
    with pytest.raises(ApiError) as info:
        _find_projects(api, w, sort_key="metrics.acc")
    assert info.value.code == 3 and "Sort key cannot be handled" in info.value.message


def test_get_projects_pages_the_workspace(api: Api) -> None:
    w = world_for(api)
    first = api.call(PROJECTS, "getProjects", {"page_number": 1, "page_limit": 1, "sort_key": "date_created"})
    total = int(first["total_records"])
    assert len(first["projects"]) == 1 and total >= 2
    everything = api.call(PROJECTS, "getProjects", {"workspace_name": "personal"})
    ids = [p["id"] for p in everything["projects"]]
    assert len(ids) == total and w.project_id in ids and w.extra_projects["gone"]["id"] not in ids


def test_summary(api: Api) -> None:
    w = world_for(api)
    summary = api.call(PROJECTS, "getSummary", {"entityId": w.project_id})
    assert summary["name"] == w.project["name"]
    assert summary["total_experiment"] == "2" and summary["total_experiment_runs"] == "6"
    last = summary["last_modified_experimentRun_summary"]
    assert last["name"] == f"r6-{w.uniq}" and last["last_updated_time"] == "6000"
    # deleted runs (acc 100, 1000) take no part in the min/max
    assert summary["metrics"] == [
        {"key": "acc", "min_value": -1.5, "max_value": 10},
        {"key": "loss", "min_value": -3, "max_value": 10},
    ]
    empty = api.call(PROJECTS, "getSummary", {"entityId": w.extra_projects["other"]["id"]})
    assert "total_experiment_runs" not in empty and "metrics" not in empty
    for body, code in (({"entityId": ""}, 3), ({"entityId": w.extra_projects["gone"]["id"]}, 5)):
        with pytest.raises(ApiError) as info:
            api.call(PROJECTS, "getSummary", body)
        assert info.value.code == code


def _experiment_names(response: dict[str, Any]) -> list[str]:
    return [e["name"] for e in response.get("experiments", [])]


def test_find_experiments(api: Api) -> None:
    w = world_for(api)
    base = {"project_id": w.project_id, "sort_key": "date_created", "ascending": True}
    assert _experiment_names(api.call(EXPERIMENTS, "findExperiments", base)) == ["alpha", "beta"]
    cases = [
        (pred("tags", "exp-tag"), ["alpha"]),
        (pred("attributes.team", "vision", "NE"), ["beta"]),
        (pred("name", "ET", "CONTAIN"), ["beta"]),
        (pred("project_id", w.project_id), ["alpha", "beta"]),
        (pred("id", [w.experiments["beta"]["id"], w.experiments["gamma"]["id"]], "IN"), ["beta"]),
    ]
    for predicate, expected in cases:
        response = api.call(EXPERIMENTS, "findExperiments", base | {"predicates": [predicate]})
        assert _experiment_names(response) == expected, predicate
        assert response["total_records"] == str(len(expected))
    ids_only = api.call(EXPERIMENTS, "findExperiments", base | {"ids_only": True, "page_number": 2, "page_limit": 1})
    assert ids_only == {"experiments": [{"id": w.experiments["beta"]["id"]}], "total_records": "2"}
    by_ids = api.call(EXPERIMENTS, "findExperiments", {"experiment_ids": [w.experiments["alpha"]["id"]]})
    assert _experiment_names(by_ids) == ["alpha"]


def test_experiments_in_project(api: Api) -> None:
    w = world_for(api)
    body = {"project_id": w.project_id, "sort_key": "name", "ascending": False}
    response = api.call(EXPERIMENTS, "getExperimentsInProject", body)
    assert _experiment_names(response) == ["beta", "alpha"] and response["total_records"] == "2"
    for bad, code in (({"project_id": ""}, 3), ({"project_id": w.extra_projects["gone"]["id"]}, 5)):
        with pytest.raises(ApiError) as info:
            api.call(EXPERIMENTS, "getExperimentsInProject", bad)
        assert info.value.code == code
    with pytest.raises(ApiError) as info:
        api.call(EXPERIMENTS, "findExperiments", {"project_id": w.project_id, "predicates": [pred("metrics.x", 1)]})
    assert info.value.code == 3
