"""A run's versioned inputs as rows of `run_versioned_inputs`: one row per key, all naming one (repository, commit).

A link without keys (ModelDB accepts a VersioningEntry with an empty key_location_map) is one row with the
key LINK_ONLY, so the run still names its commit. Reads show a link only while its repository is live and
holds the commit: a deleted repository (or a commit deleted from it) takes the link out of every answer,
as ModelDB omits versioned inputs whose repository cannot be read.

No imports from services.loading: run hydration (loading.run_messages) reads links through this module.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Select, String, and_, delete, exists, insert, literal, select
from sqlalchemy.orm import Session

from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...store import versioning_models as vm
from ..sqlchunks import chunked

LINK_ONLY = ""  # key of the row recording a link that names no key


def location_text(location: Sequence[str]) -> str:
    """How `location` is stored: a JSON list of segments, always spelled the same (exact matches compare text)."""
    return json.dumps(list(location), ensure_ascii=False, separators=(",", ":"))


def _visible() -> ColumnElement[bool]:
    """Links whose repository is live and holds the linked commit."""
    link = vm.RunVersionedInput
    repo_live = exists().where(vm.Repository.id == link.repository_id, ~vm.Repository.deleted)
    holds = exists().where(
        vm.RepositoryCommit.repository_id == link.repository_id, vm.RepositoryCommit.commit_sha == link.commit_sha
    )
    return and_(repo_live, holds)


def load_versioned_inputs(session: Session, run_ids: Sequence[str]) -> dict[str, pb.VersioningEntry]:
    """The visible versioned inputs of each run that has some (one SELECT per 10,000 runs)."""
    link = vm.RunVersionedInput
    out: dict[str, pb.VersioningEntry] = {}
    for part in chunked(list(dict.fromkeys(run_ids))):
        stmt = (
            select(link.run_id, link.repository_id, link.commit_sha, link.key, link.location)
            .where(link.run_id.in_(part), _visible())
            .order_by(link.run_id, link.key)
        )
        for run_id, repository_id, commit, key, location in session.execute(stmt):
            entry = out.setdefault(run_id, pb.VersioningEntry(repository_id=repository_id, commit=commit))
            if key != LINK_ONLY:
                entry.key_location_map[key].location.extend(json.loads(location))
    return out


def linked_pair(session: Session, run_id: str) -> tuple[int, str] | None:
    """The (repository id, commit) the run is visibly linked to, if any."""
    link = vm.RunVersionedInput
    stmt = select(link.repository_id, link.commit_sha).where(link.run_id == run_id, _visible()).limit(1)
    row = session.execute(stmt).first()
    return None if row is None else (int(row[0]), str(row[1]))


def linked_keys(session: Session, run_id: str) -> set[str]:
    link = vm.RunVersionedInput
    return set(session.scalars(select(link.key).where(link.run_id == run_id)))


def drop_links(session: Session, run_id: str) -> None:
    """Forget every link row of a run (used when only invisible, stale rows are left)."""
    session.execute(delete(vm.RunVersionedInput).where(vm.RunVersionedInput.run_id == run_id))


def add_links(session: Session, run_id: str, repository_id: int, commit: str, locations: dict[str, list[str]]) -> None:
    """Insert rows for keys the run does not have yet (ModelDB keeps a key's first location); a link
    without keys gets its LINK_ONLY row."""
    have = linked_keys(session, run_id)
    wanted = locations or {LINK_ONLY: []}
    rows = [
        {
            "run_id": run_id,
            "key": key,
            "repository_id": repository_id,
            "commit_sha": commit,
            "location": location_text(location),
        }
        for key, location in wanted.items()
        if key not in have
    ]
    if rows:
        session.execute(insert(vm.RunVersionedInput), rows)


def copy_links(session: Session, src_id: str, dest_id: str) -> None:
    """Give a cloned run its source's link rows (set-based)."""
    link = vm.RunVersionedInput
    src = select(literal(dest_id, String()), link.key, link.repository_id, link.commit_sha, link.location).where(
        link.run_id == src_id
    )
    session.execute(insert(link).from_select(["run_id", "key", "repository_id", "commit_sha", "location"], src))


def runs_linked_to(repository_id: int, commit: str, location: Sequence[str] | None = None) -> Select[str]:
    """The ids of runs linked to the commit (and, given `location`, through a key at exactly that location)."""
    link = vm.RunVersionedInput
    stmt = select(link.run_id).where(link.repository_id == repository_id, link.commit_sha == commit)
    if location is not None:
        stmt = stmt.where(link.location == location_text(location), link.key != LINK_ONLY)
    return stmt
