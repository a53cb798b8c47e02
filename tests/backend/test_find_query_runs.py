"""ExtensionService.queryRuns: the boolean query language end to end, on the seeded world."""

from __future__ import annotations

from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.find_support import EXT, World, find_runs, names, pred, world_for

ALL = {"r1", "r2", "r3", "r4", "r5", "r6"}


def query(api: Api, w: World, text: str, **extra: Any) -> dict[str, Any]:
    return api.call(EXT, "queryRuns", {"project_id": w.project_id, "query": text, **extra})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ALL),
        ("metrics.acc > 5", {"r2", "r3"}),
        ("metrics.acc >= 0.9 and tags contains 'base'", {"r1", "r3"}),
        ('metrics.acc < 0 or hyperparameters.opt == "sgd"', {"r3", "r5"}),
        ("not metrics.acc > 5", {"r1", "r4", "r5", "r6"}),
        ("NOT (metrics.acc > 5 OR tags = 'baseline')", {"r4", "r5", "r6"}),
        ("(metrics.acc > 5 or metrics.acc < 0) and not tags in ['candidate']", {"r3", "r5"}),
        ("metrics.acc in [9, 10, -1.5]", {"r2", "r3", "r5"}),
        ("metrics.acc not in [9, 10]", {"r1", "r4", "r5", "r6"}),
        ("'baseline' in tags", {"r1", "r3"}),
        ("'baseline' not in tags", {"r2", "r4", "r5", "r6"}),
        ("attributes.note contains 'O_W'", {"r1"}),
        ("attributes.note not contains 'hello'", {"r3", "r4", "r6"}),
        ("attributes.flag == true", {"r1"}),
        ("attributes.flag == 'true'", {"r2"}),
        ("experiment.name = 'beta' and date_created > 3500", {"r4", "r5"}),
        ("observations.attribute.ep_loss < 0.3", {"r3"}),
        ("datasets.linked_artifact_id in ['dv-1', 'dv-2'] and end_time >= 2000", {"r2"}),
        ("artifacts.model ~= 'MODEL'", {"r1"}),
        ("metrics.`acc` > 9.5", {"r3"}),
        ("metrics.acc != null", ALL),
        ("not not metrics.acc == 9", {"r2"}),
    ],
)
def test_query(api: Api, text: str, expected: set[str]) -> None:
    w = world_for(api)
    response = query(api, w, w.real(text))
    assert set(names(w, response)) == expected
    assert int(response.get("total_records", 0)) == len(expected)


def test_query_means_the_same_as_find(api: Api) -> None:
    """Both syntaxes go through one predicate implementation."""
    w = world_for(api)
    for text, predicate in (
        ("metrics.acc != 9", pred("metrics.acc", 9, "NE")),
        ("attributes.note contains '%'", pred("attributes.note", "%", "CONTAIN")),
        ("hyperparameters.lr <= 0.05", pred("hyperparameters.lr", 0.05, "LTE")),
    ):
        assert set(names(w, query(api, w, text))) == set(names(w, find_runs(api, w, predicate)))


def test_order_by_and_pages(api: Api) -> None:
    w = world_for(api)
    ordered = query(api, w, "", order_by=["-metrics.acc"])
    assert names(w, ordered)[:4] == ["r3", "r2", "r1", "r5"]
    two_keys = query(api, w, "experiment.name == 'beta'", order_by=["hyperparameters.opt", "-date_created"])
    assert names(w, two_keys) == ["r3", "r5", "r4"]
    page = query(api, w, "", order_by=["+date_created"], page_number=2, page_limit=4, ids_only=True)
    assert page == {"experiment_runs": [{"id": w.runs["r5"]["id"]}, {"id": w.runs["r6"]["id"]}], "total_records": "6"}


def test_scopes(api: Api) -> None:
    w = world_for(api)
    by_experiment = api.call(
        EXT, "queryRuns", {"experiment_id": w.experiments["alpha"]["id"], "query": "metrics.acc > 0"}
    )
    assert set(names(w, by_experiment)) == {"r1", "r2"}
    ids = [w.runs["r3"]["id"], w.dead_runs["dead"]["id"]]
    by_ids = api.call(EXT, "queryRuns", {"experiment_run_ids": ids, "query": "metrics.acc > 0"})
    assert set(names(w, by_ids)) == {"r3"}
    with pytest.raises(ApiError) as info:
        api.call(EXT, "queryRuns", {"project_id": w.extra_projects["gone"]["id"]})
    assert info.value.code == 5


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("metrics.acc >", "column 14: unexpected end of query; expected one of a number"),
        ("metrics.acc >> 1", "column 14: unexpected '>'"),
        ("(metrics.acc > 1", "expected ')'"),
        ("metrics.acc > 1 tags", "expected one of 'and', 'or', the end of the query"),
        ("metrics.acc == 'x\\q'", "invalid escape \\q"),
        ("colour == 'red'", "Predicate cannot be handled: colour"),
        ("metrics.acc > 'high'", "compares numbers"),
        ("'x' in name", "only works with tags"),
        ("metrics.acc in 5", "expected '['"),
    ],
)
def test_bad_query_is_400(api: Api, text: str, message: str) -> None:
    w = world_for(api)
    with pytest.raises(ApiError) as info:
        query(api, w, text)
    assert info.value.code == 3 and message in info.value.message, info.value.message


def test_bad_order_by_is_400(api: Api) -> None:
    w = world_for(api)
    for order_by, message in ((["-colour"], "Sort key cannot be handled: colour"), (["-"], "has no key")):
        with pytest.raises(ApiError) as info:
            query(api, w, "", order_by=order_by)
        assert info.value.code == 3 and message in info.value.message


def test_contains_folds_non_ascii_case(api: Api, uniq: str) -> None:
    """CONTAIN ignores case for non-ASCII letters too (SQLite's own lower() only folds ASCII)."""
    project = api.call("ProjectService", "createProject", {"name": f"unicode-{uniq}"})["project"]["id"]
    experiment = api.call("ExperimentService", "createExperiment", {"project_id": project, "name": "e"})
    experiment_id = experiment["experiment"]["id"]
    run = {"project_id": project, "experiment_id": experiment_id, "name": "r", "tags": ["ÉCOLE-Ünï"]}
    api.call("ExperimentRunService", "createExperimentRun", run)
    found = api.call(EXT, "queryRuns", {"project_id": project, "query": "tags contains 'école-ü'"})
    assert [r["name"] for r in found.get("experiment_runs", [])] == ["r"]
