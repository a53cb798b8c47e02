"""What the registry widgets show, read through the client as plain data: registered models with their version
counts and newest version, a model's versions, and one version in full (stage history with "from → to", artifacts,
and its lineage back to the run: the run, the commit the run used, the dataset versions). Stage changes go
through StageService updateStage."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any, cast

from google.protobuf.json_format import MessageToDict

from modeldb_backend.pb.common import common_pb2
from modeldb_backend.pb.ext import extension_pb2 as ext_pb2
from modeldb_backend.pb.modeldb import dataset_service_pb2 as ds_pb2
from modeldb_backend.pb.modeldb import dataset_version_service_pb2 as dv_pb2
from modeldb_backend.pb.registry import registry_service_pb2 as reg
from modeldb_backend.pb.registry import stage_service_pb2 as stage_pb2
from modeldb_backend.pb.versioning import versioning_pb2 as vpb
from modeldb_backend.pb.versioning import versioning_service_pb2 as spb
from modeldb_jupyter.client import ModelDBError, ModelVersion
from modeldb_jupyter.client.registry import TARGET_STAGES
from modeldb_jupyter.client.registry_frames import run_names

from ._common import describe_error

if TYPE_CHECKING:
    from modeldb_jupyter.client import Client

PAGE_LIMIT = 100  # models and versions listed at once (newest first)
WORKSPACE = "personal"  # the workspace ModelDB's client names in open-source mode
STAGES = TARGET_STAGES  # what a version can be moved to (the stage picker's choices)
Stage = stage_pb2.StageEnum.Stage


def stage_name(value: int) -> str:
    """ "production", "unassigned", ... ("" for UNKNOWN)."""
    return "" if value == Stage.UNKNOWN else Stage.Name(cast(Any, value)).lower()


def lock_name(value: int) -> str:
    """The lock level as a word; UNKNOWN (never set) reads as the default, "open"."""
    levels = reg.ModelVersionLockLevelEnum.ModelVersionLockLevel
    return "open" if value == levels.UNKNOWN else levels.Name(cast(Any, value)).lower()


def _model_ident(model_id: int) -> reg.RegisteredModelIdentification:
    return reg.RegisteredModelIdentification(registered_model_id=model_id)


def _version_row(version: reg.ModelVersion) -> dict[str, Any]:
    return {
        "id": int(version.id),
        "model_id": int(version.registered_model_id),
        "version": version.version or str(version.id),
        "stage": stage_name(version.stage),
        "created": int(version.time_created),
        "run_id": version.experiment_run_id,
        "lock": lock_name(version.lock_level),
        "labels": list(version.labels),
        "description": version.description,
    }


def _model_row(model: reg.RegisteredModel) -> dict[str, Any]:
    return {
        "id": int(model.id),
        "name": model.name,
        "description": model.description,
        "labels": list(model.labels),
        "owner": model.owner,
        "created": int(model.time_created),
        "updated": int(model.time_updated),
    }


def find_versions(client: Client, model_id: int, limit: int = PAGE_LIMIT) -> tuple[list[dict[str, Any]], int]:
    """A model's versions, newest first (at most `limit`), and how many it has."""
    request = reg.FindModelVersionRequest(
        id=_model_ident(model_id),
        pagination=common_pb2.Pagination(page_number=1, page_limit=limit),
        sort_key="time_created",
        ascending=False,
    )
    found = client.call(request)
    rows = [_version_row(v) for v in found.model_versions]
    return rows, max(int(found.total_records), len(rows))


def name_runs(client: Client, versions: list[dict[str, Any]]) -> None:
    """Add `run` (the source run's name; a run deleted since keeps its id) to each version row: one query for
    all the rows (the client's run_names)."""
    names: dict[str, str] = {}
    with contextlib.suppress(ModelDBError):  # unreadable runs are named by their ids, as deleted ones
        names = run_names(client, (row["run_id"] for row in versions))
    for row in versions:
        row["run"] = names.get(row["run_id"], row["run_id"]) if row["run_id"] else ""


def list_models(client: Client) -> tuple[list[dict[str, Any]], int]:
    """Registered models, most recently updated first, each with `versions` (its count) and `newest` (its newest
    version's row, or None); and how many models there are."""
    request = reg.FindRegisteredModelRequest(
        workspace_name=WORKSPACE,
        pagination=common_pb2.Pagination(page_number=1, page_limit=PAGE_LIMIT),
        sort_key="time_updated",
        ascending=False,
    )
    found = client.call(request)
    rows = []
    for model in found.registered_models:
        newest, count = find_versions(client, int(model.id), limit=1)
        rows.append({**_model_row(model), "versions": count, "newest": newest[0] if newest else None})
    return rows, max(int(found.total_records), len(rows))


def get_model(client: Client, model: int | str) -> dict[str, Any]:
    """A registered model by id, or by name (the client's lookup: an unknown name says which one is close)."""
    found = client.model(id=model) if isinstance(model, int) else client.model(name=model)
    row = _model_row(found.message)
    row["attributes"] = {a.key: _value(a.value) for a in found.message.attributes}
    return row


def _value(value: Any) -> Any:
    return MessageToDict(value)


def audited_from(client: Client, version_id: int) -> dict[int, str]:
    """The stage each change started from, by activity id: StageService audits every stage change on the version
    with {"stage": {"from", "to"}, "activity_id"}."""
    request = ext_pb2.FindAuditRecords(entity_id=f"mv:{version_id}", entity_type="model_version")
    out: dict[int, str] = {}
    for record in client.call(request).records:
        changes = MessageToDict(record.changes)
        stage, activity = changes.get("stage"), changes.get("activity_id")
        if isinstance(stage, dict) and isinstance(stage.get("from"), str) and isinstance(activity, int | float):
            out[int(activity)] = stage["from"].lower()
    return out


def stage_history(activities: list[stage_pb2.Activity], start: dict[int, str] | None = None) -> list[dict[str, Any]]:
    """Newest first. An update carries only its target stage: its "from" is what the audit trail recorded
    (`start`, by activity id), else the stage the previous update left (a version starts unassigned unless it
    was created in a stage)."""
    start = start or {}
    current = "unassigned"
    rows = []
    for activity in sorted(activities, key=lambda a: (a.time_created, a.id)):
        row: dict[str, Any] = {
            "time": int(activity.time_created),
            "author": activity.author_id,
            "comment": activity.comment,
            "change": "comment",
        }
        if activity.HasField("update"):
            target = stage_name(activity.update.stage)
            row["change"] = f"{start.get(int(activity.id), current)} → {target}"
            current = target or current
        elif activity.HasField("transition"):
            t = activity.transition
            row["change"] = f"transition requested: {stage_name(t.source_stage)} → {stage_name(t.desired_stage)}"
        elif activity.HasField("approval"):
            row["change"] = "transition approved"
        elif activity.HasField("rejection"):
            row["change"] = "transition rejected"
        elif activity.HasField("close"):
            row["change"] = "transition closed"
        rows.append(row)
    return rows[::-1]


def dataset_version_name(client: Client, version_id: str) -> str:
    """ "<dataset> v<version>"; a dataset version deleted since keeps its id."""
    with contextlib.suppress(ModelDBError):
        version = client.call(dv_pb2.GetDatasetVersionById(id=version_id)).dataset_version
        dataset = client.call(ds_pb2.GetDatasetById(id=version.dataset_id)).dataset
        return f"{dataset.name} v{version.version}"
    return version_id


def _lineage(client: Client, version: reg.ModelVersion) -> dict[str, Any]:
    """The source run (ExtensionService getModelVersionSource: its name, the commit it used, its dataset
    versions) and the version's own dataset versions; a failing read becomes `error`, the rest of the detail
    stays readable."""
    out: dict[str, Any] = {
        "run_id": version.experiment_run_id,
        "run": "",
        "run_deleted": False,
        "commit": None,
        "error": "",
    }
    datasets = list(version.datasets)
    try:
        source = client.call(ext_pb2.GetModelVersionSource(model_version_id=version.id))
        out["run_id"] = source.experiment_run_id or version.experiment_run_id
        out["run"], out["run_deleted"] = source.experiment_run_name, source.run_deleted
        entry = source.versioned_inputs
        if entry.commit:
            name = str(entry.repository_id)
            with contextlib.suppress(ModelDBError):  # a deleted repository is named by its id
                ident = vpb.RepositoryIdentification(repo_id=entry.repository_id)
                name = client.call(spb.GetRepositoryRequest(id=ident)).repository.name
            out["commit"] = {"repository": name, "sha": entry.commit}
        datasets += source.datasets
    except Exception as exc:  # shown in the lineage section
        out["error"] = describe_error(exc)
    seen: set[str] = set()
    out["datasets"] = []
    for d in datasets:
        key = d.linked_artifact_id or f"{d.key}:{d.path}"
        if key not in seen:
            seen.add(key)
            name = dataset_version_name(client, d.linked_artifact_id) if d.linked_artifact_id else d.path
            out["datasets"].append({"key": d.key, "id": d.linked_artifact_id, "name": name})
    return out


def _artifacts(version: reg.ModelVersion) -> list[dict[str, Any]]:
    """The model first (under the key "model", as ModelDB's client addresses it), then the other artifacts."""
    items = [version.model] if version.HasField("model") and (version.model.key or version.model.path) else []
    rows = []
    for i, a in enumerate([*items, *version.artifacts]):
        kind = common_pb2.ArtifactTypeEnum.ArtifactType.Name(a.artifact_type).lower()
        rows.append({"key": "model" if items and i == 0 else a.key, "type": kind, "path": a.path})
    return rows


def _code_text(blob: vpb.CodeBlob) -> str:
    """A code version in one line: "<repo>@<hash> (dirty)" for git, the notebook's path for a notebook."""
    if blob.HasField("notebook"):
        return blob.notebook.path.path or "notebook"
    git = blob.git
    return f"{git.repo}@{git.hash[:8]}" + (" (dirty)" if git.is_dirty else "")


def version_detail(client: Client, version_id: int) -> dict[str, Any]:
    """One version in full: its row, its model's name, stage history, artifacts, code, attributes, lineage."""
    ident = reg.ModelVersionIdentification(model_version_id=version_id)
    version = client.call(reg.GetModelVersionRequest(id=ident)).model_version
    model = client.call(reg.GetRegisteredModelRequest(id=_model_ident(version.registered_model_id)))
    detail = _version_row(version)
    detail["model"] = model.registered_model.name
    detail["updated"] = int(version.time_updated)
    detail["owner"] = version.owner
    detail["attributes"] = {a.key: _value(a.value) for a in version.attributes}
    detail["artifacts"] = _artifacts(version)
    detail["code"] = {key: _code_text(blob) for key, blob in sorted(version.code_blob_map.items())}
    detail["history_error"] = ""
    try:
        found = client.call(stage_pb2.FindActivitiesRequest(model_version_id=version_id))
        detail["history"] = stage_history(list(found.activities), audited_from(client, version_id))
    except ModelDBError as exc:
        detail["history"] = []
        detail["history_error"] = describe_error(exc)
    detail["lineage"] = _lineage(client, version)
    return detail


def run_registry(client: Client, run_id: str) -> dict[str, Any]:
    """The versions registered from a run (ExtensionService listRunModelVersions), oldest first; a failing read
    becomes `error` (the run detail stays readable)."""
    try:
        found = client.call(ext_pb2.ListRunModelVersions(experiment_run_id=run_id)).model_versions
    except Exception as exc:  # shown in the run detail's section
        return {"versions": [], "error": describe_error(exc)}
    versions = [
        {
            "model": v.registered_model_name,
            "version": v.version,
            "stage": stage_name(v.stage),
            "created": int(v.time_created),
            "id": int(v.model_version_id),
        }
        for v in found
    ]
    return {"versions": versions, "error": ""}


def change_stage(client: Client, version_id: int, stage: str, comment: str = "") -> None:
    """Put the version in `stage` ("production", ...) with `comment` in its history (the client's promote:
    StageService updateStage; an unknown stage or the stage it is in is refused with a message)."""
    ModelVersion(client, reg.ModelVersion(id=version_id)).promote(stage, comment)
