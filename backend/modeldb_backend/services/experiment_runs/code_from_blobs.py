"""ExperimentRun.code_version_from_blob: the code blobs among a run's versioned inputs, as ModelDB shows them.

A key whose location is a git or notebook code blob of the linked commit becomes an entry `"a/b"` (the location
joined by `/`) -> CodeVersion with a git_snapshot: the git blob's repo and hash, is_dirty TRUE/FALSE, and for a
notebook its git_repo plus the notebook's path as the one file path (ModelDB's CodeVersionFromBlobHandler).
Looked up set-based for a whole page of runs: one SELECT for the commits' roots, one per tree depth, one for
the code blobs.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...pb.common import common_pb2
from ...pb.modeldb import experiment_run_service_pb2 as pb
from ...pb.versioning import versioning_pb2 as vpb
from ...store import versioning_models as vm
from ..sqlchunks import chunked
from ..versioning.blob_locations import blobs_in
from ..versioning.blob_rows import load_blobs

CODE_KINDS = ("GitCodeBlob", "NotebookCodeBlob")


def code_versions_from_blobs(
    session: Session, entries: Mapping[str, pb.VersioningEntry]
) -> dict[str, dict[str, common_pb2.CodeVersion]]:
    """Per run, the code versions of its keys that name code blobs (runs without any are absent)."""
    roots = _roots(session, {e.commit for e in entries.values() if e.key_location_map})
    wanted = [
        (run_id, roots[e.commit], tuple(loc.location))
        for run_id, e in entries.items()
        if e.commit in roots
        for loc in e.key_location_map.values()
    ]
    found = blobs_in(session, [(root, loc) for _, root, loc in wanted])
    code = {key: ref for key, ref in found.items() if ref.kind in CODE_KINDS}
    blobs = load_blobs(session, [ref.sha for ref in code.values()]) if code else {}
    out: dict[str, dict[str, common_pb2.CodeVersion]] = {}
    for run_id, root, loc in wanted:
        ref = code.get((root, loc))
        if ref is not None:
            out.setdefault(run_id, {})["/".join(loc)] = _code_version(blobs[ref.sha].code)
    return out


def _roots(session: Session, shas: set[str]) -> dict[str, str]:
    roots: dict[str, str] = {}
    for part in chunked(sorted(shas)):
        stmt = select(vm.Commit.sha, vm.Commit.root_sha).where(vm.Commit.sha.in_(part))
        roots.update((sha, root) for sha, root in session.execute(stmt))
    return roots


def _code_version(code: vpb.CodeBlob) -> common_pb2.CodeVersion:
    notebook = code.WhichOneof("content") == "notebook"
    snapshot = common_pb2.GitSnapshot()
    if not notebook or code.notebook.HasField("git_repo"):
        git = code.notebook.git_repo if notebook else code.git
        snapshot.repo, snapshot.hash = git.repo, git.hash
        snapshot.is_dirty = common_pb2.TernaryEnum.TRUE if git.is_dirty else common_pb2.TernaryEnum.FALSE
    if notebook and code.notebook.HasField("path"):
        snapshot.filepaths.append(code.notebook.path.path)
    return common_pb2.CodeVersion(git_snapshot=snapshot)
