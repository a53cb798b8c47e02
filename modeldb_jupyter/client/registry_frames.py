"""DataFrames of the model registry: models, a model's versions, a version's history (imported on first use, so
pandas loads only for them)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.registry import registry_service_pb2 as rpb

from .registry import ModelVersion, RegisteredModel, all_pages, stage_word

if TYPE_CHECKING:
    import pandas as pd

    from modeldb_backend.pb.registry import stage_service_pb2 as spb

    from .client import Client

VERSION_COLUMNS = ["version", "stage", "run", "created", "labels", "lock", "id", "run_id"]
MODEL_COLUMNS = ["name", "versions", "latest", "production", "staging", "labels", "created", "updated", "id"]
HISTORY_COLUMNS = ["time", "actor", "action", "from_stage", "to_stage", "comment", "changes"]
ACTIVITY_COLUMNS = ["time", "version", "author", "kind", "stage", "comment", "id"]
VERSION_ENTITY = "model_version"  # the audit trail's entity type and id of a model version: "mv:<id>"


def _times(ms: Sequence[int]) -> pd.Series:
    """Epoch ms (0 = unset) as datetime64[ms, UTC], as runs_df's times."""
    import pandas as pd

    values = pd.array([m if m else None for m in ms], dtype="Int64")
    return pd.Series(pd.to_datetime(values, unit="ms", utc=True)).astype("datetime64[ms, UTC]")


def run_names(client: Client, run_ids: Iterable[str]) -> dict[str, str]:
    """{run id: run name} of the runs that still exist, in one query."""
    wanted = sorted({r for r in run_ids if r})
    if not wanted:
        return {}
    found = client.runs_df(run_ids=wanted, columns=["name"])
    return dict(zip(found["id"].astype(str), found["name"].astype(str), strict=True))


def versions_frame(client: Client, versions: Sequence[ModelVersion]) -> pd.DataFrame:
    import pandas as pd

    names = run_names(client, (v.run_id or "" for v in versions))
    return pd.DataFrame(
        {
            "version": pd.Series([v.name for v in versions], dtype=object),
            "stage": pd.Series([v.stage for v in versions], dtype=object),
            "run": pd.Series([names.get(v.run_id or "") for v in versions], dtype=object),
            "created": _times([int(v.message.time_created) for v in versions]),
            "labels": pd.Series([v.labels for v in versions], dtype=object),
            "lock": pd.Series([v.lock_level for v in versions], dtype=object),
            "id": pd.Series([v.id for v in versions], dtype="int64"),
            "run_id": pd.Series([v.run_id for v in versions], dtype=object),
        },
        columns=VERSION_COLUMNS,
    )


def models_frame(client: Client, models: Sequence[RegisteredModel]) -> pd.DataFrame:
    """One row per model: how many versions, the newest, which are in production and staging."""
    import pandas as pd

    request = rpb.FindModelVersionRequest(id=rpb.RegisteredModelIdentification())
    by_model: dict[int, list[rpb.ModelVersion]] = {m.id: [] for m in models}
    for version in all_pages(client, request, "model_versions"):
        by_model.setdefault(int(version.registered_model_id), []).append(version)
    for found in by_model.values():
        found.sort(key=lambda v: (v.time_created, v.id))

    def named(model: RegisteredModel, stage: str) -> list[str]:
        return [v.version for v in by_model[model.id] if stage_word(v.stage) == stage]

    return pd.DataFrame(
        {
            "name": pd.Series([m.name for m in models], dtype=object),
            "versions": pd.Series([len(by_model[m.id]) for m in models], dtype="int64"),
            "latest": pd.Series([by_model[m.id][-1].version if by_model[m.id] else None for m in models], dtype=object),
            "production": pd.Series([named(m, "production") for m in models], dtype=object),
            "staging": pd.Series([named(m, "staging") for m in models], dtype=object),
            "labels": pd.Series([m.labels for m in models], dtype=object),
            "created": _times([int(m.message.time_created) for m in models]),
            "updated": _times([int(m.message.time_updated) for m in models]),
            "id": pd.Series([m.id for m in models], dtype="int64"),
        },
        columns=MODEL_COLUMNS,
    )


def _stage_change(changes: Any) -> tuple[str | None, str | None]:
    """(from, to) of an audit record that moved a stage (UpdateStage, CommitTransition) or proposed a move
    (a transition), lower-case; (None, None) otherwise."""
    if not isinstance(changes, dict):
        return None, None
    move = changes.get("stage") or changes.get("transition")
    if not isinstance(move, dict) or "to" not in move:
        return None, None
    return _lower(move.get("from")), _lower(move.get("to"))


def _lower(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None


def history_frame(client: Client, version_id: int) -> pd.DataFrame:
    """The audit trail of one version, oldest first, with stage moves and comments pulled out."""
    import pandas as pd

    from .frames import audit_df

    records = audit_df(client, entity=f"mv:{version_id}", entity_type=VERSION_ENTITY)
    moves = [_stage_change(c) for c in records["changes"]]
    comments = [
        c.get("comment") if isinstance(c, dict) and isinstance(c.get("comment"), str) else None
        for c in records["changes"]
    ]
    return pd.DataFrame(
        {
            "time": records["timestamp"],
            "actor": records["actor"],
            "action": records["action"],
            "from_stage": pd.Series([m[0] for m in moves], dtype=object),
            "to_stage": pd.Series([m[1] for m in moves], dtype=object),
            "comment": pd.Series(comments, dtype=object),
            "changes": records["changes"],
        },
        columns=HISTORY_COLUMNS,
    )


def _activity_kind(activity: spb.Activity) -> tuple[str, str | None]:
    """What an activity records ('update', 'transition', 'approval', 'rejection', 'close', 'comment') and the
    stage it names, if any."""
    for kind in ("update", "transition", "approval", "rejection", "close"):
        if activity.HasField(kind):
            break
    else:
        return "comment", None
    if kind == "update":
        return kind, stage_word(activity.update.stage)
    if kind == "transition":
        return kind, stage_word(activity.transition.desired_stage)
    return kind, None


def activities_frame(activities: Sequence[spb.Activity], versions: Sequence[ModelVersion]) -> pd.DataFrame:
    import pandas as pd

    names = {v.id: v.name for v in versions}
    kinds = [_activity_kind(a) for a in activities]
    return pd.DataFrame(
        {
            "time": _times([int(a.time_created) for a in activities]),
            "version": pd.Series([names.get(int(a.model_version_id)) for a in activities], dtype=object),
            "author": pd.Series([a.author_id for a in activities], dtype=object),
            "kind": pd.Series([k[0] for k in kinds], dtype=object),
            "stage": pd.Series([k[1] for k in kinds], dtype=object),
            "comment": pd.Series([a.comment for a in activities], dtype=object),
            "id": pd.Series([int(a.id) for a in activities], dtype="int64"),
        },
        columns=ACTIVITY_COLUMNS,
    )


__all__ = ["activities_frame", "history_frame", "models_frame", "versions_frame"]
