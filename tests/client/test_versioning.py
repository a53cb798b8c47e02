"""The versioning client against real backends (embedded, SQLite and PostgreSQL servers): repositories,
commits built from blobs, branches, tags, log, diff, merge, revert."""

from __future__ import annotations

from pathlib import Path

import pytest

from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb
from modeldb_jupyter.client import (
    AlreadyExistsError,
    Client,
    Commit,
    InvalidArgumentError,
    MergeConflictError,
    NotFoundError,
    Repository,
    blobs,
)


@pytest.fixture
def repo(client: Client, uniq: str) -> Repository:
    client.set_project(f"vproj-{uniq}")
    return client.repository()


def test_repository_of_the_current_project_is_created_once(client: Client, uniq: str) -> None:
    with pytest.raises(ValueError, match="set a project"):
        client.repository()  # a fresh client has no current project
    client.set_project(f"vproj-{uniq}")
    repo = client.repository()
    assert repo.name == f"vproj-{uniq}"
    assert client.repository().id == repo.id
    assert client.repository(f"other-{uniq}").id != repo.id
    with pytest.raises(InvalidArgumentError):
        client.repository(f"bad/{uniq}")


def test_set_repository_names_its_rpc(client: Client) -> None:
    request = spb.SetRepository(repository=spb.Repository(name="x"))
    with pytest.raises(ValueError, match="rpc="):
        client.call(request)


def test_a_new_repository_has_master_on_an_empty_initial_commit(repo: Repository) -> None:
    head = repo.commit()
    assert head.branch == "master"
    assert head.parents == []
    assert head.blobs().empty
    assert list(head.blobs().columns) == ["location", "type", "sha", "summary"]
    assert repo.branches() == ["master"]
    assert repo.tags() == []
    with pytest.raises(ValueError, match="one of"):
        repo.commit(branch="master", tag="v1")
    with pytest.raises(NotFoundError):
        repo.commit(branch="nope")


def _first(repo: Repository, tmp_path: Path) -> Commit:
    (tmp_path / "train.csv").write_text("x,y\n1,2\n")
    return (
        repo.new_commit(message="first")
        .put("hyperparameters", blobs.config({"lr": 0.01, "epochs": 5}))
        .put("environment", blobs.python_environment({"numpy": "1.26.4", "pandas": "2.2.0"}, python_version="3.11.7"))
        .put("notebook", blobs.notebook(b'{"cells": []}', path="train.ipynb"))
        .put("data/train", blobs.dataset_path(tmp_path / "train.csv"))
        .save(branch="master")
    )


def test_commit_blobs_get_and_log(repo: Repository, tmp_path: Path) -> None:
    root = repo.commit()
    first = _first(repo, tmp_path)
    assert first.branch == "master" and first.parents == [root.sha]
    frame = first.blobs()
    assert list(frame["location"]) == ["data/train", "environment", "hyperparameters", "notebook"]
    assert list(frame["type"]) == ["dataset.path", "environment.python", "config", "code.notebook"]
    assert frame.set_index("location")["summary"]["hyperparameters"] == "epochs=5, lr=0.01"
    assert list(first.blobs("data")["location"]) == ["data/train"]
    assert blobs.config_values(first.get("hyperparameters")) == {"epochs": 5, "lr": 0.01}
    assert blobs.requirements(first.get("/environment")) == "numpy==1.26.4\npandas==2.2.0\n"
    with pytest.raises(NotFoundError, match="data/train, environment"):
        first.get("data/test")
    log = repo.log()
    assert list(log["sha"]) == [first.sha, root.sha]
    assert list(log.columns) == ["sha", "message", "author", "date", "parents"]
    assert log["parents"][0] == [root.sha]
    assert str(log["date"].dtype) == "datetime64[ms, UTC]"
    assert list(repo.log(sha=root.sha)["sha"]) == [root.sha]


def test_builder_refuses_what_a_commit_cannot_hold(repo: Repository) -> None:
    builder = repo.new_commit(message="x").put("data/train", blobs.config({"a": 1}))
    with pytest.raises(ValueError, match="blob or a folder"):
        builder.put("data", blobs.config({"a": 1}))
    with pytest.raises(TypeError, match="Blob with contents"):
        builder.put("empty", spb.Blob())
    with pytest.raises(NotFoundError, match="data/train"):
        builder.remove("nope")
    with pytest.raises(ValueError, match="message"):
        repo.new_commit().put("a", blobs.config({"a": 1})).save()


def test_diff_names_each_changed_element(repo: Repository, tmp_path: Path) -> None:
    first = _first(repo, tmp_path)
    second = (
        repo.new_commit(first, "tuned")
        .put("hyperparameters", blobs.config({"lr": 0.1, "epochs": 5}))
        .put("environment", blobs.python_environment({"numpy": "2.0.0", "pandas": "2.2.0", "torch": "2.1.0"}, "3.11.7"))
        .remove("data/train")
        .save()
    )
    assert second.branch is None and repo.commit().sha == first.sha  # saved without a branch: master stays
    rows = {(r.location, r.element): (r.status, r.old, r.new) for r in first.diff(second).itertuples()}
    assert rows[("hyperparameters", "lr")] == ("modified", "0.01", "0.1")
    assert rows[("environment", "numpy")] == ("modified", "1.26.4", "2.0.0")
    assert rows[("environment", "torch")] == ("added", None, "2.1.0")
    assert rows[("data/train", str(tmp_path / "train.csv"))][0] == "deleted"
    assert ("environment", "pandas") not in rows and ("notebook", "train.ipynb") not in rows
    assert list(second.diff()["element"]) == list(first.diff(second)["element"])  # None: from the first parent


def test_tags_and_branches(repo: Repository, tmp_path: Path) -> None:
    first = _first(repo, tmp_path)
    first.tag("v1")
    assert repo.tags() == ["v1"] and repo.commit(tag="v1").sha == first.sha
    with pytest.raises(AlreadyExistsError, match="v1"):
        first.tag("v1")
    side = first.new_branch("side")
    assert side.branch == "side" and repo.branches() == ["master", "side"]
    moved = repo.new_commit("side", "on side").put("x", blobs.config({"a": 1})).save(branch="side")
    assert repo.commit(branch="side").sha == moved.sha and moved.parents == [first.sha]
    repo.delete_branch("side")
    assert repo.branches() == ["master"]


def test_merge_combines_and_reports_conflicts(repo: Repository, tmp_path: Path) -> None:
    first = _first(repo, tmp_path)
    first.new_branch("a")
    first.new_branch("b")
    a = repo.new_commit("a", "a: lr").put("hyperparameters", blobs.config({"lr": 0.5, "epochs": 5})).save(branch="a")
    b = repo.new_commit("b", "b: extra").put("extra", blobs.config({"k": 1})).save(branch="b")
    merged = repo.commit(branch="a").merge(repo.commit(branch="b"), message="merge b")
    assert merged.branch == "a" and repo.commit(branch="a").sha == merged.sha
    assert merged.parents == [a.sha, b.sha] and merged.message == "merge b"
    assert blobs.config_values(merged.get("hyperparameters"))["lr"] == 0.5 and "extra" in merged.blob_dict()
    c = repo.new_commit(first, "c: lr").put("hyperparameters", blobs.config({"lr": 0.9, "epochs": 5})).save()
    with pytest.raises(MergeConflictError, match=r"hyperparameters lr: ours 0\.5, theirs 0\.9") as caught:
        repo.commit(branch="a").merge(c)
    assert caught.value.conflicts == [
        {
            "location": "hyperparameters",
            "type": "config",
            "element": "lr",
            "ours": "0.5",
            "theirs": "0.9",
            "base": "0.01",
        }
    ]
    assert repo.commit(branch="a").sha == merged.sha  # nothing stored


def test_revert_undoes_one_commit(repo: Repository, tmp_path: Path) -> None:
    first = _first(repo, tmp_path)
    second = repo.new_commit("master", "add extra").put("extra", blobs.config({"k": 1})).save(branch="master")
    third = repo.new_commit("master", "drop data").remove("data/train").save(branch="master")
    reverted = repo.commit().revert(second, message="no extra")
    assert reverted.branch == "master" and reverted.parents == [third.sha]
    assert sorted(reverted.blob_dict()) == ["environment", "hyperparameters", "notebook"]
    assert first.sha in list(repo.log()["sha"])


def test_delete(client: Client, uniq: str) -> None:
    repo = client.repository(f"gone-{uniq}")
    repo.delete()
    with pytest.raises(NotFoundError):
        client.call(spb.GetRepositoryRequest(id=vpb.RepositoryIdentification(repo_id=repo.id)))
    assert client.repository(f"gone-{uniq}").id != repo.id  # the name is free again
