"""Which of some locations name a blob of a commit: what run links and versioned uploads check before use.

The locations come from callers (a run's key_location_map, an upload request), so they are looked up level
by level, one SELECT per depth for all of them together (per 10,000 trees), never one per location.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...store import versioning_models as vm
from ..sqlchunks import chunked
from .rules import check_location
from .snapshots import Entry

Location = tuple[str, ...]


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


def blobs_at(session: Session, root_sha: str, locations: Sequence[Sequence[str]]) -> dict[Location, Entry]:
    """The blob entry at each location that names a blob of the snapshot `root_sha`; other locations (missing,
    a folder, passing through a blob, malformed) are absent from the answer."""
    pending: dict[Location, str] = {tuple(loc): root_sha for loc in locations if _well_formed(loc)}
    found: dict[Location, Entry] = {}
    depth = 0
    while pending:
        entries = _children(session, {(tree, loc[depth]) for loc, tree in pending.items()})
        deeper: dict[Location, str] = {}
        for loc, tree in pending.items():
            entry = entries.get((tree, loc[depth]))
            if entry is None:
                continue
            if depth == len(loc) - 1:
                if not entry.is_tree:
                    found[loc] = entry
            elif entry.is_tree:
                deeper[loc] = entry.sha
        pending = deeper
        depth += 1
    return found


def _children(session: Session, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], Entry]:
    """The (tree SHA, name) entries asked for: one SELECT per 10,000 trees, filtered to the names wanted."""
    te = vm.TreeEntry.__table__.c
    by_tree: dict[str, set[str]] = {}
    for tree, name in wanted:
        by_tree.setdefault(tree, set()).add(name)
    out: dict[tuple[str, str], Entry] = {}
    names = sorted({name for _, name in wanted})
    for part in chunked(sorted(by_tree)):
        stmt = select(te.tree_sha, te.element_name, te.element_type, te.element_sha, te.attributes).where(
            te.tree_sha.in_(part)
        )
        if len(names) <= 1000:  # a bounded IN list narrows the read; more names than that, read whole trees
            stmt = stmt.where(te.element_name.in_(names))
        for tree, name, kind, sha, attrs in session.execute(stmt):
            if name in by_tree[tree]:
                out[(tree, name)] = Entry(name, kind, sha, attrs)
    return out
