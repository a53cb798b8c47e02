"""Which locations name a blob of a commit: what run links, their code versions and versioned uploads look up.

The locations come from callers (a run's key_location_map, an upload request) or from many runs' links at once,
so they are looked up level by level: one SELECT per depth for all (snapshot, location) pairs together (per
10,000 trees), never one per location. Imports nothing of the services above the store (run hydration in
services/loading.py reads through here).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...store import versioning_models as vm
from ...store.versioning_models import TREE
from ..sqlchunks import chunked
from .rules import check_location

Location = tuple[str, ...]
MAX_NAMES_FILTER = 1000  # up to this many distinct names narrow the read of the trees; beyond, whole trees are read


class BlobRef(NamedTuple):
    """A blob found at a location: its kind (`PathDatasetBlob`, `GitCodeBlob`, ...) and its SHA."""

    kind: str
    sha: str


def java_list(location: Sequence[str]) -> str:
    """A location as ModelDB's messages print it (Java's List.toString): `[data, train]`."""
    return "[" + ", ".join(location) + "]"


def _well_formed(location: Sequence[str]) -> bool:
    """Whether a commit could hold a blob there at all (CreateCommit refuses every other location)."""
    try:
        check_location(location)
    except InvalidArgument:
        return False
    return bool(location)


def blobs_at(session: Session, root_sha: str, locations: Sequence[Sequence[str]]) -> dict[Location, BlobRef]:
    """The blob at each location that names a blob of the snapshot `root_sha`; other locations (missing,
    a folder, passing through a blob, malformed) are absent from the answer."""
    found = blobs_in(session, [(root_sha, loc) for loc in locations])
    return {loc: ref for (_, loc), ref in found.items()}


def blobs_in(session: Session, wanted: Iterable[tuple[str, Sequence[str]]]) -> dict[tuple[str, Location], BlobRef]:
    """blobs_at for (snapshot root SHA, location) pairs of any number of snapshots, answered together."""
    pending: dict[tuple[str, Location], str] = {(root, tuple(loc)): root for root, loc in wanted if _well_formed(loc)}
    found: dict[tuple[str, Location], BlobRef] = {}
    depth = 0
    while pending:
        children = _children(session, {(tree, key[1][depth]) for key, tree in pending.items()})
        deeper: dict[tuple[str, Location], str] = {}
        for key, tree in pending.items():
            location = key[1]
            child = children.get((tree, location[depth]))
            if child is None:
                continue
            kind, sha = child
            if depth == len(location) - 1:
                if kind != TREE:
                    found[key] = BlobRef(kind, sha)
            elif kind == TREE:
                deeper[key] = sha
        pending = deeper
        depth += 1
    return found


def _children(session: Session, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(element type, element SHA) of the (tree SHA, name) entries asked for: one SELECT per 10,000 trees."""
    te = vm.TreeEntry.__table__.c
    by_tree: dict[str, set[str]] = {}
    for tree, name in wanted:
        by_tree.setdefault(tree, set()).add(name)
    names = sorted({name for _, name in wanted})
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for part in chunked(sorted(by_tree)):
        stmt = select(te.tree_sha, te.element_name, te.element_type, te.element_sha).where(te.tree_sha.in_(part))
        if len(names) <= MAX_NAMES_FILTER:
            stmt = stmt.where(te.element_name.in_(names))
        for tree, name, kind, sha in session.execute(stmt):
            if name in by_tree[tree]:
                out[(tree, name)] = (kind, sha)
    return out
