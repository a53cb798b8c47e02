"""The registry widgets on real stores (embedded, and a server on SQLite and on PostgreSQL): the models list with
version counts and the newest version's stage, a model's versions, a version's detail (stage history with
"from → to", artifacts, lineage back to the run: the run, its commit, the dataset versions), promotion from the
stage picker, the HTML fallback, and errors inline."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.modeldb import experiment_run_service_pb2 as run_pb2
from modeldb_backend.pb.registry import registry_service_pb2 as reg
from modeldb_backend.pb.registry import stage_service_pb2 as stage_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_jupyter.client import Client, blobs
from modeldb_jupyter.widgets import ModelView, RunDetail, VersionView, model_browser, registry_data

LOCK = reg.ModelVersionLockLevelEnum.ModelVersionLockLevel
STAGE = stage_pb2.StageEnum.Stage


@pytest.fixture
def client(store_client: Client) -> Client:
    return store_client


@dataclass
class Registry:
    name: str
    model_id: int
    versions: dict[str, int]  # version name -> id
    run_id: str
    run_name: str
    repo_name: str
    commit: str
    dataset: str


def _create_model(client: Client, name: str, description: str, labels: list[str]) -> int:
    ident = reg.RegisteredModelIdentification(
        named_id=reg.RegisteredModelNamedIdentification(workspace_name="personal")
    )
    model = reg.RegisteredModel(name=name, description=description, labels=labels)
    request = reg.SetRegisteredModel(id=ident, registered_model=model)
    return int(client.call(request, rpc="CreateRegisteredModel").registered_model.id)


def _create_version(client: Client, model_id: int, version: reg.ModelVersion) -> int:
    ident = reg.ModelVersionIdentification(model_id=reg.RegisteredModelIdentification(registered_model_id=model_id))
    request = reg.SetModelVersion(id=ident, model_version=version)
    return int(client.call(request, rpc="CreateModelVersion").model_version.id)


@pytest.fixture
def registry(client: Client, uniq: str, tmp_path: Path) -> Registry:
    """A model "churn-<uniq>" with v1 (from a run that used a commit and a dataset version; promoted to staging,
    then production; closed) and v2 (newest, unassigned)."""
    (tmp_path / "train.csv").write_text("x,y\n1,0\n")
    dataset = client.create_dataset(f"churn-data-{uniq}").create_version(tmp_path)
    repo = client.repository(f"churn-repo-{uniq}")
    commit = repo.new_commit(repo.commit(), "config").put("config/train", blobs.config({"lr": 0.01}))
    sha = commit.save(branch="master").sha
    client.set_project(f"reg-{uniq}")
    client.set_experiment("e")
    with client.set_experiment_run("train-best") as run:
        run_id = run.id
    client.call(
        run_pb2.LogVersionedInput(
            id=run_id, versioned_inputs=run_pb2.VersioningEntry(repository_id=repo.id, commit=sha)
        )
    )

    name = f"churn-{uniq}"
    model_id = _create_model(client, name, "predicts churn", ["tabular", "baseline"])
    model = common_pb2.Artifact(key="model", path="abc/model.pkl", artifact_type=common_pb2.ArtifactTypeEnum.MODEL)
    data = common_pb2.Artifact(
        key="train", linked_artifact_id=dataset.id, artifact_type=common_pb2.ArtifactTypeEnum.DATA
    )
    v1 = _create_version(
        client,
        model_id,
        reg.ModelVersion(version="v1", experiment_run_id=run_id, labels=["first"], model=model, datasets=[data]),
    )
    time.sleep(0.005)  # versions are listed newest first (ms)
    v2 = _create_version(client, model_id, reg.ModelVersion(version="v2", description="retrained"))
    git = vpb.CodeBlob(git=vpb.GitCodeBlob(repo="git@example.org:churn.git", hash="0123456789abcdef", is_dirty=True))
    client.call(reg.LogCodeBlobInModelVersion(model_version_id=v1, code_blob_map={"training": git}))
    registry_data.change_stage(client, v1, "staging", "ready for QA")
    registry_data.change_stage(client, v1, "production", "QA passed")
    lock = reg.SetLockModelVersionRequest(
        id=reg.ModelVersionIdentification(model_version_id=v1), lock_level=LOCK.CLOSED
    )
    client.call(lock)
    return Registry(name, model_id, {"v1": v1, "v2": v2}, run_id, "train-best", repo.name, sha, f"churn-data-{uniq} v1")


def test_model_browser_lists_models_then_versions_then_the_newest_version(client: Client, registry: Registry) -> None:
    browser = model_browser(registry.name, client=client)
    assert browser.error.message == ""
    row = next(m for m in browser.models if m["name"] == registry.name)
    assert row["versions"] == 2
    assert row["newest"]["version"] == "v2" and row["newest"]["stage"] == "unassigned"
    assert browser.picker.value == registry.name
    model = browser.model
    assert model is not None
    assert [v["version"] for v in model.versions] == ["v2", "v1"]
    assert [(v["stage"], v["lock"]) for v in model.versions] == [("unassigned", "open"), ("production", "closed")]
    assert (model.versions[1]["run_id"], model.versions[1]["run"]) == (registry.run_id, registry.run_name)
    # The newest version is selected and shown below.
    assert model.version is not None and model.version.detail is not None
    assert model.version.detail["version"] == "v2"
    html = browser._repr_mimebundle_()["text/html"]
    for expected in (registry.name, "predicts churn", "tabular", "Versions (2)", "Version " + registry.name + " / v2"):
        assert expected in html, expected


def test_version_detail_history_artifacts_and_lineage(client: Client, registry: Registry) -> None:
    view = ModelView(registry.name, client=client)
    view.select("v1")
    version = view.version
    assert version is not None and version.error.message == ""
    detail = version.detail
    assert detail is not None
    assert (detail["stage"], detail["lock"], version.stage.value) == ("production", "closed", "production")
    changes = [(r["change"], r["comment"]) for r in detail["history"]]
    assert changes[:2] == [("staging → production", "QA passed"), ("unassigned → staging", "ready for QA")]
    assert [(a["key"], a["type"]) for a in detail["artifacts"]][:1] == [("model", "model")]
    lineage = detail["lineage"]
    assert (lineage["run"], lineage["run_id"]) == (registry.run_name, registry.run_id)
    assert lineage["commit"] == {"repository": registry.repo_name, "sha": registry.commit}
    assert [d["name"] for d in lineage["datasets"]] == [registry.dataset]
    body = version.body.value
    for expected in (
        "<td>staging → production</td><td>QA passed</td>",
        f"<td>run</td><td>{registry.run_name} ({registry.run_id})</td>",
        f"<td>commit</td><td>{registry.repo_name}@{registry.commit[:8]}</td>",
        f"<td>dataset train</td><td>{registry.dataset}</td>",
        "abc/model.pkl",
        "<td>training</td><td>git@example.org:churn.git@01234567 (dirty)</td>",
    ):
        assert expected in body, expected


def test_promote_from_the_stage_picker(client: Client, registry: Registry) -> None:
    view = VersionView(registry.versions["v2"], client=client)
    assert view.detail is not None and view.detail["stage"] == "unassigned"
    # The picker offers the stages a version can be moved to: "unassigned" only marks a stage never set.
    assert list(view.stage.options) == ["development", "staging", "production", "archived"]
    assert view.stage.value == "development"
    view.stage.value = "staging"
    view.comment.value = "canary"
    view.change_button.click()
    assert view.error.message == ""
    assert view.detail is not None and view.detail["stage"] == "staging"
    assert view.detail["history"][0]["change"] == "unassigned → staging"
    assert view.detail["history"][0]["comment"] == "canary"
    assert view.comment.value == ""
    # The model's list follows.
    browser = model_browser(registry.name, client=client)
    row = next(m for m in browser.models if m["name"] == registry.name)
    assert row["newest"]["stage"] == "staging"


def test_a_version_created_in_a_stage_names_it_as_where_it_came_from(client: Client, registry: Registry) -> None:
    created = _create_version(client, registry.model_id, reg.ModelVersion(version="v3", stage=STAGE.STAGING))
    registry_data.change_stage(client, created, "production", "from staging")
    view = VersionView(created, client=client)
    assert view.detail is not None
    assert view.detail["history"][0]["change"] == "staging → production"


def test_a_deleted_source_run_is_named_as_deleted(client: Client, registry: Registry) -> None:
    client.call(run_pb2.DeleteExperimentRun(id=registry.run_id))
    view = VersionView(registry.versions["v1"], client=client)
    assert view.error.message == "" and view.detail is not None
    assert view.detail["lineage"]["run_deleted"] is True
    assert f"<td>run</td><td>(deleted) ({registry.run_id})</td>" in view.body.value


def test_errors_show_inline(client: Client, registry: Registry) -> None:
    browser = model_browser("no-such-model", client=client)
    assert "No registered model named 'no-such-model'" in browser.error.message
    view = VersionView(registry.versions["v2"], client=client)
    view.change_stage("prod")
    assert "did you mean 'production'?" in view.error.message  # refused inline, never raised
    view.change_stage("development")
    assert view.error.message == ""
    view.change_stage("development")
    assert "already in DEVELOPMENT" in view.error.message
    assert view.detail is not None and view.detail["history"][0]["change"] == "unassigned → development"
    missing = VersionView(987654321, client=client)
    assert missing.error.message.startswith("Not found:")
    assert "Not found:" in missing._repr_mimebundle_()["text/html"]


def test_run_detail_lists_the_versions_registered_from_the_run(client: Client, registry: Registry) -> None:
    body = RunDetail(registry.run_id, client=client).body.value
    assert "<h4>Registered versions</h4>" in body
    assert f"<td>{registry.name}</td><td>v1</td><td>production</td>" in body
    # A run never registered says so.
    with client.set_experiment_run("unregistered") as run:
        other = run.id
    assert '<h4>Registered versions</h4><span class="mdbw-muted">not registered</span>' in (
        RunDetail(other, client=client).body.value
    )
