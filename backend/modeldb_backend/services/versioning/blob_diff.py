"""The diff of two blobs at one location (contract §1.6), as ModelDB's `BlobDiff` messages.

Only what changed is reported: a changed element of a list is one leaf `{status, A, B}` (MODIFIED when its key is
on both sides), a whole value (git, docker, python version, command line, notebook parts) one leaf with both
values. Keys that occur more than once on a side cannot be paired, so all of A's elements under that key are
DELETED and all of B's ADDED. A change of type (dataset to environment, python to docker, ...) is DELETED of the
old blob plus ADDED of the new; blobs that differ in nothing compared (e.g. only `raw_requirements`) give no diff.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from google.protobuf.message import Message

from ...pb.versioning import versioning_service_pb2 as spb
from .blob_shapes import (
    ADDED,
    BLOB,
    DELETED,
    MODIFIED,
    Elements,
    Key,
    Leaf,
    Node,
    Part,
    Status,
    Whole,
    elements_of,
    part_of,
    put_whole,
    set_shape,
    shape,
    whole_of,
)


def blob_diff(location: Sequence[str], a: spb.Blob | None, b: spb.Blob | None) -> list[spb.BlobDiff]:
    """The diffs turning blob `a` into blob `b` at `location` (None: no blob there): none when nothing
    compared differs, one (ADDED, DELETED or MODIFIED), or two (DELETED + ADDED) when the type changed."""
    if a is None and b is None:
        return []
    if a is None or b is None:
        return [_whole_blob(location, a, b)]
    if shape(BLOB, a) != shape(BLOB, b):
        return [_whole_blob(location, a, None), _whole_blob(location, None, b)]
    diff = spb.BlobDiff(location=location, status=MODIFIED)
    if not diff_node(BLOB, a, b, diff):
        return []
    set_shape(BLOB, diff, shape(BLOB, a))
    return [diff]


def _whole_blob(location: Sequence[str], a: spb.Blob | None, b: spb.Blob | None) -> spb.BlobDiff:
    """A blob only on one side: every element of it ADDED (B) or DELETED (A)."""
    present = a if a is not None else b
    assert present is not None  # callers pass one blob
    diff = spb.BlobDiff(location=location, status=ADDED if a is None else DELETED)
    diff_node(BLOB, a, b, diff)
    set_shape(BLOB, diff, shape(BLOB, present))  # an empty blob still says what it is
    return diff


def diff_node(node: Node, a: Message | None, b: Message | None, out: Message) -> bool:
    """Writes the diff of `a` and `b` (messages described by `node`) into the diff message `out`; True if it
    wrote anything. Parts of a oneof are compared case by case: both sides have the same type here."""
    wrote = False
    active = _cases(node, a, b)
    for f in node.fields:
        if f.name in node.members and f.name not in active:
            continue  # another type's part: unset on both sides
        if isinstance(f, Elements):
            for status, old, new in diff_elements(elements_of(a, f.name), elements_of(b, f.name), f.key):
                write_leaf(getattr(out, f.name).add(), status, old, new)
                wrote = True
        elif isinstance(f, Whole):
            old_value, new_value = whole_of(a, f.name), whole_of(b, f.name)
            if old_value != new_value:
                write_leaf(getattr(out, f.name), _status(old_value, new_value), old_value, new_value)
                wrote = True
        else:
            wrote = _diff_part(f, a, b, out) or wrote
    return wrote


def _cases(node: Node, a: Message | None, b: Message | None) -> set[str | None]:
    if node.oneof is None:
        return set()
    return {m.WhichOneof(node.oneof) for m in (a, b) if m is not None}


def _diff_part(f: Part, a: Message | None, b: Message | None, out: Message) -> bool:
    old, new = part_of(a, f.name), part_of(b, f.name)
    if old is None and new is None:
        return False
    return diff_node(f.node, old, new, getattr(out, f.name))


def _status(old: object | None, new: object | None) -> Status:
    if old is None:
        return ADDED
    return DELETED if new is None else MODIFIED


def write_leaf(leaf: Leaf, status: Status, a: Message | list[str] | None, b: Message | list[str] | None) -> None:
    """Fills a leaf diff `{status, A, B}`."""
    leaf.status = status
    if a is not None:
        put_whole(leaf, "A", a)
    if b is not None:
        put_whole(leaf, "B", b)


def group(elements: Sequence[Message], key: Key) -> dict[str, list[Message]]:
    """Elements by key in first-seen order, each key's elements distinct (a repeated identical element is one)."""
    groups: dict[str, list[Message]] = {}
    for element in elements:
        same_key = groups.setdefault(key(element), [])
        if element not in same_key:
            same_key.append(element)
    return groups


def diff_elements(
    a: Sequence[Message], b: Sequence[Message], key: Key
) -> Iterator[tuple[Status, Message | None, Message | None]]:
    """(status, A element, B element) for each changed element, keys in order of first appearance (A, then B)."""
    groups_a, groups_b = group(a, key), group(b, key)
    for k in dict.fromkeys([*groups_a, *groups_b]):
        old, new = groups_a.get(k, []), groups_b.get(k, [])
        if len(old) == 1 and len(new) == 1:
            if old[0] != new[0]:
                yield MODIFIED, old[0], new[0]
            continue
        if old and new and _same_set(old, new):
            continue
        # one side lacks the key, or a side holds it more than once: nothing can be paired
        for element in old:
            yield DELETED, element, None
        for element in new:
            yield ADDED, None, element


def _same_set(a: Sequence[Message], b: Sequence[Message]) -> bool:
    return len(a) == len(b) and all(element in b for element in a)
