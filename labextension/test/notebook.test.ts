import { describe, expect, it } from 'vitest';

import { ModelDBClient } from '../src/api/client';
import { ModelDBHttp } from '../src/api/http';
import { activeRunOfKernel, runOfNotebook, sameNotebook } from '../src/model/notebookRun';
import { artifactRole, cellLogFromObservations, parseCellLog, parseNotebook } from '../src/model/notebookSnapshot';
import { FakeServer } from './fakeServer';

function client(server: FakeServer): ModelDBClient {
  return new ModelDBClient(new ModelDBHttp(server.settings()));
}

describe('the run of a notebook', () => {
  it('asks queryRuns for the kernel id attribute and picks the RUNNING run', async () => {
    const server = new FakeServer().on('ext/queryRuns', {
      experiment_runs: [
        { id: 'new', name: 'n' },
        { id: 'old', name: 'o' }
      ],
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

  it('falls back to the newest run of the kernel, then of the notebook path (relative or absolute)', async () => {
    const path = (id: string, key: string, value: string) => ({ id, attributes: [{ key, value }] });
    const server = new FakeServer().on('ext/queryRuns', r => ({
      json: String(r.body?.query).includes('notebook')
        ? {
            experiment_runs: [
              path('other-dir', 'jupyter.notebook_path', '/srv/old/train.ipynb.bak'),
              path('absolute', 'jupyter.notebook_path', '/home/jo/work/train.ipynb'),
              path('magics', 'notebook.path', 'work/train.ipynb')
            ]
          }
        : {}
    }));
    const found = await runOfNotebook(client(server), 'k', 'work/train.ipynb');
    expect(found?.run.id).toBe('absolute');
    expect(server.requests.map(r => r.body?.query)).toEqual([
      "attributes.jupyter.kernel_id == 'k'",
      "attributes.jupyter.notebook_path contains 'train.ipynb' or attributes.notebook.path contains 'train.ipynb'"
    ]);
    expect(await runOfNotebook(client(new FakeServer()), undefined, undefined)).toBeUndefined();
  });

  it('matches recorded notebook paths to the path Lab shows', () => {
    expect(sameNotebook('work/train.ipynb', 'work/train.ipynb')).toBe(true);
    expect(sameNotebook('/home/jo/work/train.ipynb', 'work/train.ipynb')).toBe(true);
    expect(sameNotebook('/home/jo/notwork/train.ipynb', 'work/train.ipynb')).toBe(false);
    expect(sameNotebook('/home/jo/mytrain.ipynb', 'train.ipynb')).toBe(false);
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
      { type: 'markdown', source: '# Title', executionCount: null, output: '', outcome: null, outputSummary: [] },
      {
        type: 'code',
        source: 'x = 1\nx',
        executionCount: 3,
        output: '1\nhi\nValueError: bad\n',
        outcome: null,
        outputSummary: []
      }
    ]);
    expect(() => parseNotebook('{"a": 1}')).toThrow('not a Jupyter notebook');
  });

  it('reads the outcome and output summaries the notebook client stores instead of outputs', () => {
    const [cell] = parseNotebook(
      JSON.stringify({
        cells: [
          {
            cell_type: 'code',
            execution_count: 2,
            source: 'df',
            outputs: [],
            metadata: {
              modeldb: {
                outcome: 'KeyError',
                outputs: [
                  { output_type: 'stream', name: 'stdout', bytes: 2048 },
                  { output_type: 'display_data', mime: ['image/png', 'text/plain'], bytes: 100 },
                  { output_type: 'execute_result', type: 'DataFrame' }
                ]
              }
            }
          }
        ]
      })
    );
    expect(cell?.outcome).toBe('KeyError');
    expect(cell?.outputSummary).toEqual([
      'stream stdout, 2.0 KiB',
      'display_data image/png, text/plain, 100 B',
      'execute_result DataFrame'
    ]);
  });

  it('reads the cell log the notebook client records as "cell" observations', () => {
    const entries = cellLogFromObservations([
      {
        attribute: {
          key: 'cell',
          value: {
            execution_count: 4,
            source: 'fit()',
            start: 2000,
            end: 2600,
            duration_ms: 600,
            outcome: 'error',
            error: { type: 'ValueError', message: 'bad lr' },
            warnings: [{ kind: 'hidden_state', names: ['x'], message: 'x was not defined by this run' }],
            outputs: [{ output_type: 'stream', name: 'stderr', bytes: 10 }]
          }
        },
        timestamp: '2000'
      },
      { attribute: { key: 'cell', value: { execution_count: 3, source: 'x = 1', start: 1000, outcome: 'ok' } } },
      { attribute: { key: 'loss', value: 0.5 } },
      { attribute: { key: 'cell', value: 'not a record' } }
    ]);
    expect(entries.map(e => [e.executionCount, e.success, e.time, e.duration])).toEqual([
      [3, true, 1000, null],
      [4, false, 2000, 600]
    ]);
    expect(entries[1]?.error).toBe('ValueError: bad lr');
    expect(entries[1]?.warnings).toEqual(['x was not defined by this run']);
    expect(entries[1]?.outputs).toEqual(['stream stderr, 10 B']);
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
