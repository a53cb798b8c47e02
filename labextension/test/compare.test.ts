import { describe, expect, it } from 'vitest';

import type { ExperimentRun } from '../src/api/types';
import { compareRuns, compareText, valuesDiffer } from '../src/model/compare';

const a: ExperimentRun = {
  id: 'a',
  experiment_id: 'e',
  hyperparameters: [
    { key: 'lr', value: 0.01 },
    { key: 'opt', value: 'adam' }
  ],
  metrics: [{ key: 'acc', value: 0.9 }],
  tags: ['baseline']
};
const b: ExperimentRun = {
  id: 'b',
  experiment_id: 'e',
  hyperparameters: [
    { key: 'lr', value: 0.1 },
    { key: 'opt', value: 'adam' }
  ],
  metrics: [
    { key: 'acc', value: 0.9 },
    { key: 'f1', value: 0.5 }
  ],
  tags: ['baseline', 'wide']
};

describe('compareRuns', () => {
  const rows = compareRuns([a, b]);
  const row = (id: string) => rows.find(r => `${r.section}.${r.key}` === id);

  it('flags keys whose values differ', () => {
    expect(row('hyperparameters.lr')).toMatchObject({ values: [0.01, 0.1], differs: true });
    expect(row('hyperparameters.opt')?.differs).toBe(false);
    expect(row('metrics.acc')?.differs).toBe(false);
  });

  it('treats a key one run lacks as a difference', () => {
    expect(row('metrics.f1')).toMatchObject({ values: [undefined, 0.5], differs: true });
    expect(compareText(undefined)).toBe('—');
  });

  it('compares tag membership', () => {
    expect(row('tags.baseline')).toMatchObject({ values: [true, true], differs: false });
    expect(row('tags.wide')).toMatchObject({ values: [false, true], differs: true });
  });

  it('orders sections: run, metrics, hyperparameters, attributes, tags', () => {
    const sections = [...new Set(rows.map(r => r.section))];
    expect(sections).toEqual(['run', 'metrics', 'hyperparameters', 'tags']);
  });
});

describe('valuesDiffer', () => {
  it('compares by JSON', () => {
    expect(
      valuesDiffer([
        [1, 2],
        [1, 2]
      ])
    ).toBe(false);
    expect(valuesDiffer([1, '1'])).toBe(true);
    expect(valuesDiffer([null, undefined])).toBe(true);
  });
});

describe('compareRuns run facts', () => {
  it('names experiments and leaves out facts no run has', () => {
    const rows = compareRuns([a, { ...b, experiment_id: 'f' }], id => `exp ${id}`);
    const facts = rows.filter(r => r.section === 'run');
    expect(facts.map(r => [r.key, r.values, r.differs])).toEqual([['experiment', ['exp e', 'exp f'], true]]);
  });
});
