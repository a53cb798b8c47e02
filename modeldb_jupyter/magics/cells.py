"""What one executed cell did: the names it assigned and read, and what it output (summarised).

Assigned names are the union of two cheap views: the cell's top-level binding targets (AST) and the user
namespace entries that appeared or now point to another object (a key → id() comparison, which also sees
names bound by magics, `exec` or `from m import *`). Read names are the names the cell loads that it does
not bind anywhere itself (its free names), from the AST.
"""

from __future__ import annotations

import ast
import builtins
import json
import re
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# IPython's own entries in the user namespace: output history, input history, shell helpers.
_IPYTHON_NAME = re.compile(r"^(_|__|___|_i|_ii|_iii|_\d+|_i\d+|_oh|_ih|_dh|In|Out|get_ipython|exit|quit)$")
BUILTIN_NAMES = frozenset(dir(builtins))
MAX_NAMES = 200
MAX_NAME_CHARS = 100
MAX_MIME_TYPES = 10
MAX_OUTPUTS = 20


def parse_cell(source: str, transform: Any) -> ast.Module | None:
    """The cell's AST; cells with magics or shell escapes go through IPython's transformer first."""
    source = clean_text(source)
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        pass
    try:
        code: str = transform(source)
        return ast.parse(code)
    except (SyntaxError, ValueError):
        return None


def _target_names(node: ast.AST, out: set[str]) -> None:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
            out.add(sub.id)


def _import_names(node: ast.Import | ast.ImportFrom) -> set[str]:
    names = set()
    for alias in node.names:
        if alias.name == "*":
            continue
        names.add(alias.asname or alias.name.split(".")[0])
    return names


def top_level_bindings(tree: ast.Module) -> set[str]:
    """Names the cell binds in the module namespace (not inside functions, classes or comprehensions)."""
    bound: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= _import_names(node)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                _target_names(target, bound)
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            _target_names(node.target, bound)
        elif isinstance(node, ast.For | ast.AsyncFor):
            _target_names(node.target, bound)
            stack.extend(node.body + node.orelse)
        elif isinstance(node, ast.With | ast.AsyncWith):
            for item in node.items:
                if item.optional_vars is not None:
                    _target_names(item.optional_vars, bound)
            stack.extend(node.body)
        elif isinstance(node, ast.If | ast.While):
            stack.extend(node.body + node.orelse)
        elif isinstance(node, ast.Try | ast.TryStar):
            stack.extend(node.body + node.orelse + node.finalbody)
            for handler in node.handlers:
                if handler.name:
                    bound.add(handler.name)
                stack.extend(handler.body)
        elif isinstance(node, ast.Match):
            for case in node.cases:
                stack.extend(case.body)
        if isinstance(node, ast.Expr | ast.Assign | ast.AugAssign | ast.AnnAssign | ast.If | ast.While):
            for sub in ast.walk(node):
                if isinstance(sub, ast.NamedExpr) and isinstance(sub.target, ast.Name):
                    bound.add(sub.target.id)
    return bound


def free_names(tree: ast.Module) -> set[str]:
    """Names the cell loads minus every name it binds anywhere (targets, defs, imports, arguments)."""
    loaded: set[str] = set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound |= _import_names(node)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
        elif isinstance(node, ast.Global | ast.Nonlocal):
            bound |= set(node.names)
    return loaded - bound


class NamespaceWatch:
    """Which user names a cell bound or rebound, at a cost that does not grow with IPython's history.

    New keys come from a set difference with the keys seen so far (C speed, however many `_i<n>` entries
    IPython adds); rebinding is an id() comparison over the user's own names only.
    """

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.ids: dict[str, int] = {}

    def sync(self, ns: Mapping[str, Any], hidden: Mapping[str, Any]) -> None:
        """Take the namespace as it is now as the reference (before a recorded cell)."""
        self.changes(ns, hidden)

    def changes(self, ns: Mapping[str, Any], hidden: Mapping[str, Any]) -> set[str]:
        """User names that appeared or were rebound since the last call."""
        new = ns.keys() - self.known
        if new:
            self.known |= new
        changed = {k for k in new if k not in hidden and not _IPYTHON_NAME.match(k)}
        ids = self.ids
        for name, old in list(ids.items()):
            value = ns.get(name, _MISSING)
            if value is _MISSING:  # deleted: forget it, so binding it again counts as new
                del ids[name]
                self.known.discard(name)
            elif id(value) != old:
                changed.add(name)
        for name in changed:
            ids[name] = id(ns[name])
        return changed


_MISSING = object()


def is_library_object(value: Any) -> bool:
    """Modules, and functions/classes defined outside the notebook: names that come from an import."""
    if isinstance(value, types.ModuleType):
        return True
    module = getattr(value, "__module__", None)
    if not isinstance(module, str) or module == "__main__":
        return False
    return callable(value) and hasattr(value, "__qualname__")


def ipython_name(name: str) -> bool:
    return bool(_IPYTHON_NAME.match(name))


@dataclass
class CellOutputs:
    """Output summaries collected while a cell runs: type and size, never the data."""

    items: list[dict[str, Any]] = field(default_factory=list)
    dropped: int = 0

    def add(self, item: dict[str, Any]) -> None:
        if len(self.items) < MAX_OUTPUTS:
            self.items.append(item)
        else:
            self.dropped += 1

    def add_display(self, msg: Mapping[str, Any]) -> None:
        """A display_data message of ipykernel's display publisher: its MIME types and byte size."""
        data = msg.get("content", {}).get("data", {}) or {}
        size = sum(len(v) if isinstance(v, str | bytes) else 0 for v in data.values())
        kind = msg.get("header", {}).get("msg_type", "display_data")
        self.add({"output_type": kind, "mime": sorted(data)[:MAX_MIME_TYPES], "bytes": size})


def result_summary(value: Any) -> dict[str, Any]:
    """The execute_result of a cell: its type and, when cheap to know, its shape or length."""
    out: dict[str, Any] = {"output_type": "execute_result", "type": type(value).__name__}
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(n, int) for n in shape):
        out["shape"] = list(shape)
    elif isinstance(value, str | bytes | list | tuple | dict | set):
        out["len"] = len(value)
    return out


def capped(names: set[str], limit: int = MAX_NAMES) -> list[str]:
    """At most `limit` names of at most MAX_NAME_CHARS characters: a record must stay under 64 KiB."""
    return [n[:MAX_NAME_CHARS] for n in sorted(names)[:limit]]


def clean_text(text: str) -> str:
    """No NUL (the backend refuses it) and no lone surrogate (not encodable): both shown escaped instead."""
    text = text.replace("\x00", "\\x00")
    return text if text.isascii() else text.encode("utf-8", "backslashreplace").decode("utf-8")


def fit_json(text: str, max_chars: int, max_bytes: int) -> str:
    """The longest prefix (up to max_chars) whose JSON form is at most max_bytes: escapes can grow text 6-fold."""
    kept = text[:max_chars]
    while kept and len(json.dumps(kept, ensure_ascii=False).encode()) > max_bytes:
        kept = kept[: len(kept) * 3 // 4]
    return kept
