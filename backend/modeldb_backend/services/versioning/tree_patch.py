"""A snapshot with a few blobs changed, without reading or rewriting the rest of it.

A merge or a revert changes the blobs its diffs touch and nothing else. Reading the base snapshot whole and
writing it again costs seconds for 100,000 blobs; here only the folders on the changed paths are read (one
SELECT per level) and re-hashed, and the new folders and blobs stored like write_snapshot's (content-addressed,
inside the caller's transaction), so the cost follows the size of the change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.versioning import versioning_service_pb2 as pb
from ...store.versioning_models import TREE
from .blob_rows import PreparedBlob, prepare_blob
from .hashing import tree_sha
from .rules import check_location, validate_blob
from .snapshots import BlobAt, Entry, SnapshotPlan, attributes_text, expanded_blobs, store_snapshot, tree_entries

Location = tuple[str, ...]
Folders = dict[Location, dict[str, Entry]]  # folder location -> its entries by name


class LocationClash(InvalidArgument):
    """A new blob where the snapshot has a folder, or inside one of its blobs (a merge reports it as a conflict)."""

    def __init__(self, message: str, location: Location) -> None:
        super().__init__(message)
        self.location = location


def read_paths(session: Session, root_sha: str, locations: Iterable[Location]) -> Folders:
    """The entries of every existing folder on the way to `locations` (the root included), one SELECT per level
    (per 10,000 folders)."""
    wanted = {location[:depth] for location in locations for depth in range(len(location))}
    folders: Folders = {}
    frontier: dict[Location, str] = {(): root_sha}
    while frontier:
        entries = tree_entries(session, list(dict.fromkeys(frontier.values())))
        deeper: dict[Location, str] = {}
        for prefix, sha in frontier.items():
            folders[prefix] = {e.name: e for e in entries[sha]}
            for e in entries[sha]:
                if e.is_tree and (*prefix, e.name) in wanted:
                    deeper[(*prefix, e.name)] = e.sha
        frontier = deeper
    return folders


def blobs_at(session: Session, root_sha: str, locations: Iterable[Location]) -> dict[Location, pb.BlobExpanded]:
    """The blobs of a snapshot at `locations`, with their attributes; a location without a blob is left out."""
    wanted = list(dict.fromkeys(locations))
    folders = read_paths(session, root_sha, wanted)
    refs = []
    for location in wanted:
        entry = folders.get(location[:-1], {}).get(location[-1]) if location else None
        if entry is not None and not entry.is_tree:
            refs.append(BlobAt(location, entry.sha, entry.kind, entry.attributes))
    return {tuple(item.location): item for item in expanded_blobs(session, refs)}


def attributes_at(session: Session, root_sha: str, locations: Iterable[Location]) -> dict[Location, str]:
    """The stored attributes (JSON, "" for none) of the blobs of a snapshot at `locations`; no blob, no entry."""
    wanted = list(dict.fromkeys(locations))
    folders = read_paths(session, root_sha, wanted)
    found = {location: folders.get(location[:-1], {}).get(location[-1]) for location in wanted if location}
    return {location: e.attributes for location, e in found.items() if e is not None and not e.is_tree}


def patch_snapshot(session: Session, root_sha: str, changes: Mapping[Location, pb.BlobExpanded | None]) -> str:
    """plan_patch then store_snapshot: the root SHA of the patched snapshot, stored."""
    return store_snapshot(session, plan_patch(session, root_sha, changes))


def plan_patch(session: Session, root_sha: str, changes: Mapping[Location, pb.BlobExpanded | None]) -> SnapshotPlan:
    """Snapshot `root_sha` with the blob at each location of `changes` replaced (None: removed), planned but not
    stored. New blobs are validated as write_snapshot validates them; a folder left empty vanishes; a blob where
    a folder is, or inside another blob, is a LocationClash (INVALID_ARGUMENT, write_snapshot's messages)."""
    folders = read_paths(session, root_sha, changes)
    blobs: dict[str, PreparedBlob] = {}
    for location, item in changes.items():
        if item is None:
            parent = folders.get(location[:-1], {})
            if location[-1] in parent and not parent[location[-1]].is_tree:
                del parent[location[-1]]
            continue
        entry = _prepared_entry(location, item, blobs)
        _make_folders(folders, location)
        parent = folders[location[:-1]]
        if location[-1] in parent and parent[location[-1]].is_tree:
            raise LocationClash(
                f"the commit has a blob at {list(location)!r} where a folder of other blobs is: "
                "each location holds one blob",
                location,
            )
        parent[location[-1]] = entry
    trees = _seal(folders)
    return SnapshotPlan(tree_sha(_rows(folders[()])), trees, list(blobs.values()))


def _prepared_entry(location: Location, item: pb.BlobExpanded, blobs: dict[str, PreparedBlob]) -> Entry:
    check_location(location)
    validate_blob(item.blob)
    ready = prepare_blob(item.blob)
    blobs.setdefault(ready.sha, ready)
    return Entry(location[-1], ready.kind, ready.sha, attributes_text(item.attributes, location))


def _make_folders(folders: Folders, location: Location) -> None:
    """Creates the missing folders on the way to a blob at `location` (their SHAs come when sealing)."""
    for depth in range(len(location) - 1):
        parent, name = folders[location[:depth]], location[depth]
        existing = parent.get(name)
        if existing is not None and not existing.is_tree:
            raise LocationClash(
                f"{list(location)!r} puts a blob inside {list(location[: depth + 1])!r}, which is itself a blob",
                location,
            )
        if existing is None:
            parent[name] = Entry(name, TREE, "")
        folders.setdefault(location[: depth + 1], {})


def _rows(entries: Mapping[str, Entry]) -> list[tuple[str, str, str, str]]:
    return [(e.name, e.kind, e.sha, e.attributes) for e in entries.values()]


def _seal(folders: Folders) -> dict[str, list[Entry]]:
    """Hashes the changed folders deepest first, each parent pointing at its child's new SHA; an empty folder
    is dropped from its parent (a snapshot holds no empty folders). The trees to store, by SHA."""
    trees: dict[str, list[Entry]] = {}
    for prefix in sorted(folders, key=len, reverse=True):
        entries = folders[prefix]
        if prefix:
            parent = folders[prefix[:-1]]
            if not entries:
                parent.pop(prefix[-1], None)
                continue
            sha = tree_sha(_rows(entries))
            parent[prefix[-1]] = Entry(prefix[-1], TREE, sha)
        else:
            sha = tree_sha(_rows(entries))
        trees[sha] = list(entries.values())
    return trees
