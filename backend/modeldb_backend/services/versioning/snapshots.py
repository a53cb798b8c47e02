"""Snapshots as Merkle trees: write one from (location, blob) pairs, read it back, compare two.

A tree is the `tree_entries` rows sharing its SHA; identical blobs and sub-trees are written once (insert if
absent, by SHA), whichever commit or repository shares them. Reads walk the tree level by level with one
SELECT per level (per 10,000 trees), never one per blob; a comparison descends only into sub-trees whose SHAs
differ, so two snapshots of 100,000 blobs that differ in one cost a few narrow reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from google.protobuf import json_format
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...errors import InvalidArgument, NotFound
from ...limits import MAX_COMMIT_BLOBS, MAX_VALUE_BYTES
from ...pb.common import common_pb2
from ...pb.versioning import versioning_service_pb2 as pb
from ...store import versioning_models as vm
from ...store.versioning_models import TREE
from ..sqlchunks import chunked, present
from ..values import check_key
from .blob_rows import PreparedBlob, load_blobs, prepare_blob
from .hashing import tree_sha
from .lookup import bulk_insert_ignoring
from .rules import check_location, validate_blob

Location = tuple[str, ...]
BATCH = 10_000  # blobs per batch that iter_blobs yields


@dataclass(frozen=True)
class Entry:
    """One tree entry: a sub-tree (kind TREE) or a blob (its kind), with the blob's attributes JSON ("" none)."""

    name: str
    kind: str
    sha: str
    attributes: str = ""

    @property
    def is_tree(self) -> bool:
        return self.kind == TREE


@dataclass(frozen=True)
class BlobAt:
    """A blob of a snapshot: where it is, its SHA and kind, and its attributes JSON."""

    location: Location
    sha: str
    kind: str
    attributes: str = ""


# --- writing ---------------------------------------------------------------------------------------------


@dataclass
class _Node:
    children: dict[str, _Node | BlobAt] = field(default_factory=dict)


def attributes_text(attributes: Sequence[common_pb2.KeyValue], location: Sequence[str]) -> str:
    """The stored form of a blob's attributes: "" for none, else a JSON list; keys checked and unique."""
    if not attributes:
        return ""
    keys = [check_key(a.key, "attribute key") for a in attributes]
    if len(set(keys)) != len(keys):
        raise InvalidArgument(f"the blob at {list(location)!r} has an attribute key twice: keys must be unique")
    text = json.dumps([json_format.MessageToDict(a, preserving_proto_field_name=True) for a in attributes])
    if len(text.encode()) > MAX_VALUE_BYTES:
        raise InvalidArgument(f"the attributes of the blob at {list(location)!r} exceed {MAX_VALUE_BYTES} bytes")
    return text


def attributes_messages(text: str) -> list[common_pb2.KeyValue]:
    return [json_format.ParseDict(a, common_pb2.KeyValue()) for a in json.loads(text)] if text else []


@dataclass
class SnapshotPlan:
    """A validated snapshot, hashed but not yet stored: its root SHA, its trees and its distinct blobs."""

    root_sha: str
    trees: dict[str, list[Entry]]
    blobs: list[PreparedBlob]


def plan_snapshot(blobs: Iterable[pb.BlobExpanded]) -> SnapshotPlan:
    """Validate and hash a snapshot given as blobs with their locations, without touching the database.

    Locations are checked (rules.check_location; an empty one is ModelDB's `Blob path should not be empty`),
    blobs validated (rules.validate_blob); a location twice, or a blob where another blob's folder is, is
    INVALID_ARGUMENT, and so is more than MAX_COMMIT_BLOBS blobs.
    """
    root = _Node()
    prepared: dict[str, PreparedBlob] = {}
    for count, item in enumerate(blobs, 1):
        if count > MAX_COMMIT_BLOBS:
            raise InvalidArgument(f"a commit may hold at most {MAX_COMMIT_BLOBS} blobs: split it over several commits")
        if not item.location:
            raise InvalidArgument("Blob path should not be empty")
        location = check_location(item.location)
        validate_blob(item.blob)
        ready = prepare_blob(item.blob)
        prepared.setdefault(ready.sha, ready)
        _place(root, location, BlobAt(location, ready.sha, ready.kind, attributes_text(item.attributes, location)))
    trees: dict[str, list[Entry]] = {}
    root_sha = _seal(root, trees)
    return SnapshotPlan(root_sha, trees, list(prepared.values()))


def store_snapshot(session: Session, plan: SnapshotPlan) -> str:
    """Write a planned snapshot's blobs and trees that the store does not have yet; its root SHA."""
    _store_blobs(session, plan.blobs)
    _store_trees(session, plan.trees)
    return plan.root_sha


def write_snapshot(session: Session, blobs: Iterable[pb.BlobExpanded]) -> str:
    """plan_snapshot then store_snapshot: validate, hash and store a snapshot; its root SHA. Everything written
    is content-addressed and inside the caller's transaction, so a later refusal leaves nothing behind."""
    return store_snapshot(session, plan_snapshot(blobs))


def _place(root: _Node, location: Location, leaf: BlobAt) -> None:
    node = root
    for depth, segment in enumerate(location[:-1]):
        child = node.children.get(segment)
        if child is None:
            child = node.children[segment] = _Node()
        if not isinstance(child, _Node):
            raise InvalidArgument(
                f"{list(location)!r} puts a blob inside {list(location[: depth + 1])!r}, which is itself a blob"
            )
        node = child
    if location[-1] in node.children:
        what = "twice" if isinstance(node.children[location[-1]], BlobAt) else "where a folder of other blobs is"
        raise InvalidArgument(f"the commit has a blob at {list(location)!r} {what}: each location holds one blob")
    node.children[location[-1]] = leaf


def _seal(node: _Node, trees: dict[str, list[Entry]]) -> str:
    entries = [
        Entry(name, TREE, _seal(child, trees))
        if isinstance(child, _Node)
        else Entry(name, child.kind, child.sha, child.attributes)
        for name, child in node.children.items()
    ]
    sha = tree_sha((e.name, e.kind, e.sha, e.attributes) for e in entries)
    trees[sha] = entries
    return sha


def _store_blobs(session: Session, blobs: list[PreparedBlob]) -> None:
    known = present(session, vm.BlobContent.sha, [b.sha for b in blobs])
    new = [b for b in blobs if b.sha not in known]
    bulk_insert_ignoring(session, vm.BlobContent.__table__, [b.content_row() for b in new])
    bulk_insert_ignoring(session, vm.DatasetComponent.__table__, [row for b in new for row in b.components])


def _store_trees(session: Session, trees: dict[str, list[Entry]]) -> None:
    known = present(session, vm.TreeEntry.tree_sha, list(trees))
    rows = [
        {
            "tree_sha": sha,
            "element_name": e.name,
            "element_sha": e.sha,
            "element_type": e.kind,
            "attributes": e.attributes,
        }
        for sha, entries in trees.items()
        if sha not in known
        for e in entries
    ]
    bulk_insert_ignoring(session, vm.TreeEntry.__table__, rows)


# --- reading ---------------------------------------------------------------------------------------------


def tree_entries(session: Session, tree_shas: Sequence[str]) -> dict[str, list[Entry]]:
    """The entries of each tree (one SELECT per 10,000 trees); a tree without entries maps to []."""
    te = vm.TreeEntry.__table__.c
    found: dict[str, list[Entry]] = {sha: [] for sha in tree_shas}
    for part in chunked(list(found)):
        stmt = select(te.tree_sha, te.element_name, te.element_type, te.element_sha, te.attributes)
        for tree, name, kind, sha, attrs in session.execute(stmt.where(te.tree_sha.in_(part))):
            found[tree].append(Entry(name, kind, sha, attrs))
    return found


def entry_at(session: Session, root_sha: str, location: Sequence[str]) -> Entry | None:
    """The entry at `location` (a blob or a sub-tree), or None when a segment is missing or names a blob
    before the last segment. The root itself (empty location) is a TREE entry named ""."""
    entry = Entry("", TREE, root_sha)
    for segment in location:
        if not entry.is_tree:
            return None
        found = _child(session, entry.sha, segment)
        if found is None:
            return None
        entry = found
    return entry


def _child(session: Session, tree: str, name: str) -> Entry | None:
    te = vm.TreeEntry.__table__.c
    stmt = select(te.element_type, te.element_sha, te.attributes).where(te.tree_sha == tree, te.element_name == name)
    row = session.execute(stmt).first()
    return Entry(name, row[0], row[1], row[2]) if row is not None else None


def folder_at(session: Session, root_sha: str, location: Sequence[str]) -> Entry:
    """The entry at `location`; NOT_FOUND `No such folder found : <segment>` naming the first segment that is
    missing or that passes through a blob (ModelDB's message for both)."""
    entry = Entry("", TREE, root_sha)
    for segment in location:
        found = _child(session, entry.sha, segment) if entry.is_tree else None
        if found is None:
            raise NotFound(f"No such folder found : {segment}")
        entry = found
    return entry


def iter_blobs(session: Session, root_sha: str, prefix: Sequence[str] = ()) -> Iterator[list[BlobAt]]:
    """The blobs of a snapshot under `prefix` (all of them for an empty prefix; the blob itself when the prefix
    is a blob's location), in batches of at most BATCH, level by level. A missing prefix is NOT_FOUND
    (see folder_at). Yields references only: load_blobs (blob_rows) reads their content."""
    start = folder_at(session, root_sha, prefix)
    if not start.is_tree:
        yield [BlobAt(tuple(prefix), start.sha, start.kind, start.attributes)]
        return
    yield from walk(session, [(tuple(prefix), start.sha)])


def walk(session: Session, frontier: list[tuple[Location, str]]) -> Iterator[list[BlobAt]]:
    """The blobs under the given (location, tree SHA) pairs, in batches of at most BATCH: one SELECT per tree
    level (per 10,000 distinct trees; identical sub-trees are read once per level)."""
    while frontier:
        entries = tree_entries(session, list(dict.fromkeys(sha for _, sha in frontier)))
        batch: list[BlobAt] = []
        deeper: list[tuple[Location, str]] = []
        for location, sha in frontier:
            for e in entries[sha]:
                if e.is_tree:
                    deeper.append(((*location, e.name), e.sha))
                else:
                    batch.append(BlobAt((*location, e.name), e.sha, e.kind, e.attributes))
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch
        frontier = deeper


def expanded_blobs(session: Session, refs: Sequence[BlobAt]) -> list[pb.BlobExpanded]:
    """BlobExpanded messages (location, content with components, attributes) for blob references."""
    blobs = load_blobs(session, [r.sha for r in refs])
    out = []
    for ref in refs:
        item = pb.BlobExpanded(location=ref.location, attributes=attributes_messages(ref.attributes))
        item.blob.CopyFrom(blobs[ref.sha])
        out.append(item)
    return out


def snapshot_blobs(session: Session, root_sha: str, prefix: Sequence[str] = ()) -> list[pb.BlobExpanded]:
    """Every blob of a snapshot under `prefix` with content and attributes, in location order (iter_blobs
    then expanded_blobs, a batch at a time)."""
    out: list[pb.BlobExpanded] = []
    for batch in iter_blobs(session, root_sha, prefix):
        out.extend(expanded_blobs(session, batch))
    out.sort(key=lambda b: tuple(b.location))
    return out


def read_component(session: Session, root_sha: str, location: Sequence[str]) -> pb.GetCommitComponentRequest.Response:
    """GetCommitComponent's answer: the folder at `location` (names of its blobs and sub-folders, by name) or the
    blob there with its attributes; NOT_FOUND as folder_at."""
    entry = folder_at(session, root_sha, location)
    answer = pb.GetCommitComponentRequest.Response()
    if not entry.is_tree:
        answer.blob.CopyFrom(load_blobs(session, [entry.sha])[entry.sha])
        answer.attributes.extend(attributes_messages(entry.attributes))
        return answer
    children = sorted(tree_entries(session, [entry.sha])[entry.sha], key=lambda e: e.name)
    answer.folder.SetInParent()
    answer.folder.blobs.extend(pb.FolderElement(element_name=e.name) for e in children if not e.is_tree)
    answer.folder.sub_folders.extend(pb.FolderElement(element_name=e.name) for e in children if e.is_tree)
    return answer


# --- comparing -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Changed:
    """A blob location that differs between snapshots A and B; the absent side has sha and kind ""."""

    location: Location
    sha_a: str
    sha_b: str
    kind_a: str = ""
    kind_b: str = ""


@dataclass
class Changes:
    """What changed from A to B, blob by blob: only in B, only in A, in both with different content."""

    added: list[Changed] = field(default_factory=list)
    deleted: list[Changed] = field(default_factory=list)
    modified: list[Changed] = field(default_factory=list)


def changed_locations(session: Session, root_a: str, root_b: str) -> Changes:
    """The blob locations whose content differs between two snapshots (by root SHA).

    Sub-trees with equal SHAs are skipped unread, so the cost follows the size of the change, not of the
    snapshots (plus one read of each differing folder). A location that is a blob on one side and a folder on
    the other is that blob deleted (or added) and the folder's blobs added (or deleted). Attribute-only
    changes are not content changes and are not reported. Each list is in location order.
    """
    changes = Changes()
    frontier: list[tuple[Location, str, str]] = [((), root_a, root_b)] if root_a != root_b else []
    while frontier:
        entries = tree_entries(session, list(dict.fromkeys(s for _, a, b in frontier for s in (a, b))))
        deeper: list[tuple[Location, str, str]] = []
        gone: list[tuple[Location, str]] = []  # whole sub-trees only in A
        new: list[tuple[Location, str]] = []  # whole sub-trees only in B
        for location, a, b in frontier:
            _compare(location, entries[a], entries[b], changes, deeper, gone, new)
        for batch in walk(session, gone):
            changes.deleted.extend(Changed(r.location, r.sha, "", r.kind, "") for r in batch)
        for batch in walk(session, new):
            changes.added.extend(Changed(r.location, "", r.sha, "", r.kind) for r in batch)
        frontier = deeper
    for part in (changes.added, changes.deleted, changes.modified):
        part.sort(key=lambda c: c.location)
    return changes


def _compare(
    location: Location,
    side_a: list[Entry],
    side_b: list[Entry],
    changes: Changes,
    deeper: list[tuple[Location, str, str]],
    gone: list[tuple[Location, str]],
    new: list[tuple[Location, str]],
) -> None:
    by_name_b = {e.name: e for e in side_b}
    for a in side_a:
        here = (*location, a.name)
        b = by_name_b.pop(a.name, None)
        if b is not None and (a.kind, a.sha) == (b.kind, b.sha):
            continue
        if b is not None and a.is_tree and b.is_tree:
            deeper.append((here, a.sha, b.sha))
        elif b is not None and not a.is_tree and not b.is_tree:
            changes.modified.append(Changed(here, a.sha, b.sha, a.kind, b.kind))
        else:
            _one_side(here, a, gone, changes.deleted, added=False)
            if b is not None:
                _one_side(here, b, new, changes.added, added=True)
    for b in by_name_b.values():
        _one_side((*location, b.name), b, new, changes.added, added=True)


def _one_side(
    location: Location, entry: Entry, trees: list[tuple[Location, str]], out: list[Changed], *, added: bool
) -> None:
    if entry.is_tree:
        trees.append((location, entry.sha))
    elif added:
        out.append(Changed(location, "", entry.sha, "", entry.kind))
    else:
        out.append(Changed(location, entry.sha, "", entry.kind, ""))
