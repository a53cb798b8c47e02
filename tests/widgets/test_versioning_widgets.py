"""The versioning widgets on real stores (embedded, and a server on SQLite and on PostgreSQL): a repository's refs
and log, a commit's blobs and diff (against the first parent and a chosen commit), the diff of two commits, the
HTML fallback, errors inline, and the run detail's versioned inputs and lineage."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.modeldb import lineage_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb
from modeldb_jupyter.client import Client, blobs
from modeldb_jupyter.client.versioning import Commit, Repository
from modeldb_jupyter.widgets import RunDetail, commit_view, diff_view, repository_browser


@pytest.fixture
def client(store_client: Client) -> Client:
    return store_client


@dataclass
class History:
    repo: Repository
    root: Commit
    first: Commit
    second: Commit


def _python(major: int, minor: int) -> spb.Blob:
    version = vpb.VersionEnvironmentBlob(major=major, minor=minor)
    return spb.Blob(environment=vpb.EnvironmentBlob(python=vpb.PythonEnvironmentBlob(version=version)))


@pytest.fixture
def history(client: Client, uniq: str, tmp_path: Path) -> History:
    (tmp_path / "a.csv").write_text("x\n1\n")
    repo = client.repository(f"wrepo-{uniq}")
    root = repo.commit()
    first = (
        repo.new_commit(root, "first data")
        .put("config/train", blobs.config({"lr": 0.01}))
        .put("data/train", blobs.dataset_path(tmp_path / "a.csv"))
        .save(branch="master")
    )
    time.sleep(0.005)  # the log is ordered by creation time (ms)
    second = (
        repo.new_commit(first, "tune lr")
        .put("config/train", blobs.config({"lr": 0.001, "epochs": 5}))
        .remove("data/train")
        .put("env/python", _python(3, 11))
        .save(branch="master")
    )
    repo.set_branch("dev", first)
    first.tag("v1")
    return History(repo, root, first, second)


def _diff(rows: list[dict[str, str]]) -> set[tuple[str, str, str, str, str]]:
    return {(r["location"], r["status"], r["element"], r["old"], r["new"]) for r in rows}


def test_repository_browser_shows_refs_log_and_the_selected_commit(history: History) -> None:
    browser = repository_browser(history.repo)
    assert browser.error.message == ""
    assert [v for _, v in browser.ref.options] == [("branch", "dev"), ("branch", "master"), ("tag", "v1")]
    assert browser.ref.value == ("branch", "master")
    assert [r["sha"] for r in browser.commits] == [history.second.sha, history.first.sha, history.root.sha]
    assert browser.labels[history.first.sha] == ["dev", "v1"]
    # The head is selected: its blobs, and its diff against its first parent.
    assert browser.commit is not None and browser.commit.commit.sha == history.second.sha
    assert [b["location"] for b in browser.commit.blobs] == ["config/train", "env/python"]
    changes = _diff(browser.commit.diff or [])
    assert ("config/train", "modified", "lr", "0.01", "0.001") in changes
    assert ("config/train", "added", "epochs", "", "5") in changes
    assert {(loc, status) for loc, status, *_ in changes} >= {("data/train", "deleted"), ("env/python", "added")}
    html = browser._repr_mimebundle_()["text/html"]
    for expected in ("wrepo-", "Log of master", "tune lr", "first data [dev] [v1]", "config/train", "env/python"):
        assert expected in html, expected

    # Another branch shows its own log; a commit picked in it shows below.
    browser.ref.value = ("branch", "dev")
    assert [r["sha"] for r in browser.commits] == [history.first.sha, history.root.sha]
    browser.select(sha=history.root.sha)
    assert browser.commit is not None and browser.commit.blobs == [] and browser.commit.diff is None
    assert "nothing to compare with" in browser.commit.body.value


def test_commit_view_against_a_chosen_commit_and_diff_view(history: History) -> None:
    view = commit_view(history.first)
    assert view.base == history.root.sha
    assert {(loc, status) for loc, status, *_ in _diff(view.diff or [])} == {
        ("config/train", "added"),
        ("data/train", "added"),
    }
    view = commit_view(history.first, against=history.second)
    assert view.base == history.second.sha
    changes = _diff(view.diff or [])
    assert ("config/train", "modified", "lr", "0.001", "0.01") in changes
    assert ("config/train", "deleted", "epochs", "5", "") in changes
    assert f"Diff against {history.second.sha[:8]}" in view._repr_mimebundle_()["text/html"]

    diff = diff_view(history.root, history.second)
    assert {(r["location"], r["status"]) for r in diff.rows} >= {("config/train", "added"), ("env/python", "added")}
    assert f"Diff {history.root.sha[:8]} → {history.second.sha[:8]}" in diff.to_html()


def test_a_deleted_repository_shows_inline(history: History) -> None:
    browser = repository_browser(history.repo)
    history.repo.delete()
    browser.refresh()
    assert browser.error.message.startswith("Not found:")
    assert "Not found:" in browser._repr_mimebundle_()["text/html"]


def test_run_detail_shows_versioned_inputs_and_lineage(
    client: Client, history: History, uniq: str, tmp_path: Path
) -> None:
    client.set_project(f"vdetail-{uniq}")
    client.set_experiment("e")
    ids = {}
    for name in ("prepare", "train", "evaluate"):
        with client.set_experiment_run(name) as run:
            ids[name] = run.id
    entry = run_pb2.VersioningEntry(repository_id=history.repo.id, commit=history.second.sha)
    entry.key_location_map["config"].location.extend(["config", "train"])
    client.call(run_pb2.LogVersionedInput(id=ids["train"], versioned_inputs=entry))
    runs = {
        k: lineage_pb2.LineageEntry(type=lineage_pb2.LineageEntryEnum.EXPERIMENT_RUN, external_id=v)
        for k, v in ids.items()
    }
    version = client.create_dataset(f"digits-{uniq}").create_version(tmp_path)
    digits = lineage_pb2.LineageEntry(type=lineage_pb2.LineageEntryEnum.DATASET_VERSION, external_id=version.id)
    client.call(lineage_pb2.AddLineage(input=[runs["prepare"], digits], output=[runs["train"]]))
    client.call(lineage_pb2.AddLineage(input=[runs["train"]], output=[runs["evaluate"]]))

    view = RunDetail(ids["train"], client=client)
    assert view.error.message == ""
    body = view.body.value
    for expected in (
        "<h4>Versioned inputs</h4>",
        f"<td>repository</td><td>{history.repo.name}</td>",
        f"<td>commit</td><td>{history.second.sha[:8]}</td>",
        "<td>config →</td><td>config/train</td>",
        "<h4>Lineage</h4>",
        "</td><td>→</td><td>train</td><td>→</td><td>run evaluate</td>",
        "run prepare",
        f"dataset version digits-{uniq} v1",
    ):
        assert expected in body, expected
    # A run without either says so.
    other = RunDetail(ids["prepare"], client=client).body.value
    assert '<h4>Versioned inputs</h4><span class="mdbw-muted">none</span>' in other
