"""deepCopyProject: a new project with copies of the live experiments and runs and all their metadata (the runs'
versioned inputs included).

ModelDB copies the project message (attributes, tags, artifacts, code version, readme) and then every
experiment and run under it. We do the same with a fixed number of set-based statements, whatever the
size of the project, and give the copy a fresh unique name (ModelDB's copy kept the source's name, which
only worked because it was tied to another owner).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, SQLColumnExpression, Table, insert, or_, select

from ...limits import MAX_NAME_LENGTH
from ...store import models as m
from ...store import versioning_models as vm
from ..artifacts.blobs import copy_blobs
from ..context import CallContext
from ..entity_meta.rules import project_short_name
from ..loading import EXPERIMENT, PROJECT, RUN, new_id

COPY_CANDIDATES = 50


def deep_copy_project(ctx: CallContext, src: m.Project) -> m.Project:
    exp_rows = _rows(ctx, m.Experiment.__table__, m.Experiment.project_id == src.id, ~m.Experiment.deleted)
    run_rows = _rows(ctx, m.ExperimentRun.__table__, m.ExperimentRun.project_id == src.id, ~m.ExperimentRun.deleted)
    copy = _copy_project_row(ctx, src)
    ids = {src.id: copy.id}
    ids.update({row["id"]: new_id() for row in exp_rows})
    # A live run under a deleted experiment should not exist (deletes cascade); skip it if it does.
    run_rows = [row for row in run_rows if row["experiment_id"] in ids]
    ids.update({row["id"]: new_id() for row in run_rows})

    owner = {"owner": ctx.actor}
    _insert(ctx, m.Experiment.__table__, [{**r, "id": ids[r["id"]], "project_id": copy.id, **owner} for r in exp_rows])
    _insert(ctx, m.ExperimentRun.__table__, [{**_run_copy(r, ids, copy.id), **owner} for r in run_rows])
    _copy_children(ctx, src.id, ids)
    ctx.audit(PROJECT, copy.id, {"copied_from": src.id})
    for row in exp_rows:
        ctx.audit(EXPERIMENT, ids[row["id"]], {"copied_from": row["id"]})
    for row in run_rows:
        ctx.audit(RUN, ids[row["id"]], {"copied_from": row["id"]})
    return copy


def _copy_project_row(ctx: CallContext, src: m.Project) -> m.Project:
    name = _copy_name(ctx, src)
    copy = m.Project(
        id=new_id(),
        workspace=src.workspace,
        name=name,
        description=src.description,
        short_name=project_short_name(name),
        readme_text=src.readme_text,
        project_visibility=src.project_visibility,
        visibility=src.visibility,
        owner=ctx.actor,  # the copy, its experiments and runs are the copier's
        code_version=src.code_version,
        date_created=ctx.now,
        date_updated=ctx.now,
        version_number=1,
        deleted=False,
    )
    ctx.session.add(copy)
    ctx.session.flush()
    return copy


def _copy_name(ctx: CallContext, src: m.Project) -> str:
    """`<name> (copy)`, else `<name> (copy N)`: the first one free among live projects of the workspace."""
    suffixes = [" (copy)"] + [f" (copy {n})" for n in range(2, COPY_CANDIDATES + 1)]
    candidates = [src.name[: MAX_NAME_LENGTH - len(s)] + s for s in suffixes]
    taken = set(
        ctx.session.scalars(
            select(m.Project.name).where(
                m.Project.workspace == src.workspace, m.Project.name.in_(candidates), ~m.Project.deleted
            )
        )
    )
    free = [c for c in candidates if c not in taken]
    if free:
        return free[0]
    suffix = f" (copy {new_id()[:8]})"
    return src.name[: MAX_NAME_LENGTH - len(suffix)] + suffix


def _run_copy(row: dict[str, Any], ids: dict[str, str], project_id: str) -> dict[str, Any]:
    return {
        **row,
        "id": ids[row["id"]],
        "project_id": project_id,
        "experiment_id": ids[row["experiment_id"]],
        # A parent inside the copied project points at its copy; one outside keeps pointing outside.
        "parent_id": ids.get(row["parent_id"], row["parent_id"]),
    }


def _copy_children(ctx: CallContext, src_id: str, ids: dict[str, str]) -> None:
    """Key-values, tags, artifacts (per entity id), observations and versioned inputs (per run) of every copy.

    The source ids are selected by sub-queries rather than bound one by one, so a project of any size
    stays within the database's limit on bound parameters.
    """
    exp_ids = select(m.Experiment.id).where(m.Experiment.project_id == src_id, ~m.Experiment.deleted)
    run_ids = select(m.ExperimentRun.id).where(m.ExperimentRun.project_id == src_id, ~m.ExperimentRun.deleted)

    def owned_by(column: SQLColumnExpression[str]) -> ColumnElement[bool]:
        return or_(column == src_id, column.in_(exp_ids), column.in_(run_ids))

    for table in (m.KeyValue.__table__, m.Artifact.__table__, m.Tag.__table__):
        rows = _rows(ctx, table, owned_by(table.c.entity_id))
        _insert(ctx, table, [_renamed(r, "entity_id", ids) for r in rows if r["entity_id"] in ids])
    obs = _rows(ctx, m.Observation.__table__, m.Observation.run_id.in_(run_ids), order_by_id=True)
    _insert(ctx, m.Observation.__table__, [_renamed(r, "run_id", ids) for r in obs if r["run_id"] in ids])
    # Versioned inputs (links to versioning commits) as stored, invisible ones included: a link hidden by a
    # deleted commit stays hidden in the copy, as it does in the source (and as a clone keeps it).
    links = _rows(ctx, vm.RunVersionedInput.__table__, vm.RunVersionedInput.run_id.in_(run_ids))
    _insert(ctx, vm.RunVersionedInput.__table__, [_renamed(r, "run_id", ids) for r in links if r["run_id"] in ids])
    copy_blobs(ctx.session, ids, owned_by, ctx.now)


def _rows(
    ctx: CallContext, table: Table, *where: ColumnElement[bool], order_by_id: bool = False
) -> list[dict[str, Any]]:
    query = select(table).where(*where)
    if order_by_id:
        query = query.order_by(table.c.id)  # observations keep their insertion order in the copy
    return [dict(row) for row in ctx.session.execute(query).mappings()]


def _insert(ctx: CallContext, table: Table, rows: Iterable[dict[str, Any]]) -> None:
    batch = list(rows)
    if batch:
        ctx.session.execute(insert(table), batch)


def _renamed(row: dict[str, Any], owner_column: str, ids: dict[str, str]) -> dict[str, Any]:
    """The row for the copy: owner id mapped; autoincrement ids dropped so the copy gets new ones."""
    row = {**row, owner_column: ids[row[owner_column]]}
    row.pop("id", None)
    return row
