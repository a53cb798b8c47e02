"""runs_df's data path: pages of ExtensionService.queryRunColumns, turned into typed pandas columns.

The backend answers a page of runs as one array per column (numbers as doubles, strings as strings), so a
numeric `field.key` becomes a numpy array with one vectorised assignment per page instead of a Python value
per run. The dtype rules are frames._typed's, applied per column over all pages: metrics float64; else
boolean, Int64 (integers below 2**53), float64, str, or object holding the plain Python values.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from modeldb_backend.pb.ext import extension_pb2

from .progress import progress

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from .client import Client

PAGE_SIZE = 5000
EMPTY, BOOL, INT, DOUBLE, STRING, JSON = range(6)  # ColumnKind numbers of extension.proto
_EXACT = 2**53
_RUN_LISTS = ("ids", "names", "project_ids", "experiment_ids", "descriptions", "owners")
_RUN_INTS = ("statuses", "date_created", "date_updated", "start_times", "end_times")


def column_page(client: Client, base: dict[str, Any], number: int, size: int) -> extension_pb2.QueryRunColumns.Response:
    """One page of queryRunColumns (`base`: the queryRuns fields it shares)."""
    return client.call(extension_pb2.QueryRunColumns(page_number=number, page_limit=size, **base))


@dataclass
class Pages:
    """Every fetched page's arrays end to end; `keep` picks the rows of the frame (None: all of them)."""

    runs: dict[str, list[Any]] = field(default_factory=lambda: {n: [] for n in (*_RUN_LISTS, *_RUN_INTS)})
    tags: list[list[str]] = field(default_factory=list)
    columns: dict[tuple[str, str], list[tuple[int, Any]]] = field(default_factory=dict)  # -> (row offset, column)
    size: int = 0
    keep: np.ndarray | None = None
    names: dict[str, str] = field(default_factory=dict)  # project and experiment names by id

    def add(self, page: Any) -> None:
        for name in (*_RUN_LISTS, *_RUN_INTS):
            self.runs[name].extend(getattr(page, name))
        tags, counts = list(page.tags), list(page.tag_counts)
        self.tags.extend(tags[end - n : end] for n, end in zip(counts, accumulate(counts), strict=True))
        for column in page.key_columns:
            self.columns.setdefault((column.field, column.key), []).append((self.size, column))
        self.names.update(page.entity_names)
        self.size += len(page.ids)

    def select(self, limit: int | None) -> None:
        """Drop rows repeated across pages (a run that moved while paging) and rows past the limit."""
        import numpy as np

        ids = self.runs["ids"]
        if len(set(ids)) == len(ids) and (limit is None or limit >= len(ids)):
            return
        keep = np.sort(np.unique(np.asarray(ids, dtype=object), return_index=True)[1])
        self.keep = keep[:limit] if limit is not None else keep
        for name, values in self.runs.items():
            self.runs[name] = [values[i] for i in self.keep]
        if self.tags:
            self.tags = [self.tags[i] for i in self.keep]

    def rows(self) -> int:
        return self.size if self.keep is None else len(self.keep)


def fetch_pages(client: Client, base: dict[str, Any], limit: int | None, show: bool | None) -> Pages:
    pages = Pages()
    if limit == 0:
        return pages
    page_limit = min(PAGE_SIZE, limit) if limit else PAGE_SIZE
    first = column_page(client, base, 1, page_limit)
    count = -(-min(first.total_records, limit or first.total_records) // page_limit)
    with progress(count, "runs", "page", show) as update:
        response, number = first, 1
        while True:
            update(1)
            pages.add(response)
            done = len(response.ids) < page_limit or (limit is not None and pages.size >= limit)
            if done or number >= count:
                break
            number += 1
            response = column_page(client, base, number, page_limit)
    pages.select(limit)
    return pages


def key_names(pages: Pages, wanted: list[str] | None, key_fields: Sequence[str]) -> list[str]:
    """The `field.key` columns in frames' order: per field sorted keys, or the order asked for."""
    keys: dict[str, set[str]] = {f: set() for f in key_fields}
    for field_, key in pages.columns:
        keys.setdefault(field_, set()).add(key)
    if wanted is None:
        return [f"{f}.{k}" for f in key_fields for k in sorted(keys[f])]
    names: list[str] = []
    for column in wanted:
        field_, _, key = column.partition(".")
        if field_ not in key_fields:
            continue
        for k in sorted(keys[field_]) if not key else [key]:
            if f"{field_}.{k}" not in names:
                names.append(f"{field_}.{k}")
    return names


def key_series(pages: Pages, field_: str, key: str) -> tuple[pd.Series, bool]:
    """(typed Series of one `field.key`, whether any selected run has a non-null value)."""
    import numpy as np

    parts = [(offset, c) for offset, c in pages.columns.get((field_, key), []) if c.kind != EMPTY]
    present = np.zeros(pages.size, dtype=bool)
    for offset, c in parts:
        present[np.asarray(c.rows, dtype=np.int64) + offset] = True
    if pages.keep is not None:
        present = present[pages.keep]
    if field_ == "metrics":
        return _metric(pages, parts), bool(present.any())
    return _typed(pages, parts, present), bool(present.any())


def _take(pages: Pages, array: np.ndarray) -> np.ndarray:
    return array if pages.keep is None else array[pages.keep]


def _metric(pages: Pages, parts: list[tuple[int, Any]]) -> pd.Series:
    """float64: numbers (and bools as 0/1) as floats; strings, lists and dicts NaN, as frames._typed does."""
    import numpy as np
    import pandas as pd

    out = np.full(pages.size, np.nan)
    for offset, c in parts:
        rows = np.asarray(c.rows, dtype=np.int64) + offset
        if c.kind in (INT, DOUBLE):
            out[rows] = np.asarray(c.doubles, dtype=np.float64)
        elif c.kind == BOOL:
            out[rows] = np.asarray(c.bools, dtype=np.float64)
        elif c.kind == JSON:
            values = [json.loads(t) for t in c.strings]
            out[rows] = [float(v) if isinstance(v, int | float) else np.nan for v in values]
    return pd.Series(_take(pages, out), dtype="float64")


def _typed(pages: Pages, parts: list[tuple[int, Any]], present: np.ndarray) -> pd.Series:
    import numpy as np
    import pandas as pd

    kinds = {c.kind for _, c in parts}
    if kinds and kinds <= {INT, DOUBLE}:
        out = np.zeros(pages.size) if kinds == {INT} else np.full(pages.size, np.nan)
        for offset, c in parts:
            out[np.asarray(c.rows, dtype=np.int64) + offset] = np.asarray(c.doubles, dtype=np.float64)
        out = _take(pages, out)
        if kinds == {INT}:
            return pd.Series(pd.arrays.IntegerArray(out.astype(np.int64), ~present))
        return pd.Series(out, dtype="float64")
    if kinds == {BOOL}:
        flags = np.zeros(pages.size, dtype=bool)
        for offset, c in parts:
            flags[np.asarray(c.rows, dtype=np.int64) + offset] = np.asarray(c.bools, dtype=bool)
        return pd.Series(pd.arrays.BooleanArray(_take(pages, flags), ~present))
    values: list[Any] = [None] * pages.size
    for offset, c in parts:
        for row, value in zip(c.rows, _python_values(c), strict=True):
            values[row + offset] = value
    if pages.keep is not None:
        values = [values[i] for i in pages.keep]
    return pd.Series(values, dtype="str" if kinds == {STRING} else object)


def _python_values(column: Any) -> list[Any]:
    """A page's values of one column as the plain Python values the Value path gives (integral numbers below
    2**53 as ints, every other number a float)."""
    if column.kind == BOOL:
        return list(column.bools)
    if column.kind in (INT, DOUBLE):
        return [_plain(v) for v in column.doubles]
    if column.kind == STRING:
        return list(column.strings)
    return [_plain(json.loads(t)) for t in column.strings]


def _plain(data: Any) -> Any:
    """A JSON value as a protobuf Value round trip leaves it: numbers are doubles, then integral ones below
    2**53 become ints (client/protos.plain)."""
    kind = type(data)
    if kind is int:
        return data if -_EXACT < data < _EXACT else float(data)
    if kind is float:
        return int(data) if data.is_integer() and abs(data) < _EXACT else data
    if kind is list:
        return [_plain(v) for v in data]
    if kind is dict:
        return {k: _plain(v) for k, v in data.items()}
    return data
