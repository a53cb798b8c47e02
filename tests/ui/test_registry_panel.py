"""The model registry in the ModelDB panel, in a real JupyterLab driven by headless Chromium: the Models section
(version counts, the newest version's stage) → a model's versions (stage badges, run links, locks) → a version's
stage history, artifacts and lineage back to the run (the run, the commit it used, the dataset versions);
promotion from the version view; the run's view lists the versions registered from it. The data is seeded
through the REST API under /api/v1/registry, as ModelDB's client sends it."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.ui.conftest import open_code_notebook, shot
from tests.ui.lab import LabServer
from tests.ui.test_panel import open_panel
from tests.ui.test_versioning_panel import REPO_NAME, SeededRepo, seed_versioning
from tests.ui.test_widgets import run_all

MODEL = "churn-classifier"
OTHER_MODEL = "fraud-detector"
WEIGHTS = b"\x00\x01fake weights"


@dataclass
class SeededRegistry:
    repo: SeededRepo
    model_id: str
    versions: dict[str, str]  # version name -> id
    dataset_version_id: str


def registry(lab: LabServer, path: str, body: dict[str, Any] | None = None, method: str = "POST") -> dict[str, Any]:
    """One RPC of the mounted gateway's registry prefix."""
    url = f"{lab.url}modeldb/api/v1/registry/{path}"
    if method == "GET":
        response = lab.session.get(url, params=body, timeout=30)
    else:
        response = lab.session.request(method, url, data=json.dumps(body or {}), timeout=30)
    assert response.status_code == 200, f"{method} {path} answered {response.status_code}: {response.text[:500]}"
    return response.json()  # type: ignore[no-any-return]


def _model(lab: LabServer, name: str, description: str, labels: list[str]) -> str:
    body = {"name": name, "description": description, "labels": labels}
    return str(registry(lab, "workspaces/personal/registered_models", body)["registered_model"]["id"])


def _version(lab: LabServer, model_id: str, body: dict[str, Any]) -> str:
    created = registry(lab, f"registered_models/{model_id}/model_versions", body)
    time.sleep(0.01)  # versions are listed newest first (ms)
    return str(created["model_version"]["id"])


def seed_registry(lab: LabServer) -> SeededRegistry:
    repo = seed_versioning(lab)
    dataset = lab.api("dataset/createDataset", {"name": "churn-data", "dataset_type": "PATH"})["dataset"]
    blob = {"path": {"components": [{"path": "train.csv", "size": "2048", "sha256": "cd34"}]}}
    dataset_version = lab.api(
        "dataset-version/createDatasetVersion",
        {"dataset_id": dataset["id"], "dataset_type": "PATH", "dataset_blob": blob},
    )["dataset_version"]["id"]

    model_id = _model(lab, MODEL, "Predicts which customers leave", ["tabular", "baseline"])
    other = _model(lab, OTHER_MODEL, "", [])
    v1 = _version(
        lab,
        model_id,
        {
            "version": "v1",
            "experiment_run_id": repo.run_ids["train"],
            "labels": ["first"],
            "model": {"key": "model", "path": "f00d/model.pkl", "artifact_type": "MODEL"},
            "artifacts": [{"key": "weights", "path": "f00d/weights.bin", "artifact_type": "BLOB"}],
            "datasets": [{"key": "train", "linked_artifact_id": dataset_version, "artifact_type": "DATA"}],
        },
    )
    v2 = _version(lab, model_id, {"version": "v2", "description": "retrained on March data"})
    created_staging = _version(lab, other, {"version": "1", "stage": "STAGING"})
    registry(lab, "stage/updateStage", {"model_version_id": created_staging, "stage": "PRODUCTION", "comment": ""})
    registry(lab, "stage/updateStage", {"model_version_id": v1, "stage": "STAGING", "comment": "ready for QA"})
    registry(lab, "stage/updateStage", {"model_version_id": v1, "stage": "PRODUCTION", "comment": "QA passed"})
    git = {"git": {"repo": "git@example.org:churn.git", "hash": "0123456789abcdef", "is_dirty": True}}
    registry(lab, f"model_versions/{v1}/logCodeBlobInModelVersion", {"code_blob_map": {"training": git}})
    # The weights' bytes, through the upload URL the registry hands out (before the lock closes the version).
    url = registry(lab, f"model_versions/{v1}/getUrlForArtifact", {"key": "weights", "method": "PUT"})["url"]
    uploaded = lab.session.put(url, data=WEIGHTS, timeout=30)
    assert uploaded.status_code == 200, f"PUT {url}: {uploaded.status_code} {uploaded.text[:300]}"
    registry(lab, f"model_versions/{v1}/lock", {"lock_level": "CLOSED"}, method="PUT")
    return SeededRegistry(repo, model_id, {"v1": v1, "v2": v2}, dataset_version)


@pytest.fixture(scope="module")
def seeded_registry(lab: LabServer) -> SeededRegistry:
    return seed_registry(lab)


def test_models_versions_and_a_version_with_its_lineage(page: Page, seeded_registry: SeededRegistry) -> None:
    panel = open_panel(page)
    expect(panel.locator(".mdb-Models-count")).to_have_text("2")
    model = panel.locator(f'.mdb-Model[data-name="{MODEL}"]')
    expect(model.locator(".mdb-Model-versions")).to_have_text("2 versions")
    expect(model.locator(".mdb-Stage")).to_have_attribute("data-stage", "UNASSIGNED")  # v2, the newest
    expect(panel.locator(f'.mdb-Model[data-name="{OTHER_MODEL}"] .mdb-Model-versions')).to_have_text("1 version")
    model.click()

    view = page.locator(f'.mdb-ModelView[data-model-id="{seeded_registry.model_id}"]')
    expect(view.locator(".mdb-Model-title")).to_have_text(MODEL)
    expect(view.locator(".mdb-Model-description")).to_have_text("Predicts which customers leave")
    expect(view.locator(".mdb-Model-labels .mdb-Tag")).to_have_text(["baseline", "tabular"])
    rows = view.locator(".mdb-Version")
    expect(rows).to_have_count(2)
    assert rows.evaluate_all("rows => rows.map(r => r.dataset.version)") == ["v2", "v1"]
    v1 = view.locator('.mdb-Version[data-version="v1"]')
    expect(v1.locator(".mdb-Stage")).to_have_text("production")
    expect(v1.locator(".mdb-Lock")).to_have_attribute("data-lock", "closed")
    expect(v1.locator(".mdb-Version-run")).to_have_text("train")
    expect(view.locator('.mdb-Version[data-version="v2"] .mdb-Lock')).to_have_attribute("data-lock", "open")
    shot(page, "14-registry-model")

    v1.locator(".mdb-Version-open").click()
    version = page.locator(f'.mdb-ModelVersionView[data-version-id="{seeded_registry.versions["v1"]}"]')
    expect(version.locator(".mdb-ModelVersion-title")).to_have_text(f"{MODEL} / v1")
    expect(version.locator(".mdb-ModelVersion-info .mdb-Stage")).to_have_text("production")
    history = version.locator(".mdb-StageHistory-row")
    expect(history.locator(".mdb-StageHistory-what")).to_have_text(["staging → production", "unassigned → staging"])
    expect(history.locator(".mdb-StageHistory-comment")).to_have_text(["QA passed", "ready for QA"])
    artifacts = version.locator(".mdb-ModelVersion-artifact")
    assert artifacts.evaluate_all("rows => rows.map(r => r.dataset.artifact)") == ["model", "weights"]
    lineage = version.locator(".mdb-ModelVersion-lineage")
    expect(lineage.locator(".mdb-ModelVersion-run")).to_have_text("train")
    expect(lineage.locator(".mdb-ModelVersion-commit")).to_have_text(f"{REPO_NAME}@{seeded_registry.repo.second[:8]}")
    dataset = version.locator(".mdb-ModelVersion-dataset")
    expect(dataset).to_have_attribute("data-dataset-version-id", seeded_registry.dataset_version_id)
    expect(dataset).to_contain_text("churn-data v1")
    shot(page, "14b-registry-version-lineage")

    expect(version.locator(".mdb-ModelVersion-code")).to_contain_text("git@example.org:churn.git@01234567 (dirty)")

    # An artifact downloads through the registry's getUrlForArtifact.
    with page.expect_download() as download:
        version.locator('.mdb-ModelVersion-artifact[data-artifact="weights"] .mdb-Artifact-download').click()
    assert download.value.suggested_filename == "weights.bin"
    assert Path(download.value.path()).read_bytes() == WEIGHTS

    # The commit link opens the repository at the commit the run used.
    lineage.locator(".mdb-ModelVersion-commit").click()
    repo_view = page.locator(f'.mdb-RepositoryView[data-repo-id="{seeded_registry.repo.repo_id}"]')
    expect(repo_view.locator(".mdb-Commit.mdb-mod-selected")).to_have_attribute("data-sha", seeded_registry.repo.second)


def test_promote_a_version_from_its_view(page: Page, seeded_registry: SeededRegistry) -> None:
    panel = open_panel(page)
    panel.locator(f'.mdb-Model[data-name="{MODEL}"]').click()
    view = page.locator(f'.mdb-ModelView[data-model-id="{seeded_registry.model_id}"]')
    view.locator('.mdb-Version[data-version="v2"] .mdb-Version-open').click()
    version = page.locator(f'.mdb-ModelVersionView[data-version-id="{seeded_registry.versions["v2"]}"]')
    # The picker offers the stages a version can be moved to; the one it is in cannot be applied again.
    expect(version.locator(".mdb-Promote-stage option")).to_have_text(
        ["development", "staging", "production", "archived"]
    )
    expect(version.locator(".mdb-Promote-stage")).to_have_value("DEVELOPMENT")
    expect(version.locator(".mdb-StageHistory")).to_have_count(0)
    version.locator(".mdb-Promote-stage").select_option("STAGING")
    version.locator(".mdb-Promote-comment").fill("canary at 5%")
    version.locator(".mdb-Promote-apply").click()

    expect(version).to_have_attribute("data-stage", "STAGING")
    expect(version.locator(".mdb-ModelVersion-info .mdb-Stage")).to_have_text("staging")
    row = version.locator(".mdb-StageHistory-row").first
    expect(row.locator(".mdb-StageHistory-what")).to_have_text("unassigned → staging")
    expect(row.locator(".mdb-StageHistory-comment")).to_have_text("canary at 5%")
    expect(version.locator(".mdb-Promote-comment")).to_have_value("")
    expect(version.locator(".mdb-Promote-stage")).to_have_value("STAGING")
    expect(version.locator(".mdb-Promote-apply")).to_be_disabled()
    shot(page, "14c-registry-promote")

    # The model's table and the panel follow after a refresh.
    page.locator(".lm-TabBar-tab", has_text=f"Model: {MODEL}").click()
    view.get_by_role("button", name="Refresh").click()
    expect(view.locator('.mdb-Version[data-version="v2"] .mdb-Stage')).to_have_text("staging")
    panel.locator(".mdb-Panel-refresh").click()
    expect(panel.locator(f'.mdb-Model[data-name="{MODEL}"] .mdb-Stage')).to_have_attribute("data-stage", "STAGING")


def test_a_version_created_in_a_stage_shows_it_as_where_it_came_from(
    page: Page, seeded_registry: SeededRegistry
) -> None:
    panel = open_panel(page)
    other = panel.locator(f'.mdb-Model[data-name="{OTHER_MODEL}"]')
    expect(other.locator(".mdb-Stage")).to_have_attribute("data-stage", "PRODUCTION")
    other.click()
    page.locator('.mdb-ModelView .mdb-Version[data-version="1"] .mdb-Version-open').click()
    version = page.locator(".mdb-ModelVersionView").filter(has_text=f"{OTHER_MODEL} / 1")
    # The audit trail knows where the change started (the version was created in STAGING, never UNASSIGNED).
    expect(version.locator(".mdb-StageHistory-what")).to_have_text(["staging → production"])


def test_a_run_lists_the_versions_registered_from_it(page: Page, seeded_registry: SeededRegistry) -> None:
    panel = open_panel(page)
    panel.locator(f'.mdb-Model[data-name="{MODEL}"]').click()
    view = page.locator(f'.mdb-ModelView[data-model-id="{seeded_registry.model_id}"]')
    view.locator('.mdb-Version[data-version="v1"] .mdb-Version-run').click()

    run = page.locator(f'.mdb-RunView[data-run-id="{seeded_registry.repo.run_ids["train"]}"]')
    registered = run.locator(".mdb-Run-registered")
    expect(registered).to_have_count(1)
    expect(registered).to_have_attribute("data-model", MODEL)
    expect(registered.locator(".mdb-Stage")).to_have_text("production")
    registered.scroll_into_view_if_needed()
    shot(page, "14d-run-registered-versions")
    # The version link opens the version.
    registered.locator(".mdb-Run-registeredVersion").click()
    expect(
        page.locator(
            f'.mdb-ModelVersionView[data-version-id="{seeded_registry.versions["v1"]}"] .mdb-ModelVersion-title'
        )
    ).to_have_text(f"{MODEL} / v1")


WIDGET_NOTEBOOK = "registry.ipynb"
WIDGET_CELL = f"""from modeldb_jupyter.widgets import model_browser

model_browser({MODEL!r})"""


def test_model_browser_widget_in_a_notebook(page: Page, lab: LabServer, seeded_registry: SeededRegistry) -> None:
    open_code_notebook(page, lab, WIDGET_NOTEBOOK, WIDGET_CELL, "registry-widget")
    run_all(page)

    # The kernel's client reads the Lab server's registry: the models, the model's versions, the newest one.
    widget = page.locator(".mdbw-registry")
    expect(widget.locator(".widget-html-content table").first).to_contain_text(OTHER_MODEL, timeout=90_000)
    model = widget.locator(".mdbw-model")
    expect(model).to_contain_text("Versions (2)")
    version = model.locator(".mdbw-version")
    expect(version).to_contain_text(f"Version {MODEL} / v2")

    # Picking v1 in the page: Python reads its detail, lineage back to the run included.
    model.locator("select").first.select_option(label="v1 (production)")
    expect(version).to_contain_text(f"Version {MODEL} / v1")
    expect(version).to_contain_text("staging → production")
    expect(version).to_contain_text(f"{REPO_NAME}@{seeded_registry.repo.second[:8]}")
    expect(version).to_contain_text("churn-data v1")
    expect(model.locator(".widget-html-content table").nth(1)).to_contain_text("train")  # the run, by its name
    model.get_by_role("heading", name="Versions (2)").scroll_into_view_if_needed()
    shot(page, "widgets-registry")
