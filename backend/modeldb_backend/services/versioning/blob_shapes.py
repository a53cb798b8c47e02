"""What a versioning diff compares inside a blob, and how (contract §1.6).

A blob message and its diff message have the same layout: each part of a blob is a sub-message with its own
parts (`Part`, e.g. `environment.python`), a repeated field compared element by element, elements matched by a
key (`Elements`, e.g. requirements by library + constraint), or a value compared whole (`Whole`, e.g. the git
commit or the command line), whose diff is a leaf `{status, A, B, C}`. `BLOB` describes `versioning.Blob`;
`blob_diff` and `three_way` walk it, so the rules live in one table rather than one function per blob family.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from google.protobuf.message import Message

from ...descriptors import descriptor_of
from ...pb.versioning import versioning_pb2 as vpb

Status = vpb.DiffStatusEnum.DiffStatus
ADDED = vpb.DiffStatusEnum.ADDED
DELETED = vpb.DiffStatusEnum.DELETED
MODIFIED = vpb.DiffStatusEnum.MODIFIED
CONFLICTED = vpb.DiffStatusEnum.CONFLICTED

Key = Callable[[Message], str]
WholeValue = Message | list[str]  # a sub-message, or the strings of a repeated string field (command_line)
# A leaf diff `{status, A, B, C}`: one of a dozen generated classes sharing those fields, and a blob element
# read for its key: typed Any because the generated classes share no base that declares the fields.
Leaf = Any
Element = Any


@dataclass(frozen=True)
class Elements:
    """A repeated field whose elements are matched by `key` (one leaf diff per changed element)."""

    name: str
    key: Key


@dataclass(frozen=True)
class Whole:
    """A field compared as one value: any change is one leaf diff carrying both values."""

    name: str


@dataclass(frozen=True)
class Part:
    """A sub-message with parts of its own."""

    name: str
    node: Node


@dataclass(frozen=True)
class Node:
    """The parts of one message; `oneof` names its type-selecting oneof (a change of case is a type change)."""

    fields: tuple[Elements | Whole | Part, ...]
    oneof: str | None = None
    members: frozenset[str] = frozenset()  # the fields of the oneof: only the set one needs looking at

    def field(self, name: str) -> Elements | Whole | Part:
        return next(f for f in self.fields if f.name == name)


def _by_name(element: Element) -> str:
    name: str = element.name
    return name


def _by_path(element: Element) -> str:
    path: str = element.path
    return path


def _by_s3_path(element: Element) -> str:
    path: str = element.path.path
    return path


def _by_library_and_constraint(element: Element) -> str:
    # "pytest==1" -> "pytest==2" is one modification; "pytest==1" -> "pytest>=1" a removal and an addition
    return f"{element.library}\0{element.constraint}"


def _by_value(element: Message) -> str:
    # a query component has no identity but its whole value
    return element.SerializeToString(deterministic=True).hex()


_PYTHON = Node(
    (
        Whole("version"),
        Elements("requirements", _by_library_and_constraint),
        Elements("constraints", _by_library_and_constraint),
    )
)
_ENVIRONMENT = Node(
    (Part("python", _PYTHON), Whole("docker"), Elements("environment_variables", _by_name), Whole("command_line")),
    oneof="content",
    members=frozenset({"python", "docker"}),
)
_DATASET = Node(
    (
        Part("s3", Node((Elements("components", _by_s3_path),))),
        Part("path", Node((Elements("components", _by_path),))),
        Part("query", Node((Elements("components", _by_value),))),
    ),
    oneof="content",
    members=frozenset({"s3", "path", "query"}),
)
_CODE = Node(
    (Whole("git"), Part("notebook", Node((Whole("path"), Whole("git_repo"))))),
    oneof="content",
    members=frozenset({"git", "notebook"}),
)
_CONFIG = Node((Elements("hyperparameters", _by_name), Elements("hyperparameter_set", _by_name)))

BLOB = Node(
    (Part("dataset", _DATASET), Part("environment", _ENVIRONMENT), Part("code", _CODE), Part("config", _CONFIG)),
    oneof="content",
    members=frozenset({"dataset", "environment", "code", "config"}),
)

Shape = tuple[str | None, ...]


def shape(node: Node, message: Message) -> Shape:
    """The chain of oneof cases that gives a blob (or a blob diff) its type: ("environment", "python"),
    ("code", "git"), ("config",), ("environment", None) for an environment of variables only."""
    if node.oneof is None:
        return ()
    case = message.WhichOneof(node.oneof)
    if case is None:
        return (None,)
    part = node.field(case)
    if isinstance(part, Part):
        return (case, *shape(part.node, getattr(message, case)))
    return (case,)


def set_shape(node: Node, message: Message, cases: Shape) -> None:
    """Selects the oneof cases `cases` in `message` (empty sub-messages where nothing is set yet), so that a
    diff always says which type of blob it is about, even when only a field outside the oneof changed."""
    if not cases or cases[0] is None or node.oneof is None:
        return
    part = node.field(cases[0])
    child = getattr(message, part.name)
    child.SetInParent()
    if isinstance(part, Part):
        set_shape(part.node, child, cases[1:])


def part_of(message: Message | None, name: str) -> Message | None:
    """The sub-message `name` of `message`, or None when it is not set."""
    if message is None or not message.HasField(name):
        return None
    child: Message = getattr(message, name)
    return child


def elements_of(message: Message | None, name: str) -> list[Message]:
    return [] if message is None else list(getattr(message, name))


_REPEATED: dict[tuple[str, str], bool] = {}  # (message type, field) -> repeated? (read per value: cached)


def _is_repeated(message: Message, name: str) -> bool:
    key = (message.DESCRIPTOR.full_name, name)
    found = _REPEATED.get(key)
    if found is None:
        found = _REPEATED[key] = descriptor_of(message).fields_by_name[name].is_repeated
    return found


def whole_of(message: Message | None, name: str) -> WholeValue | None:
    """A whole value, or None when absent; an all-default sub-message or an empty list counts as absent."""
    if message is None:
        return None
    if _is_repeated(message, name):
        strings = list(getattr(message, name))
        return strings or None
    value = part_of(message, name)
    return value if value is not None and value.ByteSize() else None


def put_whole(message: Message, name: str, value: WholeValue | None) -> None:
    """Writes a whole value into a blob field or a leaf diff's A/B/C (None clears it)."""
    if value is None:
        message.ClearField(name)
    elif isinstance(value, list):
        strings = getattr(message, name)
        del strings[:]
        strings.extend(value)
    else:
        getattr(message, name).CopyFrom(value)


def is_empty(node: Node, message: Message | None) -> bool:
    """True when `message` holds no element and no value in any compared part: an emptied blob vanishes."""
    if message is None:
        return True
    for f in node.fields:
        if isinstance(f, Elements) and len(getattr(message, f.name)):
            return False
        if isinstance(f, Whole) and whole_of(message, f.name) is not None:
            return False
        if isinstance(f, Part) and not is_empty(f.node, part_of(message, f.name)):
            return False
    return True
