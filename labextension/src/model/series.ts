/** Data for the line charts: metric series (getMetricHistory) and numeric observations, by step. */
import { int64 } from '../api/client';
import type { DownsampledSeries, MetricSeries, Observation } from '../api/types';
import { numericValue } from './format';

export interface Point {
  x: number;
  y: number;
}

export interface ChartSeries {
  label: string;
  points: Point[];
}

/** Metric series keyed by metric key, one chart series per run (labelled by `runLabel`). */
export function historyByKey(
  series: readonly MetricSeries[],
  runLabel: (runId: string) => string = id => id
): Map<string, ChartSeries[]> {
  const out = new Map<string, ChartSeries[]>();
  for (const s of series) {
    const steps = s.steps ?? [];
    const values = s.values ?? [];
    const points: Point[] = [];
    for (let i = 0; i < Math.min(steps.length, values.length); i++) {
      const y = values[i];
      if (typeof y === 'number' && Number.isFinite(y)) {
        points.push({ x: int64(steps[i]), y });
      }
    }
    const list = out.get(s.key) ?? [];
    list.push({ label: runLabel(s.run_id), points });
    out.set(s.key, list);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/** Buckets asked of downsampleMetricHistory per chart: about one per pixel column of a chart's plot. */
export const CHART_BUCKETS = 400;

/**
 * The line through a downsampled series: per bucket its first point, its extremes (at the bucket's middle
 * step, the lower first when the line rises) and its last point; buckets of one or two points give just those.
 */
export function envelopePoints(s: DownsampledSeries): Point[] {
  const counts = s.counts ?? [];
  const points: Point[] = [];
  for (let i = 0; i < counts.length; i++) {
    const count = int64(counts[i]);
    const x0 = int64(s.first_steps?.[i] ?? 0);
    const x1 = int64(s.last_steps?.[i] ?? 0);
    const y0 = s.first_values?.[i] ?? 0;
    const y1 = s.last_values?.[i] ?? 0;
    points.push({ x: x0, y: y0 });
    if (count > 2) {
      const middle = Math.floor((x0 + x1) / 2);
      const low = s.min_values?.[i] ?? 0;
      const high = s.max_values?.[i] ?? 0;
      const [a, b] = y0 <= y1 ? [low, high] : [high, low];
      points.push({ x: middle, y: a }, { x: middle, y: b });
    }
    if (count > 1) {
      points.push({ x: x1, y: y1 });
    }
  }
  return points;
}

/** Downsampled series keyed by metric key, one chart series per run, keys sorted. */
export function envelopeByKey(
  series: readonly DownsampledSeries[],
  runLabel: (runId: string) => string = id => id
): Map<string, ChartSeries[]> {
  const out = new Map<string, ChartSeries[]>();
  for (const s of series) {
    const list = out.get(s.key) ?? [];
    list.push({ label: runLabel(s.run_id), points: envelopePoints(s) });
    out.set(s.key, list);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Numeric observations by key, x = the epoch number (observations without one are numbered in order).
 * Non-numeric and artifact observations are left out: they are listed, not charted.
 */
export function observationSeries(observations: readonly Observation[]): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const obs of observations) {
    const attribute = obs.attribute;
    const y = numericValue(attribute?.value);
    if (!attribute || y === undefined) {
      continue;
    }
    const points = out.get(attribute.key) ?? [];
    const epoch = numericValue(obs.epoch_number);
    points.push({ x: epoch ?? points.length, y });
    out.set(attribute.key, points);
  }
  for (const points of out.values()) {
    points.sort((a, b) => a.x - b.x);
  }
  return new Map([...out.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

export interface Extent {
  min: number;
  max: number;
}

/** The range widened by `fraction` of its span on both sides, so lines do not run along the frame. */
export function padded(range: Extent, fraction = 0.05): Extent {
  const pad = (range.max - range.min) * fraction;
  return { min: range.min - pad, max: range.max + pad };
}

/** The range of the values, widened when flat so a scale never divides by zero. */
export function extent(values: readonly number[]): Extent {
  if (values.length === 0) {
    return { min: 0, max: 1 };
  }
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const pad = Math.abs(min) * 0.05 || 1;
    min -= pad;
    max += pad;
  }
  return { min, max };
}

/** About `count` round tick values covering [min, max] (1, 2, 5 × 10^k steps). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const span = max - min;
  if (!(span > 0) || !Number.isFinite(span)) {
    return [min];
  }
  const raw = span / Math.max(1, count);
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const residual = raw / magnitude;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/** A linear map from [domain.min, domain.max] onto [r0, r1]. */
export function linearScale(domain: Extent, r0: number, r1: number): (v: number) => number {
  const k = (r1 - r0) / (domain.max - domain.min);
  return v => r0 + (v - domain.min) * k;
}

/** The SVG path of a polyline through the points ("M x y L x y ..."), two decimals. */
export function linePath(points: readonly Point[], sx: (v: number) => number, sy: (v: number) => number): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(2)},${sy(p.y).toFixed(2)}`).join(' ');
}
