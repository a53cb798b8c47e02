"""Sorting (numeric, missing keys last, id tiebreak), pagination, total_records and the run list RPCs."""

from __future__ import annotations

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.find_support import RUNS, World, find_runs, names, world_for


def _sorted(api: Api, w: World, key: str, ascending: bool, **extra: object) -> list[str]:
    return names(w, find_runs(api, w, sort_key=key, ascending=ascending, **extra))


def _lacking(w: World, *short: str) -> list[str]:
    """Runs lacking a sort key come last in id order (the tiebreak follows the sort direction)."""
    return sorted(short, key=lambda s: w.runs[s]["id"])


def test_metric_sort_is_numeric_with_missing_keys_last(api: Api) -> None:
    w = world_for(api)
    assert _sorted(api, w, "metrics.acc", True) == ["r5", "r1", "r2", "r3", *_lacking(w, "r4", "r6")]
    assert _sorted(api, w, "metrics.acc", False) == ["r3", "r2", "r1", "r5", *_lacking(w, "r4", "r6")[::-1]]


def test_hyperparameter_and_attribute_sorts(api: Api) -> None:
    w = world_for(api)
    assert _sorted(api, w, "hyperparameters.lr", True) == ["r1", "r2", *_lacking(w, "r3", "r4", "r5", "r6")]
    assert _sorted(api, w, "hyperparameters.opt", False) == ["r3", "r1", *_lacking(w, "r2", "r4", "r5", "r6")[::-1]]
    # numbers before strings, lacking last, in both directions (string order itself is the collation's)
    for ascending in (True, False):
        order = _sorted(api, w, "attributes.note", ascending)
        assert order[0] == "r4" and order[-1] == "r6" and set(order[1:5]) == {"r1", "r2", "r3", "r5"}


def test_column_sorts_and_default(api: Api) -> None:
    w = world_for(api)
    by_created = ["r1", "r2", "r3", "r4", "r5", "r6"]
    assert _sorted(api, w, "date_created", True) == by_created
    assert _sorted(api, w, "date_created", False) == by_created[::-1]
    assert _sorted(api, w, "name", True) == by_created
    assert _sorted(api, w, "end_time", False)[:2] == ["r2", "r1"]
    # no sort key: date_updated, newest first unless ascending
    default = _sorted(api, w, "", False)
    updated = [int(r["date_updated"]) for r in find_runs(api, w)["experiment_runs"]]
    assert updated == sorted(updated, reverse=True) and len(default) == 6


def test_pagination_and_total_records(api: Api) -> None:
    w = world_for(api)
    pages = []
    for page in (1, 2, 3, 4):
        response = find_runs(api, w, sort_key="date_created", ascending=True, page_number=page, page_limit=2)
        assert response.get("total_records") == "6"
        pages.append(names(w, response))
    assert pages == [["r1", "r2"], ["r3", "r4"], ["r5", "r6"], []]
    # the client's len(): one run, the full count
    one = find_runs(api, w, page_number=1, page_limit=1)
    assert len(one["experiment_runs"]) == 1 and one["total_records"] == "6"
    # paging needs both numbers: page_limit alone returns everything
    assert len(find_runs(api, w, page_limit=2)["experiment_runs"]) == 6


def test_pages_of_a_metric_sort_do_not_overlap(api: Api) -> None:
    w = world_for(api)
    seen = []
    for page in (1, 2, 3):
        seen += _sorted(api, w, "metrics.acc", False, page_number=page, page_limit=2)
    assert sorted(seen) == ["r1", "r2", "r3", "r4", "r5", "r6"]


def test_negative_page_is_400(api: Api) -> None:
    w = world_for(api)
    with pytest.raises(ApiError) as info:
        find_runs(api, w, page_number=-1, page_limit=2)
    assert info.value.code == 3 and "page_number" in info.value.message


def test_runs_in_project_and_in_experiment(api: Api) -> None:
    w = world_for(api)
    in_project = api.call(
        RUNS, "getExperimentRunsInProject", {"project_id": w.project_id, "sort_key": "metrics.acc", "ascending": True}
    )
    assert names(w, in_project)[:4] == ["r5", "r1", "r2", "r3"] and in_project["total_records"] == "6"
    body = {"experiment_id": w.experiments["beta"]["id"], "page_number": 1, "page_limit": 2, "sort_key": "name"}
    in_experiment = api.call(RUNS, "getExperimentRunsInExperiment", body | {"ascending": True})
    assert names(w, in_experiment) == ["r3", "r4"] and in_experiment["total_records"] == "3"
    for rpc, scope in (
        ("getExperimentRunsInProject", {"project_id": "nope"}),
        ("getExperimentRunsInExperiment", {"experiment_id": w.experiments["gamma"]["id"]}),
    ):
        with pytest.raises(ApiError) as info:
            api.call(RUNS, rpc, scope)
        assert info.value.code == 5


def test_sort_and_top_runs(api: Api) -> None:
    w = world_for(api)
    ids = [w.runs[s]["id"] for s in ("r1", "r2", "r3", "r4")]
    sorted_runs = api.call(RUNS, "sortExperimentRuns", {"experiment_run_ids": ids, "sort_key": "metrics.acc"})
    assert names(w, sorted_runs) == ["r3", "r2", "r1", "r4"] and sorted_runs["total_records"] == "4"
    top = api.call(RUNS, "getTopExperimentRuns", {"project_id": w.project_id, "sort_key": "metrics.acc", "top_k": 2})
    assert names(w, top) == ["r3", "r2"]
    bottom = api.call(
        RUNS,
        "getTopExperimentRuns",
        {"experiment_id": w.experiments["alpha"]["id"], "sort_key": "metrics.acc", "ascending": True, "top_k": 1},
    )
    assert names(w, bottom) == ["r1"]
    with pytest.raises(ApiError) as info:
        api.call(RUNS, "sortExperimentRuns", {"experiment_run_ids": ids})
    assert info.value.code == 3 and "Sort key" in info.value.message


def test_children_runs(api: Api) -> None:
    w = world_for(api)
    children = api.call(RUNS, "getChildrenExperimentRuns", {"experiment_run_id": w.runs["r1"]["id"]})
    # the deleted child is not listed
    assert names(w, children) == ["r6"] and children["total_records"] == "1"
    none = api.call(RUNS, "getChildrenExperimentRuns", {"experiment_run_id": w.runs["r2"]["id"]})
    assert none.get("experiment_runs", []) == []
    with pytest.raises(ApiError) as info:
        api.call(RUNS, "getChildrenExperimentRuns", {"experiment_run_id": w.dead_runs["dead"]["id"]})
    assert info.value.code == 5
