"""ExtensionService downsampleMetricHistory: a metric series reduced to what a chart can show.

A chart of a million points draws one column of pixels per few thousand points; what the eye needs of each
column is its lowest and highest value (every spike shows) and how the line enters and leaves it (the first
and last point). The database computes these per bucket of equal step width in one aggregate statement per
series, so neither the points nor a row object per point ever leave it: the answer is a few thousand
numbers whatever the series' length.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from ...errors import InvalidArgument
from ...pb.ext import extension_pb2 as pb
from ..context import CallContext, read_only
from ..values import check_key
from .run_states import require_live_runs, unique

MAX_BUCKETS = 100_000
# Bucket bounds are computed in SQL as 64-bit integers: steps up to 2**61 keep them in range.
MAX_STEP = 2**61

# Every key of a run through one index seek per key (a skip scan), not a scan of all its points.
_KEYS = text(
    "WITH RECURSIVE k(key) AS ("
    " SELECT min(key) FROM metric_points WHERE run_id = :run"
    " UNION ALL"
    " SELECT (SELECT min(key) FROM metric_points WHERE run_id = :run AND key > k.key) FROM k WHERE k.key IS NOT NULL"
    ") SELECT key FROM k WHERE key IS NOT NULL"
)

_IN_SERIES = "run_id = :run AND key = :key"
_IN_TIME = " AND timestamp BETWEEN :t0 AND :t1"

# A step holds one point per (run, key) (a unique index), so the first and last step of a bucket name one
# point each. Correlated lookups (not joins) so that each is an index seek whatever the planner's statistics
# say: a join planned on a fresh table's empty statistics scanned the series once per bucket.
_AT_STEP = "(SELECT value FROM metric_points WHERE run_id = :run AND key = :key AND step = g.{step})"
# SQLite: per bucket, aggregates over its index range. Grouping the whole range instead makes SQLite sort every
# point into a temporary B-tree (it cannot know that the bucket number grows with the step): 3 s for a million.
# Only the bucket's own bounds on the step: given the range's bounds too, SQLite searched the index by those
# (the whole range, for every bucket) and took 40 s for 10 buckets of a million points.
_IN_BUCKET = "{where} AND step >= :lo + bucket.b * :width AND step <= {least}(:lo + (bucket.b + 1) * :width - 1, :hi)"
_OF_BUCKET = "(SELECT {agg} FROM metric_points WHERE " + _IN_BUCKET + ")"
_BUCKETS = (
    "WITH RECURSIVE bucket(b) AS (SELECT 0 UNION ALL SELECT b + 1 FROM bucket WHERE b + 1 < :count),"
    " g AS (SELECT bucket.b AS b, "
    + ", ".join(
        f"{_OF_BUCKET.replace('{agg}', agg)} AS {name}"
        for agg, name in (
            ("count(*)", "n"),
            ("min(step)", "s0"),
            ("max(step)", "s1"),
            ("min(value)", "vmin"),
            ("max(value)", "vmax"),
        )
    )
    + " FROM bucket)"
    f" SELECT g.b, g.n, g.s0, {_AT_STEP.format(step='s0')}, g.s1, {_AT_STEP.format(step='s1')}, g.vmin, g.vmax"
    " FROM g WHERE g.n > 0 ORDER BY g.b"
)
# PostgreSQL: one index range scan per bucket. Grouping the whole range instead makes PostgreSQL sort a
# million rows on disk (it cannot know that the bucket number grows with the step) at twice the cost.
_BUCKETS_PG = (
    f"SELECT g.b, g.n, g.s0, {_AT_STEP.format(step='s0')}, g.s1, {_AT_STEP.format(step='s1')}, g.vmin, g.vmax"
    " FROM generate_series(0, :count - 1) AS bucket(b) CROSS JOIN LATERAL ("
    " SELECT bucket.b, count(*) AS n, min(step) AS s0, max(step) AS s1, min(value) AS vmin, max(value) AS vmax"
    " FROM metric_points WHERE " + _IN_BUCKET + ") g WHERE g.n > 0 ORDER BY g.b"
)
_STEP_SPAN = "SELECT min(step), max(step) FROM metric_points WHERE run_id = :run AND key = :key{time}"

Range = tuple[int, int]


def runs_and_keys(run_ids: Iterable[str], keys: Iterable[str], verb: str) -> tuple[list[str], list[str]]:
    """A metric-history request's runs and keys, each once: at least one run, every key a valid metric key."""
    runs = unique(run_ids)
    if not runs:
        raise InvalidArgument(f"run_ids is empty: name at least one run whose metric history to {verb}")
    checked = unique(keys)
    for k in checked:
        check_key(k, "metric key")
    return runs, checked


class DownsampleRpcs:
    @read_only
    def downsampleMetricHistory(
        self, ctx: CallContext, request: pb.DownsampleMetricHistory
    ) -> pb.DownsampleMetricHistory.Response:
        run_ids, keys = runs_and_keys(request.run_ids, request.keys, "downsample")
        if not 1 <= request.buckets <= MAX_BUCKETS:
            raise InvalidArgument(f"buckets is {request.buckets}: ask for 1 to {MAX_BUCKETS:,} buckets")
        steps = _range(request, "steps")
        times = _range(request, "timestamps")
        require_live_runs(ctx.session, run_ids)
        out = []
        for run_id in run_ids:
            for key in keys or keys_of(ctx.session, run_id):
                series = _downsample(ctx.session, run_id, key, request.buckets, steps, times)
                if series is not None:
                    out.append(series)
        return pb.DownsampleMetricHistory.Response(series=out)


def _range(request: pb.DownsampleMetricHistory, field: str) -> Range | None:
    if not request.HasField(field):
        return None
    given: pb.Int64Range = getattr(request, field)
    if given.start < 0 or given.end < given.start:
        raise InvalidArgument(
            f"{field} is [{given.start}, {given.end}]: a range needs 0 <= start <= end (both inclusive)"
        )
    if field == "steps" and given.end > MAX_STEP:
        raise InvalidArgument(f"steps.end is {given.end}: downsampling covers steps up to {MAX_STEP}")
    return given.start, given.end


def keys_of(session: Session, run_id: str) -> list[str]:
    """The run's metric keys with points, sorted."""
    return [key for (key,) in session.execute(_KEYS, {"run": run_id})]


def _downsample(
    session: Session, run_id: str, key: str, buckets: int, steps: Range | None, times: Range | None
) -> pb.DownsampledSeries | None:
    """The series' buckets, or None when it has no point in the range."""
    params: dict[str, Any] = {"run": run_id, "key": key}
    if times is not None:
        params["t0"], params["t1"] = times
    if steps is None:
        span = session.execute(text(_STEP_SPAN.format(time=_IN_TIME if times else "")), params).one()
        if span[0] is None:
            return None
        steps = (int(span[0]), min(int(span[1]), MAX_STEP))  # a point logged beyond MAX_STEP is not drawn
    lo, hi = steps
    width = max(1, -(-(hi - lo + 1) // buckets))  # ceiling: at most `buckets` buckets cover [lo, hi]
    params.update(lo=lo, hi=hi, width=width, count=-(-(hi - lo + 1) // width))
    where = _IN_SERIES + (_IN_TIME if times else "")
    if session.get_bind().dialect.name == "postgresql":
        query = _BUCKETS_PG.format(where=where, least="LEAST")
    else:
        query = _BUCKETS.format(where=where, least="min")
    rows = session.execute(text(query), params).all()
    if not rows:
        return None
    numbers, counts, first_steps, first_values, last_steps, last_values, mins, maxs = zip(*rows, strict=True)
    return pb.DownsampledSeries(
        run_id=run_id,
        key=key,
        step_from=lo,
        bucket_width=width,
        points=sum(counts),
        buckets=numbers,
        counts=counts,
        first_steps=first_steps,
        first_values=first_values,
        last_steps=last_steps,
        last_values=last_values,
        min_values=mins,
        max_values=maxs,
    )
