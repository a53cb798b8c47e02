"""ExtensionService downsampleMetricHistory: every bucket keeps its exact min and max, its first and last point
and its count, whatever the bucket layout, on both databases and both transports."""

from __future__ import annotations

import random
import uuid
from typing import Any

import pytest

from tests.apiclient import Api, ApiError
from tests.backend.runs_support import Ctx

EXT = "ExtensionService"
Point = tuple[int, float, int]  # step, value, timestamp


def log_points(api: Api, run_id: str, key: str, points: list[Point]) -> None:
    for start in range(0, len(points), 2000):  # several batches, as a client sends them
        part = points[start : start + 2000]
        batch = [{"key": key, "step": s, "value": v, "timestamp": t} for s, v, t in part]
        api.call(EXT, "logBatch", {"run_id": run_id, "idempotency_key": uuid.uuid4().hex, "metric_points": batch})


def downsample(api: Api, run_ids: list[str], buckets: int, **request: Any) -> list[dict[str, Any]]:
    answer = api.call(EXT, "downsampleMetricHistory", {"run_ids": run_ids, "buckets": buckets, **request})
    return list(answer.get("series", []))


def columns(series: dict[str, Any]) -> list[tuple[Any, ...]]:
    """One (bucket, count, first step, first value, last step, last value, min, max) per bucket."""
    ints = ("buckets", "counts", "first_steps")
    parts = [[int(v) for v in series.get(f, [])] for f in ints]
    parts.append([float(v) for v in series.get("first_values", [])])
    parts.append([int(v) for v in series.get("last_steps", [])])
    parts += [[float(v) for v in series.get(f, [])] for f in ("last_values", "min_values", "max_values")]
    return list(zip(*parts, strict=True))


def expected(points: list[Point], lo: int, width: int) -> list[tuple[Any, ...]]:
    """The same buckets computed from the raw points in Python."""
    by_bucket: dict[int, list[Point]] = {}
    for p in sorted(points):
        by_bucket.setdefault((p[0] - lo) // width, []).append(p)
    out = []
    for b, pts in sorted(by_bucket.items()):
        values = [v for _, v, _ in pts]
        out.append((b, len(pts), pts[0][0], pts[0][1], pts[-1][0], pts[-1][1], min(values), max(values)))
    return out


def spiky_series(seed: int, n: int) -> list[Point]:
    """Irregular steps (gaps), noise, and rare large spikes both ways: what a mean per bucket would hide."""
    rng = random.Random(seed)
    step, out = 5, []
    for i in range(n):
        step += rng.choice((1, 1, 1, 2, 7))
        value = rng.gauss(0.0, 1.0) + (rng.choice((-1e6, 1e6)) if rng.random() < 0.002 else 0.0)
        out.append((step, value, 1_000_000 + i))
    return out


def test_every_bucket_keeps_its_exact_extremes(api: Api, uniq: str) -> None:
    run = Ctx(api, uniq).create("r")
    points = spiky_series(17, 3000)
    log_points(api, run["id"], "loss", points)
    lo, hi = points[0][0], points[-1][0]
    for buckets in (1, 37, 500, 100_000):
        [series] = downsample(api, [run["id"]], buckets)
        width = -(-(hi - lo + 1) // buckets)
        assert (series["key"], int(series["step_from"]), int(series["bucket_width"])) == ("loss", lo, width)
        assert int(series["points"]) == len(points)
        got = columns(series)
        assert got == expected(points, lo, width)
        assert len(got) <= buckets
    # Enough buckets: one point per bucket, i.e. the full series.
    [series] = downsample(api, [run["id"]], 100_000)
    assert [(r[2], r[3]) for r in columns(series)] == [(s, v) for s, v, _ in points]


def test_step_and_time_ranges(api: Api, uniq: str) -> None:
    run = Ctx(api, uniq).create("r")
    points = spiky_series(3, 3000)
    log_points(api, run["id"], "loss", points)
    start, end = points[1000][0], points[1999][0] + 3  # a zoom into the middle
    [series] = downsample(api, [run["id"]], 64, steps={"start": start, "end": end})
    inside = [p for p in points if start <= p[0] <= end]
    width = -(-(end - start + 1) // 64)
    assert int(series["step_from"]) == start and int(series["points"]) == len(inside)
    assert columns(series) == expected(inside, start, width)
    t0, t1 = points[200][2], points[299][2]
    [series] = downsample(api, [run["id"]], 10, timestamps={"start": t0, "end": t1})
    timed = points[200:300]
    width = -(-(timed[-1][0] - timed[0][0] + 1) // 10)
    assert columns(series) == expected(timed, timed[0][0], width)
    assert downsample(api, [run["id"]], 10, steps={"start": points[-1][0] + 1, "end": points[-1][0] + 9}) == []


def test_runs_and_keys_in_order(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    a, b, empty = c.create("a"), c.create("b"), c.create("empty")
    log_points(api, a["id"], "loss", [(0, 1.0, 1), (1, 0.5, 2)])
    log_points(api, a["id"], "acc", [(0, 0.1, 1)])
    log_points(api, b["id"], "loss", [(3, 2.0, 1)])
    series = downsample(api, [b["id"], a["id"], empty["id"]], 10)
    assert [(s["run_id"], s["key"]) for s in series] == [(b["id"], "loss"), (a["id"], "acc"), (a["id"], "loss")]
    series = downsample(api, [a["id"], empty["id"]], 10, keys=["loss", "acc", "nothing"])
    assert [s["key"] for s in series] == ["loss", "acc"]


@pytest.mark.parametrize(
    "request_",
    [
        {"buckets": 0},
        {"buckets": 100_001},
        {"buckets": 5, "keys": [""]},
        {"buckets": 5, "steps": {"start": 9, "end": 3}},
        {"buckets": 5, "timestamps": {"start": -1, "end": 3}},
        {"buckets": 5, "steps": {"start": 0, "end": 2**63 - 1}},
    ],
)
def test_bad_requests_are_refused(api: Api, uniq: str, request_: dict[str, Any]) -> None:
    run = Ctx(api, uniq).create("r")
    with pytest.raises(ApiError) as info:
        api.call(EXT, "downsampleMetricHistory", {"run_ids": [run["id"]], **request_})
    assert info.value.code == 3  # INVALID_ARGUMENT


def test_runs_must_exist(api: Api, uniq: str) -> None:
    c = Ctx(api, uniq)
    run = c.create("r")
    with pytest.raises(ApiError) as info:
        api.call(EXT, "downsampleMetricHistory", {"run_ids": [], "buckets": 5})
    assert info.value.code == 3
    missing = str(uuid.uuid4())
    with pytest.raises(ApiError) as info:
        api.call(EXT, "downsampleMetricHistory", {"run_ids": [run["id"], missing], "buckets": 5})
    assert info.value.code == 5 and missing in info.value.message


def test_steps_beyond_the_limit_are_left_out_not_an_error(api: Api, uniq: str) -> None:
    run = Ctx(api, uniq).create("r")
    log_points(api, run["id"], "loss", [(0, 1.0, 1), (1, 2.0, 2), (2**63 - 1, 3.0, 3)])
    [series] = downsample(api, [run["id"]], 10)  # bucket bounds near 2**63 would overflow a bigint
    assert int(series["points"]) == 2 and [float(v) for v in series["max_values"]] == [2.0]
