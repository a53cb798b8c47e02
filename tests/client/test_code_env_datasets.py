"""log_code (git snapshot), log_environment (installed distributions) and dataset versions, on every backend."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

from modeldb_jupyter.client import (
    AlreadyExistsError,
    Client,
    Dataset,
    DatasetVersion,
    Experiment,
    ModelDBWarning,
    NotFoundError,
)


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@x"
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "remote", "add", "origin", "git@example.com:team/model.git")
    (repo / "train.py").write_text("print('hi')\n")
    _git(repo, "add", "train.py")
    _git(repo, "commit", "-q", "-m", "first")
    return repo


def test_log_code_in_a_git_repository(client: Client, expt: Experiment, repo: Path) -> None:
    run = client.set_experiment_run("r")
    logged = run.log_code(exec_path=str(repo / "train.py"))
    commit = _git(repo, "rev-parse", "HEAD")
    assert logged == {
        "repo": "git@example.com:team/model.git",
        "hash": commit,
        "is_dirty": False,
        "filepaths": ["train.py"],
    }
    code = run.get_code()["git_snapshot"]
    assert (code["repo"], code["hash"], code["is_dirty"], code["filepaths"]) == (
        "git@example.com:team/model.git",
        commit,
        False,
        ["train.py"],
    )
    with pytest.raises(AlreadyExistsError, match="overwrite=True"):
        run.log_code(exec_path=str(repo / "train.py"))
    (repo / "train.py").write_text("print('changed')\n")
    assert run.log_code(exec_path=str(repo / "train.py"), overwrite=True)["is_dirty"] is True  # type: ignore[index]
    assert run.get_code()["git_snapshot"]["is_dirty"] is True


def test_log_code_outside_git_warns_and_logs_nothing(
    client: Client, expt: Experiment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = client.set_experiment_run("r")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "script.py").write_text("")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.warns(ModelDBWarning, match="not inside a git repository"):
        assert run.log_code(exec_path=str(plain / "script.py")) is None
    explicit = run.log_code(exec_path=str(plain / "script.py"), repo_url="https://x/y.git", commit_hash="abc123")
    assert explicit is not None and explicit["hash"] == "abc123"
    assert run.get_code()["git_snapshot"]["repo"] == "https://x/y.git"


def test_log_environment(client: Client, expt: Experiment) -> None:
    run = client.set_experiment_run("r")
    run.log_environment()
    python = run.get_environment()["python"]
    assert python["version"]["major"] == sys.version_info.major
    assert python["version"]["minor"] == sys.version_info.minor
    libraries = {r["library"]: r for r in python["requirements"]}
    pandas_version = importlib.metadata.version("pandas")
    assert libraries["pandas"]["constraint"] == "=="
    assert f"pandas=={pandas_version}" in python["raw_requirements"]
    assert str(libraries["pandas"]["version"]["major"]) == pandas_version.split(".")[0]


def test_datasets_versions_and_links(client: Client, expt: Experiment, uniq: str, tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "train").mkdir(parents=True)
    (data / "train" / "part-0.csv").write_text("a,b\n1,2\n")
    (data / "labels.txt").write_text("cat\ndog\n")
    dataset = client.create_dataset(f"ds-{uniq}", desc="images", tags=["raw"])
    assert isinstance(dataset, Dataset) and dataset.tags == ["raw"]
    assert client.set_dataset(f"ds-{uniq}") == dataset
    assert client.get_dataset(f"ds-{uniq}") == dataset and client.get_dataset(id=dataset.id) == dataset
    with pytest.raises(NotFoundError):
        client.get_dataset(f"missing-{uniq}")
    with pytest.raises(NotFoundError, match="no versions"):
        dataset.get_latest_version()
    first = dataset.create_version(data, desc="v1")
    assert isinstance(first, DatasetVersion)
    components = {Path(c["path"]).name: c for c in first.components}
    assert sorted(components) == ["labels.txt", "part-0.csv"]
    label = components["labels.txt"]
    assert int(label["size"]) == 8 and len(label["sha256"]) == 64
    assert int(label["last_modified_at_source"]) == int((data / "labels.txt").stat().st_mtime * 1000)
    (data / "labels.txt").write_text("cat\ndog\nbird\n")
    second = dataset.create_version([data / "labels.txt"])
    assert [c["path"] for c in second.components] == [(data / "labels.txt").resolve().as_posix()]
    assert dataset.get_latest_version() == second
    assert [v.id for v in dataset.versions] == [first.id, second.id]
    assert client.get_dataset_version(first.id) == first

    run = client.set_experiment_run("r")
    run.log_dataset_version("train", first)
    assert run.get_dataset_version("train") == first
    with pytest.raises(AlreadyExistsError, match="overwrite=True"):
        run.log_dataset_version("train", second)
    run.log_dataset_version("train", second, overwrite=True)
    assert run.get_dataset_version("train") == second
    with pytest.raises(NotFoundError):
        run.get_dataset_version("test")
    with pytest.raises(FileNotFoundError):
        dataset.create_version(tmp_path / "nope")
