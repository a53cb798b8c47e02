/** A small SVG line chart: axes with round ticks, one polyline per series, a legend, point tooltips. */
import { formatNumber } from '../model/format';
import { type ChartSeries, extent, linearScale, linePath, niceTicks, padded } from '../model/series';
import { h } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
/** Series colours come from CSS classes mdb-Series-0 … mdb-Series-7 (theme-aware). */
export const PALETTE_SIZE = 8;
/** Points are drawn as dots (with a tooltip) only when a series is this short. */
const MAX_DOTS = 60;

export interface ChartOptions {
  title: string;
  width?: number;
  height?: number;
  xLabel?: string;
}

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: (SVGElement | string)[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) {
    el.setAttribute(name, String(value));
  }
  for (const child of children) {
    el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return el;
}

export function lineChart(series: readonly ChartSeries[], options: ChartOptions): HTMLElement {
  const width = options.width ?? 440;
  const height = options.height ?? 220;
  const margin = { top: 12, right: 14, bottom: 30, left: 54 };
  const xs = series.flatMap(s => s.points.map(p => p.x));
  const ys = series.flatMap(s => s.points.map(p => p.y));
  const xDomain = extent(xs);
  const yDomain = padded(extent(ys));
  const sx = linearScale(xDomain, margin.left, width - margin.right);
  const sy = linearScale(yDomain, height - margin.bottom, margin.top);

  const root = svg('svg', {
    class: 'mdb-Chart-svg',
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    role: 'img',
    'aria-label': options.title
  });
  const axes = svg('g', { class: 'mdb-Chart-axes' });
  for (const t of niceTicks(yDomain.min, yDomain.max, 4)) {
    const y = sy(t).toFixed(1);
    axes.appendChild(svg('line', { class: 'mdb-Chart-grid', x1: margin.left, x2: width - margin.right, y1: y, y2: y }));
    axes.appendChild(
      svg(
        'text',
        { class: 'mdb-Chart-tick', x: margin.left - 6, y, 'text-anchor': 'end', 'dominant-baseline': 'middle' },
        formatNumber(t, 4)
      )
    );
  }
  for (const t of niceTicks(xDomain.min, xDomain.max, 5)) {
    const x = sx(t).toFixed(1);
    axes.appendChild(
      svg(
        'text',
        { class: 'mdb-Chart-tick', x, y: height - margin.bottom + 14, 'text-anchor': 'middle' },
        formatNumber(t, 4)
      )
    );
  }
  axes.appendChild(
    svg('line', {
      class: 'mdb-Chart-axis',
      x1: margin.left,
      x2: width - margin.right,
      y1: height - margin.bottom,
      y2: height - margin.bottom
    })
  );
  axes.appendChild(
    svg(
      'text',
      { class: 'mdb-Chart-label', x: width - margin.right, y: height - 4, 'text-anchor': 'end' },
      options.xLabel ?? 'step'
    )
  );
  root.appendChild(axes);

  series.forEach((s, i) => {
    const cls = `mdb-Series-${i % PALETTE_SIZE}`;
    const group = svg('g', { class: `mdb-Chart-series ${cls}`, 'data-series': s.label });
    group.appendChild(svg('path', { class: 'mdb-Chart-line', d: linePath(s.points, sx, sy) }));
    if (s.points.length <= MAX_DOTS) {
      for (const p of s.points) {
        group.appendChild(
          svg(
            'circle',
            { class: 'mdb-Chart-dot', cx: sx(p.x).toFixed(2), cy: sy(p.y).toFixed(2), r: 2.5 },
            svg('title', {}, `${s.label} · ${options.xLabel ?? 'step'} ${formatNumber(p.x)}: ${formatNumber(p.y)}`)
          )
        );
      }
    }
    root.appendChild(group);
  });

  const legend = h(
    'div',
    { className: 'mdb-Chart-legend' },
    ...series.map((s, i) =>
      h('span', { className: `mdb-Chart-legendItem mdb-Series-${i % PALETTE_SIZE}` }, h('i', {}), s.label)
    )
  );
  const figure = h(
    'figure',
    { className: 'mdb-Chart', data: { chart: options.title } },
    h('figcaption', {}, options.title)
  );
  figure.appendChild(root);
  figure.appendChild(legend);
  return figure;
}
