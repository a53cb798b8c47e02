import { describe, expect, it } from 'vitest';

import { ModelDBClient } from '../src/api/client';
import { ModelDBError, ModelDBHttp } from '../src/api/http';
import type { ExperimentRun } from '../src/api/types';
import { RunsTableModel, errorPosition } from '../src/model/runsTable';
import { FakeServer, type Reply, deferred } from './fakeServer';

const RUNS: ExperimentRun[] = [
  {
    id: 'r1',
    name: 'first',
    metrics: [{ key: 'acc', value: 0.9 }],
    hyperparameters: [{ key: 'lr', value: 0.01 }],
    attributes: [{ key: 'jupyter.kernel_id', value: 'k1' }]
  },
  { id: 'r2', name: 'second', metrics: [{ key: 'loss', value: 0.2 }] }
];

function model(server: FakeServer): RunsTableModel {
  return new RunsTableModel(new ModelDBClient(new ModelDBHttp(server.settings())), {
    projectId: 'p1',
    experimentId: 'e1'
  });
}

describe('RunsTableModel', () => {
  it('loads a page through queryRuns with scope, filter, order, paging and the table parts', async () => {
    const server = new FakeServer().on('ext/queryRuns', {
      experiment_runs: RUNS,
      total_records: '60',
      states: [{ run_id: 'r1', status: 'FINISHED' }]
    });
    const table = model(server);
    await table.setFilter('metrics.acc > 0.5');
    expect(server.requests[0]?.body).toEqual({
      project_id: 'p1',
      experiment_id: 'e1',
      query: 'metrics.acc > 0.5',
      order_by: ['-date_created'],
      page_number: 1,
      page_limit: 25,
      columns: ['tags', 'metrics', 'hyperparameters', 'attributes']
    });
    expect(table.page.total).toBe(60);
    expect(table.pageCount).toBe(3);
    expect(table.page.states.get('r1')?.status).toBe('FINISHED');
    expect(table.hasActiveRuns).toBe(false);
  });

  it('discovers a column per key, shows metrics and hyperparameters, hides attributes until chosen', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: RUNS, total_records: '2' });
    const table = model(server);
    await table.load();
    const keyColumns = table.columns.filter(c => c.field).map(c => c.id);
    expect(keyColumns).toEqual(['metrics.acc', 'metrics.loss', 'hyperparameters.lr', 'attributes.jupyter.kernel_id']);
    const visible = table.visibleColumns.map(c => c.id);
    expect(visible).toContain('metrics.acc');
    expect(visible).not.toContain('attributes.jupyter.kernel_id');
    table.setVisible('attributes.jupyter.kernel_id', true);
    table.setVisible('tags', false);
    expect(table.visibleColumns.map(c => c.id)).toContain('attributes.jupyter.kernel_id');
    expect(table.visibleColumns.map(c => c.id)).not.toContain('tags');
  });

  it('keeps columns of keys that left the page, so the chooser does not jump', async () => {
    let page = 0;
    const server = new FakeServer().on('ext/queryRuns', () => ({
      json: {
        experiment_runs: page++ === 0 ? RUNS : [{ id: 'r3', metrics: [{ key: 'f1', value: 1 }] }],
        total_records: '3'
      }
    }));
    const table = model(server);
    await table.load();
    await table.load();
    expect(table.columns.filter(c => c.field === 'metrics').map(c => c.key)).toEqual(['acc', 'f1', 'loss']);
  });

  it('sorts on the server: descending first, flips on a second click, back to page 1', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: RUNS, total_records: '100' });
    const table = model(server);
    await table.load();
    await table.setPage(3);
    const acc = table.columns.find(c => c.id === 'metrics.acc');
    if (!acc) {
      throw new Error('no acc column');
    }
    await table.sortBy(acc);
    expect(server.requests.at(-1)?.body).toMatchObject({ order_by: ['-metrics.acc', '-date_created'], page_number: 1 });
    await table.sortBy(acc);
    expect(server.requests.at(-1)?.body).toMatchObject({ order_by: ['metrics.acc', '-date_created'] });
    const name = table.columns.find(c => c.id === 'name');
    await table.sortBy(name!);
    expect(server.requests.at(-1)?.body).toMatchObject({ order_by: ['name', '-date_created'] });
  });

  it('does not sort by columns the server cannot order by', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: RUNS });
    const table = model(server);
    await table.sortBy(table.columns.find(c => c.id === 'status')!);
    expect(server.requests).toHaveLength(0);
  });

  it('clamps the page number to the pages there are', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: RUNS, total_records: '30' });
    const table = model(server);
    await table.load();
    await table.setPage(99);
    expect(table.pageNumber).toBe(2);
    await table.setPageSize(50);
    expect(server.requests.at(-1)?.body).toMatchObject({ page_number: 1, page_limit: 50 });
  });

  it('keeps a rejected filter error inline, keeps the last page, and clears it on the next success', async () => {
    let reply: Reply = { json: { experiment_runs: RUNS, total_records: '2' } };
    const server = new FakeServer().on('ext/queryRuns', () => reply);
    const table = model(server);
    await table.load();
    reply = {
      status: 400,
      json: { error: 'x', code: 3, message: "query syntax error at column 13: unexpected '>'" }
    };
    await table.setFilter('metrics.acc >> 1');
    expect(table.queryError?.message).toContain('column 13');
    expect(table.page.runs).toHaveLength(2);
    expect(table.loading).toBe(false);
    reply = { json: { experiment_runs: [], total_records: '0' } };
    await table.setFilter('metrics.acc > 1');
    expect(table.queryError).toBeUndefined();
    expect(table.page.total).toBe(0);
  });

  it('throws other failures for the view to report', async () => {
    const server = new FakeServer().on('ext/queryRuns', () => ({
      status: 503,
      json: { message: 'database is locked', code: 14 }
    }));
    const table = model(server);
    const error = await table.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDBError);
    expect(table.queryError).toBeUndefined();
    expect(table.loading).toBe(false);
  });

  it('drops the answer of a superseded request', async () => {
    const slow = deferred<Reply>();
    let call = 0;
    const server = new FakeServer().on('ext/queryRuns', () =>
      call++ === 0 ? slow.promise : { json: { experiment_runs: [{ id: 'new' }], total_records: '1' } }
    );
    const table = model(server);
    const first = table.setFilter('old');
    await new Promise(r => setTimeout(r, 0));
    await table.setFilter('new');
    slow.resolve({ json: { experiment_runs: [{ id: 'old' }], total_records: '1' } });
    await first;
    expect(table.page.runs.map(r => r.id)).toEqual(['new']);
  });

  it('reports activity when a run in view is RUNNING', async () => {
    const server = new FakeServer().on('ext/queryRuns', {
      experiment_runs: RUNS,
      states: [
        { run_id: 'r1', status: 'FINISHED' },
        { run_id: 'r2', status: 'RUNNING' }
      ]
    });
    const table = model(server);
    await table.load();
    expect(table.hasActiveRuns).toBe(true);
  });

  it('emits changed around a load', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: RUNS });
    const table = model(server);
    const seen: boolean[] = [];
    table.changed.connect(() => seen.push(table.loading));
    await table.load();
    expect(seen).toEqual([true, false]);
  });
});

describe('errorPosition', () => {
  it('reads line and column from the server message', () => {
    expect(errorPosition('query syntax error at column 14: unexpected')).toEqual({ line: 1, column: 14 });
    expect(errorPosition('query syntax error at line 2, column 3: x')).toEqual({ line: 2, column: 3 });
    expect(errorPosition('unknown key metrics')).toBeUndefined();
  });
});
