import { describe, expect, it } from 'vitest';

import {
  envelopeByKey,
  envelopePoints,
  extent,
  historyByKey,
  linePath,
  linearScale,
  niceTicks,
  observationSeries
} from '../src/model/series';

describe('historyByKey', () => {
  it('groups columnar series by metric key, one series per run, int64 steps as numbers', () => {
    const byKey = historyByKey(
      [
        { run_id: 'r1', key: 'loss', steps: ['1', '2'], values: [0.5, 0.3] },
        { run_id: 'r2', key: 'loss', steps: ['1'], values: [0.6] },
        { run_id: 'r1', key: 'acc', steps: ['1', '2', '3'], values: [0.1, 0.2] }
      ],
      id => `run ${id}`
    );
    expect([...byKey.keys()]).toEqual(['acc', 'loss']);
    expect(byKey.get('loss')).toEqual([
      {
        label: 'run r1',
        points: [
          { x: 1, y: 0.5 },
          { x: 2, y: 0.3 }
        ]
      },
      { label: 'run r2', points: [{ x: 1, y: 0.6 }] }
    ]);
    expect(byKey.get('acc')?.[0]?.points).toHaveLength(2);
  });
});

describe('envelopePoints', () => {
  it('draws each bucket through its first point, its extremes and its last point', () => {
    const points = envelopePoints({
      run_id: 'r1',
      key: 'loss',
      counts: ['1', '2', '500', '500'],
      first_steps: ['0', '1', '10', '510'],
      first_values: [1, 2, 3, 9],
      last_steps: ['0', '2', '509', '1009'],
      last_values: [1, 4, 5, 7],
      min_values: [1, 2, -100, 6],
      max_values: [1, 4, 100, 10]
    });
    expect(points).toEqual([
      { x: 0, y: 1 },
      { x: 1, y: 2 },
      { x: 2, y: 4 },
      { x: 10, y: 3 },
      { x: 259, y: -100 }, // rising bucket: low, then high
      { x: 259, y: 100 },
      { x: 509, y: 5 },
      { x: 510, y: 9 },
      { x: 759, y: 10 }, // falling bucket: high, then low
      { x: 759, y: 6 },
      { x: 1009, y: 7 }
    ]);
  });

  it('groups downsampled series by key, one per run', () => {
    const byKey = envelopeByKey(
      [
        { run_id: 'r1', key: 'loss', counts: ['1'], first_steps: ['3'], first_values: [0.5] },
        { run_id: 'r2', key: 'acc' }
      ],
      id => `run ${id}`
    );
    expect([...byKey.keys()]).toEqual(['acc', 'loss']);
    expect(byKey.get('loss')).toEqual([{ label: 'run r1', points: [{ x: 3, y: 0.5 }] }]);
    expect(byKey.get('acc')).toEqual([{ label: 'run r2', points: [] }]);
  });
});

describe('observationSeries', () => {
  it('charts numeric attribute observations by epoch and leaves the rest out', () => {
    const series = observationSeries([
      { attribute: { key: 'loss', value: 0.3 }, epoch_number: 1 },
      { attribute: { key: 'loss', value: 0.5 }, epoch_number: 0 },
      { attribute: { key: 'note', value: 'hello' } },
      { artifact: { key: 'img', path: 'a.png' } },
      { attribute: { key: 'lr', value: 0.1 } },
      { attribute: { key: 'lr', value: 0.05 } }
    ]);
    expect([...series.keys()]).toEqual(['loss', 'lr']);
    expect(series.get('loss')).toEqual([
      { x: 0, y: 0.5 },
      { x: 1, y: 0.3 }
    ]);
    expect(series.get('lr')).toEqual([
      { x: 0, y: 0.1 },
      { x: 1, y: 0.05 }
    ]);
  });
});

describe('scales and ticks', () => {
  it('widens a flat extent and defaults an empty one', () => {
    expect(extent([2, 2])).toEqual({ min: 1.9, max: 2.1 });
    expect(extent([0, 0])).toEqual({ min: -1, max: 1 });
    expect(extent([])).toEqual({ min: 0, max: 1 });
    expect(extent([3, -1, 7])).toEqual({ min: -1, max: 7 });
  });

  it('picks round ticks inside the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.13, 0.87, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 97, 5)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('maps values linearly and draws a polyline path', () => {
    const sx = linearScale({ min: 0, max: 10 }, 0, 100);
    const sy = linearScale({ min: 0, max: 1 }, 50, 0);
    expect(sx(5)).toBe(50);
    expect(sy(1)).toBe(0);
    expect(
      linePath(
        [
          { x: 0, y: 0 },
          { x: 10, y: 0.5 }
        ],
        sx,
        sy
      )
    ).toBe('M0.00,50.00 L100.00,25.00');
    expect(linePath([], sx, sy)).toBe('');
  });
});
