"""findExperimentRuns predicates: every key family and operator, against runs seeded through the API."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from modeldb_backend.store import models as m
from tests.apiclient import Api, ApiError
from tests.backend.find_support import EXPERIMENTS, EXT, PROJECTS, RUNS, World, find_runs, names, pred, world_for

ALL = {"r1", "r2", "r3", "r4", "r5", "r6"}


def _ids(w: World, *short: str) -> list[str]:
    return [w.runs[s]["id"] for s in short]


# (predicates built from the world, expected short names); NE/NOT_* include runs lacking the key.
CASES: dict[str, tuple[Any, set[str]]] = {
    "id EQ": (lambda w: [pred("id", w.runs["r1"]["id"])], {"r1"}),
    "id NE": (lambda w: [pred("id", w.runs["r1"]["id"], "NE")], ALL - {"r1"}),
    "id IN": (lambda w: [pred("id", _ids(w, "r1", "r2"), "IN")], {"r1", "r2"}),
    "id NOT_IN": (lambda w: [pred("id", _ids(w, "r1", "r2"), "NOT_IN")], ALL - {"r1", "r2"}),
    "name EQ": (lambda w: [pred("name", f"r2-{w.uniq}")], {"r2"}),
    "name CONTAIN ignores case": (lambda w: [pred("name", "R3-", "CONTAIN")], {"r3"}),
    "name NOT_CONTAIN": (lambda w: [pred("name", "r", "NOT_CONTAIN")], set()),
    "name GT is lexicographic": (lambda w: [pred("name", "r4-", "GT")], {"r4", "r5", "r6"}),
    "date_created GTE": (lambda w: [pred("date_created", 3000, "GTE")], {"r3", "r4", "r5", "r6"}),
    "date_created LT numeric string": (lambda w: [pred("date_created", "2500", "LT")], {"r1", "r2"}),
    "date_updated IN": (lambda w: [pred("date_updated", [2000, 3000], "IN")], {"r2", "r3"}),
    "end_time EQ": (lambda w: [pred("end_time", 1000)], {"r1"}),
    "end_time GT": (lambda w: [pred("end_time", 0, "GT")], {"r1", "r2"}),
    "start_time EQ": (lambda w: [pred("start_time", "100")], {"r1"}),
    "owner EQ": (lambda w: [pred("owner", "local")], ALL),  # the caller of a server without tokens
    "owner CONTAIN": (lambda w: [pred("owner", "nobody", "CONTAIN")], set()),
    "project_id EQ": (lambda w: [pred("project_id", w.project_id)], ALL),
    "experiment_id EQ": (lambda w: [pred("experiment_id", w.experiments["alpha"]["id"])], {"r1", "r2", "r6"}),
    "experiment_id NE": (lambda w: [pred("experiment_id", w.experiments["alpha"]["id"], "NE")], {"r3", "r4", "r5"}),
    "experiment.name EQ": (lambda w: [pred("experiment.name", "beta")], {"r3", "r4", "r5"}),
    "experiment.name CONTAIN": (lambda w: [pred("experiment.name", "ALP", "CONTAIN")], {"r1", "r2", "r6"}),
    "experiment.name NE": (lambda w: [pred("experiment.name", "beta", "NE")], {"r1", "r2", "r6"}),
    "metrics GT numeric (10 > 9)": (lambda w: [pred("metrics.acc", 5, "GT")], {"r2", "r3"}),
    "metrics GTE": (lambda w: [pred("metrics.acc", 9, "GTE")], {"r2", "r3"}),
    "metrics LT negative": (lambda w: [pred("metrics.acc", 0, "LT")], {"r5"}),
    "metrics LTE": (lambda w: [pred("metrics.acc", 0.9, "LTE")], {"r1", "r5"}),
    "metrics EQ": (lambda w: [pred("metrics.acc", 9)], {"r2"}),
    "metrics NE includes lacking": (lambda w: [pred("metrics.acc", 9, "NE")], ALL - {"r2"}),
    "metrics IN": (lambda w: [pred("metrics.acc", [9, 10], "IN")], {"r2", "r3"}),
    "metrics NOT_IN": (lambda w: [pred("metrics.acc", [9, 10], "NOT_IN")], ALL - {"r2", "r3"}),
    "metrics GTE negative value": (lambda w: [pred("metrics.loss", -3, "GTE")], {"r1", "r2"}),
    "hyperparameters EQ number": (lambda w: [pred("hyperparameters.lr", 0.01)], {"r1"}),
    "hyperparameters EQ string": (lambda w: [pred("hyperparameters.opt", "adam")], {"r1"}),
    "hyperparameters NE string": (lambda w: [pred("hyperparameters.opt", "adam", "NE")], ALL - {"r1"}),
    "hyperparameters GT string": (lambda w: [pred("hyperparameters.opt", "b", "GT")], {"r3"}),
    "hyperparameters CONTAIN": (lambda w: [pred("hyperparameters.opt", "G", "CONTAIN")], {"r3"}),
    "attributes CONTAIN ignores case": (lambda w: [pred("attributes.note", "HELLO", "CONTAIN")], {"r1", "r2", "r5"}),
    "attributes CONTAIN underscore is literal": (lambda w: [pred("attributes.note", "o_w", "CONTAIN")], {"r1"}),
    "attributes CONTAIN percent is literal": (lambda w: [pred("attributes.note", "%", "CONTAIN")], {"r3"}),
    "attributes CONTAIN backslash": (lambda w: [pred("attributes.note", "\\", "CONTAIN")], set()),
    "attributes NOT_CONTAIN": (lambda w: [pred("attributes.note", "hello", "NOT_CONTAIN")], {"r3", "r4", "r6"}),
    "attributes EQ number": (lambda w: [pred("attributes.note", 5)], {"r4"}),
    "attributes EQ string is not number": (lambda w: [pred("attributes.note", "5")], set()),
    "attributes EQ bool": (lambda w: [pred("attributes.flag", True)], {"r1"}),
    "attributes EQ 'true' string": (lambda w: [pred("attributes.flag", "true")], {"r2"}),
    "attributes NE bool": (lambda w: [pred("attributes.flag", True, "NE")], ALL - {"r1"}),
    "attributes IN mixed": (lambda w: [pred("attributes.note", ["hello world", 5], "IN")], {"r2", "r4"}),
    "observations LT": (lambda w: [pred("observations.attribute.ep_loss", 0.3, "LT")], {"r3"}),
    "observations GT": (lambda w: [pred("observations.attribute.ep_loss", 0, "GT")], {"r1", "r3"}),
    "observations NE": (lambda w: [pred("observations.attribute.ep_loss", 0.5, "NE")], ALL - {"r1"}),
    "artifacts CONTAIN": (lambda w: [pred("artifacts.model", "model_V1", "CONTAIN")], {"r1"}),
    "artifacts EQ path": (lambda w: [pred("artifacts.model", "s3://bucket/Model_v1.pkl")], {"r1"}),
    "artifacts other key": (lambda w: [pred("artifacts.missing", "s3://bucket/Model_v1.pkl")], set()),
    "datasets EQ path": (lambda w: [pred("datasets.train", "/data/train")], {"r1"}),
    "datasets linked EQ": (lambda w: [pred("datasets.linked_artifact_id", w.real("dv-2"))], {"r2"}),
    "datasets linked IN": (
        lambda w: [pred("datasets.linked_artifact_id", [w.real("dv-1"), w.real("dv-2")], "IN")],
        {"r1", "r2"},
    ),
    "datasets linked NOT_IN": (
        lambda w: [pred("datasets.linked_artifact_id", [w.real("dv-1")], "NOT_IN")],
        ALL - {"r1"},
    ),
    "tags EQ": (lambda w: [pred("tags", "baseline")], {"r1", "r3"}),
    "tags NE": (lambda w: [pred("tags", "baseline", "NE")], {"r2", "r4", "r5", "r6"}),
    "tags CONTAIN": (lambda w: [pred("tags", "BASE", "CONTAIN")], {"r1", "r3"}),
    "tags CONTAIN percent": (lambda w: [pred("tags", "y%t", "CONTAIN")], {"r1"}),
    "tags NOT_CONTAIN": (lambda w: [pred("tags", "a", "NOT_CONTAIN")], {"r4", "r5", "r6"}),
    "tags IN": (lambda w: [pred("tags", ["candidate", "baseline"], "IN")], {"r1", "r2", "r3"}),
    "tags NOT_IN": (lambda w: [pred("tags", ["candidate", "baseline"], "NOT_IN")], {"r4", "r5", "r6"}),
    "predicates are ANDed": (lambda w: [pred("metrics.acc", 0, "GT"), pred("tags", "baseline")], {"r1", "r3"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_predicate(api: Api, case: str) -> None:
    w = world_for(api)
    build, expected = CASES[case]
    response = find_runs(api, w, *build(w))
    assert set(names(w, response)) == expected
    assert int(response.get("total_records", 0)) == len(expected)


BAD: dict[str, tuple[dict[str, Any], str]] = {
    "unknown key": (pred("foo", 1), "Predicate cannot be handled: foo"),
    "field without key": (pred("metrics", 1), "Predicate cannot be handled: metrics"),
    "observation without key": (pred("observations.attribute.", 1), "Predicate cannot be handled"),
    "empty key": (pred("", 1), "Key is empty"),
    "list for EQ": (pred("metrics.acc", [1, 2]), "use IN or NOT_IN"),
    "scalar for IN": (pred("tags", "a", "IN"), "IN needs a list"),
    "string GT on metrics": (pred("metrics.acc", "high", "GT"), "compares numbers"),
    "CONTAIN on a date": (pred("date_created", "1", "CONTAIN"), "date_created is a number"),
    "text for a date": (pred("date_created", "yesterday", "GT"), "compares numbers"),
    "ordering on tags": (pred("tags", "a", "GT"), "GT is not supported on tags"),
    "number CONTAIN on key-values": (pred("attributes.note", 5, "CONTAIN"), "quote it"),
    "bool on a name": (pred("name", True), "compares text"),
    "bool ordering": (pred("attributes.flag", True, "GT"), "use EQ or NE"),
    "object value": ({"key": "name", "value": {"a": 1}, "operator": 0}, "object value"),
    "unknown operator": ({"key": "name", "value": "x", "operator": 42}, "42 is not a value of Operator"),
    "NUL in value": (pred("name", "a\x00b"), "NUL"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_bad_predicate_is_400(api: Api, case: str) -> None:
    w = world_for(api)
    predicate, message = BAD[case]
    with pytest.raises(ApiError) as info:
        find_runs(api, w, predicate)
    assert info.value.code == 3, info.value
    assert message in info.value.message


def test_unknown_sort_key_is_400(api: Api) -> None:
    w = world_for(api)
    with pytest.raises(ApiError) as info:
        find_runs(api, w, sort_key="colour")
    assert info.value.code == 3 and "Sort key cannot be handled: colour" in info.value.message


def test_scope_that_does_not_exist_is_404(api: Api) -> None:
    w = world_for(api)
    for scope in ({"project_id": "no-such-project"}, {"experiment_id": w.experiments["gamma"]["id"]}):
        with pytest.raises(ApiError) as info:
            api.call(RUNS, "findExperimentRuns", scope)
        assert info.value.code == 5


def test_deleted_runs_and_runs_of_deleted_experiments_are_never_found(api: Api) -> None:
    w = world_for(api)
    response = find_runs(api, w)
    assert set(names(w, response)) == ALL and response["total_records"] == "6"
    dead_ids = [r["id"] for r in w.dead_runs.values()]
    by_id = api.call(RUNS, "findExperimentRuns", {"experiment_run_ids": dead_ids})
    assert by_id.get("experiment_runs", []) == [] and "total_records" not in by_id
    high = api.call(RUNS, "findExperimentRuns", {"predicates": [pred("metrics.acc", 50, "GT")]})
    assert not {r["id"] for r in high.get("experiment_runs", [])} & set(dead_ids)


def test_nul_characters_are_400_not_500(api: Api) -> None:
    """PostgreSQL text cannot hold NUL: such requests are refused up front, on both databases."""
    w = world_for(api)
    for body in ({"project_id": "a\x00b"}, {"experiment_run_ids": ["\x00"]}, {"sort_key": "metrics.a\x00"}):
        with pytest.raises(ApiError) as info:
            api.call(RUNS, "findExperimentRuns", body)
        assert info.value.code == 3 and "NUL" in info.value.message
    with pytest.raises(ApiError) as info:
        api.call(EXT, "queryRuns", {"project_id": w.project_id, "query": "name == 'a\\u0000'"})
    assert info.value.code == 3 and "NUL" in info.value.message


def test_experiment_scope_and_ids_scope(api: Api) -> None:
    w = world_for(api)
    alpha = api.call(RUNS, "findExperimentRuns", {"experiment_id": w.experiments["alpha"]["id"]})
    assert set(names(w, alpha)) == {"r1", "r2", "r6"}
    ids = api.call(RUNS, "findExperimentRuns", {"experiment_run_ids": _ids(w, "r2", "r5")})
    assert set(names(w, ids)) == {"r2", "r5"}


def test_ids_only(api: Api) -> None:
    w = world_for(api)
    response = find_runs(api, w, pred("tags", "baseline"), ids_only=True, sort_key="date_created", ascending=True)
    assert response["experiment_runs"] == [{"id": w.runs["r1"]["id"]}, {"id": w.runs["r3"]["id"]}]
    assert response["total_records"] == "2"


def test_found_runs_are_complete(api: Api) -> None:
    """A found run carries everything getExperimentRunById returns (the client relies on it)."""
    w = world_for(api)
    found = find_runs(api, w, pred("id", w.runs["r1"]["id"]))["experiment_runs"][0]
    by_id = api.call(RUNS, "getExperimentRunById", {"id": w.runs["r1"]["id"]})["experiment_run"]
    assert found == by_id
    assert [m["key"] for m in found["metrics"]] == ["acc", "loss"] and found["tags"] == ["Fancy%Tag", "baseline"]


def test_finds_are_read_only(api: Api) -> None:
    """POST finds change nothing, so they leave no audit record."""

    w = world_for(api)

    def audit_count() -> int:
        return int(api.backend.db.run(lambda s: s.scalar(select(func.count(m.AuditRecord.id))), write=False))

    before = audit_count()
    find_runs(api, w, pred("tags", "baseline"))
    api.call(PROJECTS, "findProjects", {"predicates": [pred("name", w.uniq, "CONTAIN")]})
    api.call(EXPERIMENTS, "findExperiments", {"project_id": w.project_id})
    api.call(EXT, "queryRuns", {"project_id": w.project_id, "query": "metrics.acc > 0"})
    assert audit_count() == before


def test_runs_of_a_deleted_experiment_stay_hidden_without_the_cascade(api: Api) -> None:
    """Liveness of parents is part of every find, not only a consequence of the delete cascade."""
    w = world_for(api)
    ghost = w.dead_runs["ghost"]["id"]  # its experiment (gamma) is deleted
    undelete = update(m.ExperimentRun).where(m.ExperimentRun.id == ghost).values(deleted=False)
    api.backend.db.run(lambda s: s.execute(undelete), write=True)
    assert "experiment_runs" not in api.call(RUNS, "findExperimentRuns", {"experiment_run_ids": [ghost]})
    assert "experiment_runs" not in api.call(EXT, "queryRuns", {"experiment_run_ids": [ghost]})
    assert api.call(PROJECTS, "getSummary", {"entityId": w.project_id})["total_experiment_runs"] == "6"
