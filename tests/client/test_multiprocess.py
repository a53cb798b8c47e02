"""Several processes logging to one experiment at once: on the embedded SQLite file and through servers."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from modeldb_jupyter.client import Client
from tests.client.mp_workers import log_worker

WORKERS = 4
POINTS = 2000


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.startswith("MODELDB_")}


def test_processes_log_to_one_experiment(target: str | None, uniq: str, home: Path) -> None:
    names = (f"mp-proj-{uniq}", f"mp-expt-{uniq}")
    context = multiprocessing.get_context("spawn")
    with context.Pool(WORKERS) as pool:
        results = pool.starmap(log_worker, [(_env(), target, names, i, POINTS) for i in range(WORKERS)])
    for result in results:
        assert result["errors"] == [] and result["delivered"] and result["closed"], result
    assert len({r["shared"] for r in results}) == 1  # the get-or-create race made one shared run

    client = Client(target)
    try:
        project = client.get_project(names[0])
        assert len(client.projects.find(f"name == '{names[0]}'")) == 1
        experiment = client.get_experiment(names[1])
        assert len(project.experiments) == 1
        runs = {r.name: r for r in experiment.expt_runs}
        assert sorted(runs) == sorted([*(f"worker-{i}" for i in range(WORKERS)), "shared"])
        frame = client.metric_history_df(list(runs.values()))
        counts = frame.groupby(["run", "key"]).size()
        for i in range(WORKERS):
            own = runs[f"worker-{i}"]
            assert counts[(own.id, "x")] == POINTS
            assert counts[(runs["shared"].id, f"w{i}")] == POINTS
            assert own.get_hyperparameter("index") == i
            assert own.status == "finished"
        assert [p.step for p in runs["shared"].get_metric_history("w0")] == list(range(POINTS))
        assert len(frame) == 2 * WORKERS * POINTS
    finally:
        client.close()


def _forked_child(client: Client, run_name: str) -> None:
    run = client.set_experiment_run(run_name)
    for step in range(100):
        run.log_metric("child", float(step))
    if not client.flush(60) or client.errors:
        raise SystemExit(1)
    client.close(60)


def test_a_client_keeps_working_in_a_forked_child(client: Client, expt: object) -> None:
    parent_run = client.set_experiment_run("parent")
    parent_run.log_metric("parent", 1.0)  # queued in the parent when the fork happens
    child = multiprocessing.get_context("fork").Process(target=_forked_child, args=(client, "child"), daemon=True)
    child.start()
    child.join(120)
    if child.is_alive():  # a hang (e.g. a lock copied in its held state) must fail the test, not block it
        child.kill()
        child.join(10)
    assert child.exitcode == 0
    assert client.flush(30) is True
    assert [p.value for p in parent_run.get_metric_history("parent")] == [1.0]  # sent once, by the parent
    child_run = client.get_experiment_run("child")
    assert [p.step for p in child_run.get_metric_history("child")] == list(range(100))
    assert child_run.get_metric_history("parent") == []
