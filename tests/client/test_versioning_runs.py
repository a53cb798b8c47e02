"""Runs that version their ingredients (client/run_versions.py) against real backends: the commit of a
run's notebook, hyperparameters, environment and datasets, its link to the run, diffs and checkouts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_jupyter.client import Client, Experiment, ModelDBWarning, NotFoundError, blobs
from modeldb_jupyter.client.run_versions import checkout_run, diff_runs, run_commit, version_run


def _notebook(tmp_path: Path, *sources: str) -> Path:
    cells: list[dict[str, object]] = [
        {"cell_type": "code", "source": s, "metadata": {}, "outputs": [], "execution_count": None} for s in sources
    ]
    path = tmp_path / "train.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    return path


def test_a_run_commits_and_links_its_ingredients(client: Client, expt: Experiment, tmp_path: Path) -> None:
    (tmp_path / "train.csv").write_text("x\n1\n")
    version = client.set_dataset(f"ds-{expt.id}").create_version(tmp_path / "train.csv")
    with client.set_experiment_run("r1") as run:
        run.log_hyperparameters({"lr": 0.01, "epochs": 5})
        run.log_dataset_version("train", version)
        commit = version_run(run, _notebook(tmp_path, "import numpy", "lr = 0.01"))
    assert commit.branch == expt.name and commit.repository.name == client.proj.name  # type: ignore[union-attr]
    assert sorted(commit.blob_dict()) == ["data/train", "environment", "hyperparameters", "notebook"]
    assert blobs.config_values(commit.get("hyperparameters")) == {"epochs": 5, "lr": 0.01}
    linked = run_commit(run)
    assert linked is not None and linked[0].sha == commit.sha
    assert linked[1] == {k: k for k in ("data/train", "environment", "hyperparameters", "notebook")}
    entry = client.call(run_pb2.GetVersionedInput(id=run.id)).versioned_inputs
    assert entry.repository_id == commit.repository.id and entry.commit == commit.sha
    assert run.get_artifact("notebook.ipynb") == (tmp_path / "train.ipynb").read_bytes()
    assert version_run(run, tmp_path / "train.ipynb").sha == commit.sha  # unchanged ingredients: nothing new
    assert commit.repository.log(branch=expt.name)["sha"].iloc[0] == commit.sha


def test_diff_of_two_runs_shows_cells_hyperparameters_and_packages(
    client: Client, expt: Experiment, tmp_path: Path
) -> None:
    with client.set_experiment_run("base") as base:
        base.log_hyperparameters({"lr": 0.01})
        version_run(base, _notebook(tmp_path, "import numpy", "lr = 0.01", "train(lr)"))
    with client.set_experiment_run("tuned") as tuned:
        tuned.log_hyperparameters({"lr": 0.1, "warmup": True})
        version_run(tuned, _notebook(tmp_path, "import numpy", "lr = 0.1", "train(lr)", "plot()"))
    rows = [(r.location, r.status, r.element, r.old, r.new) for r in diff_runs(base, tuned).itertuples()]
    assert rows == [
        ("notebook", "modified", "cell 2 (+1 -1 lines)", "lr = 0.01", "lr = 0.1"),
        ("notebook", "added", "cell 4", None, "plot()"),
        ("hyperparameters", "modified", "lr", "0.01", "0.1"),
        ("hyperparameters", "added", "warmup", None, "'true'"),
    ]
    assert diff_runs(base, base).empty


def test_checkout_writes_the_notebook_and_requirements(client: Client, expt: Experiment, tmp_path: Path) -> None:
    source = _notebook(tmp_path, "lr = 0.01")
    with client.set_experiment_run("r") as run:
        version_run(run, source)
    out = tmp_path / "out"
    written = checkout_run(run, out)
    assert sorted(p.name for p in written) == ["requirements.txt", "train.ipynb"]
    assert (out / "train.ipynb").read_bytes() == source.read_bytes()
    assert f"pytest=={pytest.__version__}\n" in (out / "requirements.txt").read_text()
    (out / "train.ipynb").write_text("mine")
    with pytest.raises(FileExistsError, match=r"train\.ipynb"):
        checkout_run(run, out)
    assert (out / "train.ipynb").read_text() == "mine"
    checkout_run(run, out, force=True)
    assert (out / "train.ipynb").read_bytes() == source.read_bytes()
    with pytest.raises(NotADirectoryError):
        checkout_run(run, out / "train.ipynb")


def test_runs_without_versions_say_how_to_get_them(client: Client, expt: Experiment, tmp_path: Path) -> None:
    with client.set_experiment_run("plain") as plain:
        pass
    assert run_commit(plain) is None
    with pytest.raises(NotFoundError, match="version on"):
        diff_runs(plain, plain)
    with pytest.raises(NotFoundError, match="version on"):
        checkout_run(plain, tmp_path)


def test_a_hostile_stored_notebook_path_never_chooses_where_checkout_writes(
    client: Client, expt: Experiment, tmp_path: Path
) -> None:
    data = _notebook(tmp_path, "x = 1").read_bytes()
    with client.set_experiment_run("hostile") as run:
        run.log_artifact("notebook.ipynb", data)
        version_run(run, blobs.notebook(data, path="../../../escape.ipynb"), environment=False)
    out = tmp_path / "deep" / "out"
    assert checkout_run(run, out) == [out / "escape.ipynb"]  # the stored path's last part, inside `out`
    assert (out / "escape.ipynb").read_bytes() == data
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("escape.ipynb")] == ["deep/out/escape.ipynb"]
    with client.set_experiment_run("hostile-2") as run:
        run.log_artifact("notebook.ipynb", data)
        version_run(run, blobs.notebook(data, path="../../.bashrc"), environment=False)
    assert checkout_run(run, out) == [out / "notebook.ipynb"]  # not a notebook name: the default one
    assert not (tmp_path / ".bashrc").exists() and not (out / ".bashrc").exists()


def test_a_resumed_run_with_new_ingredients_keeps_its_first_link(
    client: Client, expt: Experiment, tmp_path: Path
) -> None:
    with client.set_experiment_run("again") as run:
        run.log_hyperparameter("lr", 0.1)
        first = version_run(run, _notebook(tmp_path, "lr = 0.1"), environment=False)
    with client.set_experiment_run("again") as run:
        run.log_hyperparameter("lr", 0.2)
        with pytest.warns(ModelDBWarning, match="already linked to another commit"):
            second = version_run(run, _notebook(tmp_path, "lr = 0.2"), environment=False)
    assert second.parents == [first.sha] and second.repository.commit(branch=expt.name).sha == second.sha
    linked = run_commit(run)
    assert linked is not None and linked[0].sha == first.sha


def test_notebooks_with_the_same_cells_differ_only_in_one_row(client: Client, expt: Experiment, tmp_path: Path) -> None:
    with client.set_experiment_run("one") as one:
        version_run(one, _notebook(tmp_path, "x = 1"), environment=False)
    path = _notebook(tmp_path, "x = 1")
    path.write_text(path.read_text().replace('"metadata": {}', '"metadata": {"collapsed": true}', 1))
    with client.set_experiment_run("two") as two:
        version_run(two, path, environment=False)
    rows = [(r.location, r.status, r.element) for r in diff_runs(one, two).itertuples()]
    assert rows == [("notebook", "modified", "same cells (ids, counts or metadata differ)")]


def test_diff_of_two_runs_shows_changed_data(client: Client, expt: Experiment, tmp_path: Path) -> None:
    data = tmp_path / "train.csv"
    dataset = client.set_dataset(f"ds-{expt.id}")
    for name, text in (("small", "x\n1\n"), ("large", "x\n1\n2\n")):
        data.write_text(text)
        with client.set_experiment_run(name) as run:
            run.log_dataset_version("train", dataset.create_version(data))
            version_run(run, environment=False)
    small, large = (client.get_experiment_run(name) for name in ("small", "large"))
    rows = [(r.location, r.status, r.element, r.old, r.new) for r in diff_runs(small, large).itertuples()]
    assert [r[:3] for r in rows] == [("data/train", "modified", str(data))]
    assert rows[0][3].startswith("4 bytes, sha256 ") and rows[0][4].startswith("6 bytes, sha256 ")
