"""This kernel's memory of one run's recorded cells: who defined which name, for the two warnings, and the
cells' sources, for a notebook rebuilt at the end of the run.

Out-of-order: a cell runs again, and names it defined the last time were redefined since by another cell;
re-running it now overwrites them, so the state depends on the order of execution.
Hidden state: a cell reads a name that no earlier recorded cell of this run defined (and that is neither a
builtin nor something imported): the run's own cells do not reproduce the value it used.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .cells import BUILTIN_NAMES, capped, ipython_name, is_library_object

MAX_WARNING_NAMES = 50
MAX_ENTRIES = 5000  # sources kept for the rebuilt notebook (oldest dropped beyond this)


@dataclass
class CellEntry:
    """What a rebuilt notebook needs of one recorded cell."""

    execution_count: int | None
    source: str
    outcome: str
    outputs: list[dict[str, Any]]


@dataclass
class Finding:
    """A warning about one cell: stored in its record; `show` says whether to print it (first time only)."""

    kind: str
    names: list[str]
    message: str
    show: bool = True

    def record(self) -> dict[str, Any]:
        return {"kind": self.kind, "names": capped(set(self.names), MAX_WARNING_NAMES), "message": self.message}


@dataclass
class RunLog:
    run_name: str
    single_cell: bool = False  # a %%modeldb run cell's run: no hidden-state check (it has no earlier cells)
    defined: dict[str, tuple[str, int, int | None]] = field(default_factory=dict)  # name → (cell, seq, count)
    cells: dict[str, tuple[int, int | None, frozenset[str]]] = field(default_factory=dict)  # cell → last run
    entries: list[CellEntry] = field(default_factory=list)
    warned: set[tuple[str, str]] = field(default_factory=set)
    seq: int = 0
    errors: int = 0
    warnings: int = 0

    def check(
        self, key: str, count: int | None, assigned: set[str], reads: Iterable[str], ns: Mapping[str, Any]
    ) -> list[Finding]:
        """The warnings for a cell about to be recorded (call before `add`)."""
        found = []
        order = self._out_of_order(key, assigned)
        if order is not None:
            found.append(order)
        if not self.single_cell:
            hidden = self._hidden(reads, ns)
            if hidden is not None:
                found.append(hidden)
        self.warnings += len(found)
        return found

    def _out_of_order(self, key: str, assigned: set[str]) -> Finding | None:
        previous = self.cells.get(key)
        if previous is None:
            return None
        seq0, count0, assigned0 = previous
        redefined: dict[str, int | None] = {}
        for name in sorted(assigned0 & assigned):
            definer = self.defined.get(name)
            if definer is not None and definer[0] != key and definer[1] > seq0:
                redefined[name] = definer[2]
        if not redefined:
            return None
        names = sorted(redefined)
        by = sorted({f"[{c}]" if c is not None else "[?]" for c in redefined.values()})
        message = (
            f"out-of-order execution: this cell ran before{_as(count0)} and redefines {_names(names)}, which "
            f"{', '.join(by)} redefined since; running the notebook top to bottom may give different results"
        )
        return Finding("out_of_order", names, message, show=self._first("out_of_order", key + ":" + ",".join(names)))

    def _hidden(self, reads: Iterable[str], ns: Mapping[str, Any]) -> Finding | None:
        names = sorted(
            name
            for name in reads
            if name not in self.defined
            and name not in BUILTIN_NAMES
            and not ipython_name(name)
            and name in ns
            and not is_library_object(ns[name])
        )
        if not names:
            return None
        message = (
            f"hidden state: this cell reads {_names(names)}, which no recorded cell of run {self.run_name!r} "
            "defined (set before the run started, or by a cell that was not recorded); the run's cells alone do "
            "not reproduce it"
        )
        new = [n for n in names if self._first("hidden_state", n)]
        return Finding("hidden_state", names, message, show=bool(new))

    def _first(self, kind: str, what: str) -> bool:
        if (kind, what) in self.warned:
            return False
        self.warned.add((kind, what))
        return True

    def add(self, key: str, count: int | None, assigned: set[str], entry: CellEntry) -> int:
        """Remember a recorded cell; returns its sequence number in this run (this kernel)."""
        self.seq += 1
        self.cells[key] = (self.seq, count, frozenset(assigned))
        for name in assigned:
            self.defined[name] = (key, self.seq, count)
        if entry.outcome != "ok":
            self.errors += 1
        self.entries.append(entry)
        if len(self.entries) > MAX_ENTRIES:
            del self.entries[0]
        return self.seq


def _as(count: int | None) -> str:
    return f" as [{count}]" if count is not None else ""


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(n) for n in names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")
