"""Issue 12: a series holds one point per step. A point at a step the run has replaces it (value and
timestamp): re-running a notebook no longer appends a second copy of every series. A point sent with step
-1 (AUTO_STEP) takes one more than the run's highest step of its key, so unnumbered points append."""

from __future__ import annotations

from typing import Any

from tests.apiclient import Api
from tests.backend.runs_support import Ctx, now_ms
from tests.backend.test_series import history, log, metrics, point

AUTO = -1


def steps_values(api: Api, run_id: str, key: str) -> list[tuple[int, float]]:
    [series] = history(api, [run_id], [key])
    return [(int(s), v) for s, v in zip(series["steps"], series["values"], strict=True)]


def test_a_rerun_replaces_its_points(api: Api, uniq: str) -> None:
    """The quickstart's loop, twice: 50 points, the second run's values and timestamps."""
    c = Ctx(api, uniq)
    run = c.create("r")
    first = [point("loss", step, 1.0 / (step + 1), 1000 + step) for step in range(50)]
    log(api, run["id"], metric_points=first[:30])
    log(api, run["id"], metric_points=first[30:])
    before = now_ms()
    log(api, run["id"], metric_points=[point("loss", step, 2.0 + step) for step in range(50)])
    [series] = history(api, [run["id"]], ["loss"])
    assert [int(s) for s in series["steps"]] == list(range(50))
    assert series["values"] == [2.0 + step for step in range(50)]
    assert all(int(t) >= before for t in series["timestamps"])
    assert metrics(c, run["id"])["loss"] == 51.0  # the latest point: step 49 of the re-run


def test_repeated_steps_in_one_batch_keep_the_last(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    log(api, run["id"], metric_points=[point("a", 1, 1.0), point("a", 1, 1.5), point("b", 1, 9.0), point("a", 0, 0.5)])
    assert steps_values(api, run["id"], "a") == [(0, 0.5), (1, 1.5)]
    assert steps_values(api, run["id"], "b") == [(1, 9.0)]
    assert metrics(c, run["id"]) == {"a": 1.5, "b": 9.0}


def test_replacing_an_older_step_keeps_the_metric(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    log(api, run["id"], metric_points=[point("loss", 0, 1.0), point("loss", 5, 0.5)])
    log(api, run["id"], metric_points=[point("loss", 0, 0.9)])
    assert steps_values(api, run["id"], "loss") == [(0, 0.9), (5, 0.5)]
    assert metrics(c, run["id"])["loss"] == 0.5
    log(api, run["id"], metric_points=[point("loss", 5, 0.4)])
    assert metrics(c, run["id"])["loss"] == 0.4


def test_unnumbered_points_append_after_the_highest_step(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    log(api, run["id"], metric_points=[point("acc", AUTO, 0.1), point("acc", AUTO, 0.2)])  # a first session
    log(api, run["id"], metric_points=[point("acc", AUTO, 0.3)])  # a re-run, or a resumed run
    assert steps_values(api, run["id"], "acc") == [(0, 0.1), (1, 0.2), (2, 0.3)]
    # After explicit steps, in the same batch and in later ones: one more than the highest step so far.
    batch: list[dict[str, Any]] = [point("acc", 10, 1.0), point("acc", AUTO, 1.1), point("acc", 4, 0.4)]
    log(api, run["id"], metric_points=[*batch, point("acc", AUTO, 1.2), point("new", AUTO, 5.0)])
    log(api, run["id"], metric_points=[point("acc", AUTO, 1.3)])
    got = steps_values(api, run["id"], "acc")
    assert got == [(0, 0.1), (1, 0.2), (2, 0.3), (4, 0.4), (10, 1.0), (11, 1.1), (12, 1.2), (13, 1.3)]
    assert steps_values(api, run["id"], "new") == [(0, 5.0)]
    assert metrics(c, run["id"]) == {"acc": 1.3, "new": 5.0}
    # Another run's points are not counted.
    other = c.create("other")
    log(api, other["id"], metric_points=[point("acc", AUTO, 7.0)])
    assert steps_values(api, other["id"], "acc") == [(0, 7.0)]
