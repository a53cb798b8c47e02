"""Applying blob diffs to a snapshot, with the conflict rules of a three-way merge (contract §1.7).

A merge applies diff(base -> B) to A's snapshot; a revert applies diff(commit -> its first parent) to the base
commit's; CreateCommit applies a client's diffs to `commit_base`. Per element of a list (matched by key):
DELETED removes A's element equal to the diff's A (an element A changed stays); ADDED inserts the diff's B
unless A holds that key, which conflicts when A's element differs; MODIFIED swaps the diff's A for its B when A
still has the old element, and conflicts unless A already has the new one. A whole value (git, docker, python
version, command line, notebook parts) takes the diff's B when A holds the diff's A or B, else conflicts; DELETED
clears it when A still holds the old value. A diff of another blob type than A's (except DELETED) conflicts.
A blob left with nothing vanishes. A conflict keeps A's value; the conflict leaf carries A's value (A), the
incoming one (B) and the base's (C).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from google.protobuf.message import Message

from ...pb.versioning import versioning_service_pb2 as spb
from .blob_diff import diff_node
from .blob_shapes import (
    ADDED,
    BLOB,
    CONFLICTED,
    DELETED,
    MODIFIED,
    Elements,
    Key,
    Leaf,
    Node,
    Part,
    Shape,
    Whole,
    WholeValue,
    is_empty,
    put_whole,
    set_shape,
    shape,
    whole_of,
)

Location = tuple[str, ...]


def apply_diff(blob: spb.Blob | None, diff: spb.BlobDiff) -> tuple[spb.Blob | None, list[spb.BlobDiff]]:
    """Blob `blob` (None: no blob at the location) with `diff` applied, and the conflicts found (a conflict
    keeps A's value). Returns the blob unchanged for a status other than ADDED, DELETED or MODIFIED."""
    if diff.status not in (ADDED, DELETED, MODIFIED):
        return blob, []
    diff_shape = shape(BLOB, diff)
    if blob is not None and not _compatible(shape(BLOB, blob), diff_shape):
        # A changed the type: a deletion of the old type finds nothing to delete; anything else conflicts
        return blob, [] if diff.status == DELETED else _type_conflict(blob, diff)
    result = spb.Blob()
    if blob is not None:
        result.CopyFrom(blob)
    else:
        set_shape(BLOB, result, diff_shape)
    conflict = spb.BlobDiff(location=diff.location, status=CONFLICTED)
    conflicts = [conflict] if apply_node(BLOB, result, diff, conflict) else []
    for found in conflicts:
        set_shape(BLOB, found, diff_shape)
    return (None if is_empty(BLOB, result) else result), conflicts


def _compatible(blob_shape: Shape, diff_shape: Shape) -> bool:
    """A diff fits a blob of the same type; a diff that names no sub-type (None) fits any sub-type."""
    if not diff_shape or diff_shape[0] != blob_shape[0]:
        return False
    return all(d is None or d == b for b, d in zip(blob_shape[1:], diff_shape[1:], strict=False))


@dataclass
class MergeResult:
    """A snapshot with diffs applied: the blobs by location, and the conflicts (one BlobDiff per location and
    blob type), in the order of the diffs."""

    blobs: dict[Location, spb.Blob]
    conflicts: list[spb.BlobDiff] = field(default_factory=list)


def merge_diffs(blobs: Mapping[Location, spb.Blob], diffs: Iterable[spb.BlobDiff]) -> MergeResult:
    """Applies `diffs` in order to the snapshot `blobs` (not modified); diffs at one location apply in turn
    (a type change is DELETED then ADDED)."""
    result = MergeResult(dict(blobs))
    by_key: dict[tuple[Location, Shape], spb.BlobDiff] = {}
    for diff in diffs:
        location = tuple(diff.location)
        blob, conflicts = apply_diff(result.blobs.get(location), diff)
        if blob is None:
            result.blobs.pop(location, None)
        else:
            result.blobs[location] = blob
        for conflict in conflicts:
            key = (location, shape(BLOB, conflict))
            if key in by_key:
                by_key[key].MergeFrom(conflict)  # the same blob type at one location: one conflict diff
            else:
                by_key[key] = conflict
                result.conflicts.append(conflict)
    return result


def apply_diffs(base: Iterable[spb.BlobExpanded], diffs: Iterable[spb.BlobDiff]) -> list[spb.BlobExpanded]:
    """CreateCommit's `commit_base` + `diffs`: the base snapshot with the diffs applied, conflicts ignored as
    ModelDB ignores them (a conflicting element keeps the base's value)."""
    by_location = {tuple(item.location): item for item in base}
    merged = merge_diffs({location: item.blob for location, item in by_location.items()}, diffs)
    return expanded(merged.blobs, by_location)


def expanded(blobs: Mapping[Location, spb.Blob], before: Mapping[Location, spb.BlobExpanded]) -> list[spb.BlobExpanded]:
    """Blobs with their locations, ready for `write_snapshot`; a blob keeps the attributes of the blob that was
    at its location before (diffs carry no attributes)."""
    out = []
    for location, blob in blobs.items():
        previous = before.get(location)
        item = spb.BlobExpanded(location=location, attributes=previous.attributes if previous is not None else [])
        item.blob.CopyFrom(blob)
        out.append(item)
    return out


def apply_node(node: Node, target: Message, diff: Message, conflict: Message) -> bool:
    """Applies the diff message `diff` to `target` in place, writing conflict leaves into `conflict`; True if
    any conflicted."""
    conflicted = False
    for f in node.fields:
        if isinstance(f, Elements):
            leaves = list(getattr(diff, f.name))
            if leaves:
                conflicted = _apply_elements(f, target, leaves, conflict) or conflicted
        elif isinstance(f, Whole):
            if diff.HasField(f.name):
                conflicted = _apply_whole(f, target, getattr(diff, f.name), conflict) or conflicted
        elif diff.HasField(f.name):
            sub_conflict = getattr(conflict, f.name)
            if apply_node(f.node, getattr(target, f.name), getattr(diff, f.name), sub_conflict):
                conflicted = True
    return conflicted


def _leaf_value(leaf: Message, side: str) -> WholeValue | None:
    return whole_of(leaf, side)


def _apply_whole(f: Whole, target: Message, leaf: Leaf, conflict: Message) -> bool:
    current = whole_of(target, f.name)
    old, new = _leaf_value(leaf, "A"), _leaf_value(leaf, "B")
    status = leaf.status
    if status == DELETED:
        if current == old:
            put_whole(target, f.name, None)
        return False
    if status not in (ADDED, MODIFIED):
        return False
    if current in (new, old):
        put_whole(target, f.name, new)
        return False
    write_conflict(getattr(conflict, f.name), current, new, old)
    return True


def write_conflict(
    leaf: Leaf, a: Message | list[str] | None, b: Message | list[str] | None, c: Message | list[str] | None
) -> None:
    """A conflict leaf: A's value, the incoming value, the base's value."""
    leaf.status = CONFLICTED
    for side, value in (("A", a), ("B", b), ("C", c)):
        if value is not None:
            put_whole(leaf, side, value)


@dataclass
class _Entry:
    element: Message
    from_a: bool  # held by A before the diff (not put there by this diff)
    alive: bool = True


class _Elements:
    """A's elements of one list, indexed by key, while a diff is applied to them."""

    def __init__(self, elements: Sequence[Message], key: Key) -> None:
        self.key = key
        self.entries: list[_Entry] = []
        self.index: dict[str, list[_Entry]] = {}
        for element in elements:
            self.add(element, from_a=True)

    def add(self, element: Message, from_a: bool) -> None:
        entry = _Entry(element, from_a)
        self.entries.append(entry)
        self.index.setdefault(self.key(element), []).append(entry)

    def find(self, element: Message) -> _Entry | None:
        return next((e for e in self.index.get(self.key(element), []) if e.alive and e.element == element), None)

    def replace(self, entry: _Entry, element: Message) -> None:
        """Puts `element` in `entry`'s place, so the list keeps A's order (at the end if its key differs)."""
        if self.key(element) != self.key(entry.element):
            entry.alive = False
            self.add(element, from_a=False)
            return
        entry.element = element
        entry.from_a = False

    def held_by_a(self, key: str) -> _Entry | None:
        return next((e for e in self.index.get(key, []) if e.alive and e.from_a), None)

    def result(self) -> list[Message]:
        return [e.element for e in self.entries if e.alive]


# Deletions first, additions last: a diff whose keys repeat (all DELETED + all ADDED) then applies to its own A.
_ORDER = {DELETED: 0, MODIFIED: 1, ADDED: 2}


def _apply_elements(f: Elements, target: Message, leaves: list[Leaf], conflict: Message) -> bool:
    current = _Elements(list(getattr(target, f.name)), f.key)
    conflicted = False
    for leaf in sorted(leaves, key=lambda leaf: _ORDER.get(leaf.status, 3)):
        old = leaf.A if leaf.HasField("A") else None
        new = leaf.B if leaf.HasField("B") else None
        if not _apply_element(current, leaf.status, old, new):
            assert new is not None  # only an addition or a modification conflicts
            held = current.held_by_a(f.key(new))
            write_conflict(getattr(conflict, f.name).add(), None if held is None else held.element, new, old)
            conflicted = True
    elements = getattr(target, f.name)
    del elements[:]
    elements.extend(current.result())
    return conflicted


def _apply_element(current: _Elements, status: int, old: Message | None, new: Message | None) -> bool:
    """Applies one element diff; False when it conflicts."""
    if status == DELETED:
        entry = current.find(old) if old is not None else None
        if entry is not None:
            entry.alive = False
        return True
    if new is None or status not in (ADDED, MODIFIED):
        return True  # nothing to put in: ignored, as a malformed leaf is
    if current.find(new) is not None:
        return True  # A made the same change
    if status == MODIFIED:
        entry = current.find(old) if old is not None else None
        if entry is None:
            return False  # A changed or removed the element B modified
        current.replace(entry, new)
        return True
    if current.held_by_a(current.key(new)) is not None:
        return False  # A holds another element under the key B added
    current.add(new, from_a=False)
    return True


def _type_conflict(blob: spb.Blob, diff: spb.BlobDiff) -> list[spb.BlobDiff]:
    """A's blob and the incoming diff are of different types: one conflict diff per type, A's elements as
    conflict leaves with A set, the incoming ones with B (and the base's value as C)."""
    ours = spb.BlobDiff(location=diff.location, status=CONFLICTED)
    diff_node(BLOB, blob, None, ours)
    set_shape(BLOB, ours, shape(BLOB, blob))
    for leaf in leaves(BLOB, ours):
        leaf.status = CONFLICTED
    return [ours, incoming_conflict(diff)]


def incoming_conflict(diff: spb.BlobDiff) -> spb.BlobDiff:
    """An incoming diff that cannot apply at all, as a conflict: its leaves with the incoming value as B and
    the base's as C (A has nothing of that type there)."""
    theirs = spb.BlobDiff()
    theirs.CopyFrom(diff)
    theirs.status = CONFLICTED
    for leaf in leaves(BLOB, theirs):
        base = _leaf_value(leaf, "A")
        leaf.ClearField("A")
        leaf.ClearField("C")
        if base is not None:
            put_whole(leaf, "C", base)
        leaf.status = CONFLICTED
    return theirs


def leaves(node: Node, diff: Message) -> Iterator[Leaf]:
    """Every leaf diff `{status, A, B, C}` in a diff message."""
    for f in node.fields:
        if isinstance(f, Elements):
            yield from getattr(diff, f.name)
        elif diff.HasField(f.name):
            child = getattr(diff, f.name)
            if isinstance(f, Part):
                yield from leaves(f.node, child)
            else:
                yield child
