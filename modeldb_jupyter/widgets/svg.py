"""Line charts as inline SVG (no chart library): one chart per metric key, one polyline per run, optional
exponential smoothing and a log-scale y axis. The widget and the static HTML fallback draw the same SVG."""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence

WIDTH, HEIGHT = 560, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 22, 26
PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf")

Series = tuple[Sequence[int], Sequence[float]]


def smooth(values: Sequence[float], weight: float) -> list[float]:
    """Exponential moving average, debiased so the first points are not pulled towards zero."""
    if weight <= 0:
        return list(values)
    out: list[float] = []
    average, norm = 0.0, 0.0
    for value in values:
        if not math.isfinite(value):
            out.append(value)
            continue
        average = weight * average + (1 - weight) * value
        norm = weight * norm + (1 - weight)
        out.append(average / norm)
    return out


def _points(steps: Sequence[int], values: Sequence[float], log: bool) -> list[tuple[float, float]]:
    pts = []
    for step, value in zip(steps, values, strict=True):
        if not math.isfinite(value) or (log and value <= 0):
            continue  # a log axis cannot show zero or negatives; NaN/inf cannot be drawn
        pts.append((float(step), math.log10(value) if log else value))
    return pts


def _tick(value: float, log: bool) -> str:
    return f"{10**value:.3g}" if log else f"{value:.4g}"


def chart(key: str, series: Mapping[str, Series], colors: Mapping[str, str], weight: float, log: bool) -> str:
    """One SVG for metric `key`; `series` maps a run label to (steps, values)."""
    lines = {label: _points(s, smooth(v, weight), log) for label, (s, v) in series.items()}
    every = [p for pts in lines.values() for p in pts]
    title = f'<text x="{LEFT}" y="14" font-size="12" font-weight="bold">{html.escape(key)}</text>'
    if not every:
        body = f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#777">no points yet</text>'
        return _svg(key, title + body)
    x0, x1 = min(p[0] for p in every), max(p[0] for p in every)
    y0, y1 = min(p[1] for p in every), max(p[1] for p in every)
    x1, y1 = (x1 if x1 > x0 else x0 + 1), (y1 if y1 > y0 else y0 + (abs(y0) or 1) * 0.1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(v: float) -> float:
        return LEFT + (v - x0) / (x1 - x0) * plot_w

    def y(v: float) -> float:
        return TOP + (1 - (v - y0) / (y1 - y0)) * plot_h

    axes = (
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#ccc"/>'
        f'<text x="{LEFT - 4}" y="{TOP + 4}" font-size="10" text-anchor="end">{_tick(y1, log)}</text>'
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" font-size="10" text-anchor="end">{_tick(y0, log)}</text>'
        f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="10">step {x0:g}</text>'
        f'<text x="{LEFT + plot_w}" y="{HEIGHT - 8}" font-size="10" text-anchor="end">{x1:g}</text>'
    )
    drawn = []
    for label, pts in lines.items():
        if not pts:
            continue
        coords = " ".join(f"{x(px):.1f},{y(py):.1f}" for px, py in pts)
        color = colors.get(label, PALETTE[0])
        drawn.append(
            f'<polyline class="mdbw-series" data-run="{html.escape(label, quote=True)}" points="{coords}" '
            f'fill="none" stroke="{color}" stroke-width="1.5"><title>{html.escape(label)}</title></polyline>'
        )
    scale = " (log scale)" if log else ""
    note = f'<text x="{WIDTH - RIGHT}" y="14" font-size="10" text-anchor="end" fill="#777">{scale}</text>'
    return _svg(key, title + note + axes + "".join(drawn))


def legend(colors: Mapping[str, str]) -> str:
    items = (
        f'<span style="margin-right:12px"><span style="display:inline-block;width:12px;height:3px;'
        f'background:{c};vertical-align:middle"></span> {html.escape(label)}</span>'
        for label, c in colors.items()
    )
    return f'<div class="mdbw-legend" style="font-size:12px">{"".join(items)}</div>'


def _svg(key: str, inner: str) -> str:
    return (
        f'<svg class="mdbw-chart" data-key="{html.escape(key, quote=True)}" xmlns="http://www.w3.org/2000/svg" '
        f'width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif">{inner}</svg>'
    )
