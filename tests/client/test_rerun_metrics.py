"""Issue 12: running the same logging code again on a resumed run (a notebook re-run, a new kernel) leaves
one point per step where steps are given, and appends after the run's highest step where they are not."""

from __future__ import annotations

from modeldb_jupyter.client import Client, Experiment


def _session(target: str | None, project: str, experiment: str, acc: float) -> None:
    """What a notebook does: a new client, the run resumed by name, a loop with steps, a final metric."""
    with Client(target) as client:
        client.set_project(project)
        client.set_experiment(experiment)
        with client.set_experiment_run("resumed") as run:
            for epoch in range(5):
                run.log_metric("loss", 1.0 / (epoch + 1) + acc, step=epoch)
            run.log_metric("acc", acc)


def test_a_rerun_replaces_stepped_points_and_appends_the_others(
    client: Client, expt: Experiment, target: str | None
) -> None:
    project = client.proj.name  # type: ignore[union-attr]
    _session(target, project, expt.name, 0.5)
    _session(target, project, expt.name, 0.75)
    run = client.get_experiment_run("resumed")
    loss = run.get_metric_history("loss")
    assert [(p.step, p.value) for p in loss] == [(e, 1.0 / (e + 1) + 0.75) for e in range(5)]
    assert [(p.step, p.value) for p in run.get_metric_history("acc")] == [(0, 0.5), (1, 0.75)]
    assert run.get_metrics() == {"loss": 0.2 + 0.75, "acc": 0.75}
