"""Metadata operations shared by ProjectService and ExperimentService (same rules, different entity)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from sqlalchemy import select, update

from ...errors import AlreadyExists, InvalidArgument, NotFound
from ...pb.common import common_pb2
from ...store import models as m
from ..artifacts.rows import delete_artifacts
from ..context import CallContext
from ..json_columns import fill_message, message_json
from ..key_values import ARTIFACTS, ATTRIBUTES, load_key_values
from ..loading import EXPERIMENT, RUN, new_id

SHORT_NAME_LENGTH = 40
_SHORT_NAME_JUNK = re.compile(r"[^a-zA-Z0-9_.-]+")


def require_items(items: Sequence[object], message: str) -> None:
    """ModelDB refuses add-calls with nothing to add (400) instead of silently succeeding."""
    if not items:
        raise InvalidArgument(message)


def require_text(value: str, message: str) -> str:
    if not value:
        raise InvalidArgument(message)
    return value


def generated_name(kind: str) -> str:
    """An unnamed entity gets a readable unique name (ModelDB uses a random-name generator)."""
    return f"{kind} {new_id()[:8]}"


# --- attributes ---------------------------------------------------------------------------------------


def attributes_of(
    ctx: CallContext, entity_id: str, keys: Sequence[str], get_all: bool, label: str
) -> list[common_pb2.KeyValue]:
    """Attributes by key (missing keys are simply absent) or all of them, sorted by key."""
    if not keys and not get_all:
        raise InvalidArgument(f"{label} attribute keys not present: pass attribute_keys, or get_all=true")
    wanted = None if get_all else list(keys)
    return load_key_values(ctx.session, [entity_id], ATTRIBUTES, wanted).get(entity_id, [])


# --- code version -------------------------------------------------------------------------------------


def log_code_version(row: m.Project | m.Experiment, code_version: common_pb2.CodeVersion, label: str) -> None:
    """Store a code version once: ModelDB answers 409 when one is already logged (no overwrite here)."""
    if code_version.WhichOneof("code") is None:
        raise InvalidArgument("CodeVersion not present: set code_version.git_snapshot or code_version.code_archive")
    if row.code_version:
        raise AlreadyExists(f"Code version already logged for {label.lower()} {row.id}")
    row.code_version = message_json(code_version)


def fill_code_version(target: common_pb2.CodeVersion, row: m.Project | m.Experiment) -> None:
    """Copy the logged code version into a response field; with none logged the field stays unset."""
    fill_message(target, row.code_version)


# --- artifacts ----------------------------------------------------------------------------------------


def delete_artifact(ctx: CallContext, entity_id: str, key: str, label: str) -> None:
    require_text(key, "Artifact key not present")
    if delete_artifacts(ctx, entity_id, ARTIFACTS, [key]) == 0:
        raise NotFound(f"Artifact with key '{key}' not found in {label} {entity_id}")


# --- project short names ------------------------------------------------------------------------------


def project_short_name(name: str) -> str:
    """ModelDB's URL-safe short name: runs of other characters become '-', long names are hashed.

    ModelDB keeps 10 characters plus a 32-character MD5 (42 > its own 40 limit); we keep 8 so the
    result always fits the 40-character rule it enforces elsewhere.
    """
    short = _SHORT_NAME_JUNK.sub("-", name)
    if len(short) > SHORT_NAME_LENGTH:
        short = short[:8] + hashlib.md5(short[8:].encode(), usedforsecurity=False).hexdigest()
    return short


def check_short_name(short_name: str) -> str:
    require_text(short_name, "Project shortName not present")
    if len(short_name) > SHORT_NAME_LENGTH or project_short_name(short_name) != short_name:
        raise InvalidArgument(
            f"Project short name {short_name[:60]!r} is not valid: use at most {SHORT_NAME_LENGTH} "
            "characters among letters, digits, '_', '.' and '-'"
        )
    return short_name


# --- soft delete --------------------------------------------------------------------------------------


def soft_delete_children(
    ctx: CallContext, *, project_ids: Sequence[str] = (), experiment_ids: Sequence[str] = ()
) -> None:
    """Mark the live experiments and runs under the given parents deleted, at once and set-based.

    Doing it in the same transaction (ModelDB uses a background reconciler) means finds never show
    runs of a deleted experiment, and names under the parent are free again immediately.
    """
    if project_ids:
        exp_where = [m.Experiment.project_id.in_(list(project_ids)), ~m.Experiment.deleted]
        for exp_id in ctx.session.scalars(select(m.Experiment.id).where(*exp_where)):
            ctx.audit(EXPERIMENT, exp_id, {"deleted": True})
        ctx.session.execute(update(m.Experiment).where(*exp_where).values(deleted=True))
        run_parent = m.ExperimentRun.project_id.in_(list(project_ids))
    else:
        run_parent = m.ExperimentRun.experiment_id.in_(list(experiment_ids))
    run_where = [run_parent, ~m.ExperimentRun.deleted]
    for run_id in ctx.session.scalars(select(m.ExperimentRun.id).where(*run_where)):
        ctx.audit(RUN, run_id, {"deleted": True})
    ctx.session.execute(update(m.ExperimentRun).where(*run_where).values(deleted=True))
