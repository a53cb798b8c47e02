import { describe, expect, it } from 'vitest';

import { ModelDBClient } from '../src/api/client';
import { ModelDBHttp } from '../src/api/http';
import { activeRunOfKernel, runOfNotebook } from '../src/model/notebookRun';
import { artifactRole, parseCellLog, parseNotebook } from '../src/model/notebookSnapshot';
import { FakeServer } from './fakeServer';

function client(server: FakeServer): ModelDBClient {
  return new ModelDBClient(new ModelDBHttp(server.settings()));
}

describe('the run of a notebook', () => {
  it('asks queryRuns for the kernel id attribute and picks the RUNNING run', async () => {
    const server = new FakeServer().on('ext/queryRuns', {
      experiment_runs: [{ id: 'new', name: 'n' }, { id: 'old', name: 'o' }],
      states: [
        { run_id: 'new', status: 'FINISHED' },
        { run_id: 'old', status: 'RUNNING' }
      ]
    });
    const found = await activeRunOfKernel(client(server), "k-1'x");
    expect(found?.run.id).toBe('old');
    expect(found?.status).toBe('RUNNING');
    expect(server.requests[0]?.body).toMatchObject({
      query: "attributes.jupyter.kernel_id == 'k-1\\'x'",
      order_by: ['-date_created']
    });
  });

  it('has no active run when none is RUNNING', async () => {
    const server = new FakeServer().on('ext/queryRuns', {
      experiment_runs: [{ id: 'r' }],
      states: [{ run_id: 'r', status: 'FINISHED' }]
    });
    expect(await activeRunOfKernel(client(server), 'k')).toBeUndefined();
  });

  it('falls back to the newest run of the kernel, then of the notebook path', async () => {
    const server = new FakeServer().on('ext/queryRuns', r => ({
      json: String(r.body?.query).includes('notebook_path') ? { experiment_runs: [{ id: 'by-path' }] } : {}
    }));
    const found = await runOfNotebook(client(server), 'k', 'work/train.ipynb');
    expect(found?.run.id).toBe('by-path');
    expect(server.requests.map(r => r.body?.query)).toEqual([
      "attributes.jupyter.kernel_id == 'k'",
      "attributes.jupyter.notebook_path == 'work/train.ipynb'"
    ]);
    expect(await runOfNotebook(client(new FakeServer()), undefined, undefined)).toBeUndefined();
  });
});

describe('notebook snapshots and cell logs', () => {
  it('recognises notebook and cell-log artifacts', () => {
    expect(artifactRole({ key: 'notebook', path: 'x/abc.ipynb' })).toBe('notebook');
    expect(artifactRole({ key: 'snap', filename_extension: 'ipynb' })).toBe('notebook');
    expect(artifactRole({ key: 'cell_log', path: 'x/log.json' })).toBe('cell-log');
    expect(artifactRole({ key: 'history', path: 'x/h.jsonl' })).toBe('cell-log');
    expect(artifactRole({ key: 'model', path: 'x/m.pkl' })).toBe('other');
  });

  it('reads cells, execution counts and text outputs of an .ipynb', () => {
    const cells = parseNotebook(
      JSON.stringify({
        nbformat: 4,
        cells: [
          { cell_type: 'markdown', source: ['# Title'] },
          {
            cell_type: 'code',
            execution_count: 3,
            source: ['x = 1\n', 'x'],
            outputs: [
              { output_type: 'execute_result', data: { 'text/plain': ['1'] } },
              { output_type: 'stream', text: 'hi\n' },
              { output_type: 'error', ename: 'ValueError', evalue: 'bad' }
            ]
          }
        ]
      })
    );
    expect(cells).toEqual([
      { type: 'markdown', source: '# Title', executionCount: null, output: '' },
      { type: 'code', source: 'x = 1\nx', executionCount: 3, output: '1\nhi\nValueError: bad\n' }
    ]);
    expect(() => parseNotebook('{"a": 1}')).toThrow('not a Jupyter notebook');
  });

  it('reads a cell log as JSON lines or as a JSON document', () => {
    const lines = [
      JSON.stringify({ execution_count: 1, raw_cell: 'import x', success: true, timestamp: 1000, duration_ms: 12 }),
      JSON.stringify({ execution_count: 2, source: 'fail()', error: 'boom' })
    ].join('\n');
    const entries = parseCellLog(lines);
    expect(entries.map(e => [e.executionCount, e.source, e.success, e.time, e.duration])).toEqual([
      [1, 'import x', true, 1000, 12],
      [2, 'fail()', false, null, null]
    ]);
    const doc = parseCellLog(JSON.stringify({ cells: [{ count: 4, code: 'y', duration_s: 1.5 }] }, null, 2));
    expect(doc.map(e => [e.executionCount, e.source, e.duration])).toEqual([[4, 'y', 1500]]);
    expect(parseCellLog('  ')).toEqual([]);
  });
});
