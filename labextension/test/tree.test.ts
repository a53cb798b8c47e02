import { describe, expect, it } from 'vitest';

import { ModelDBClient } from '../src/api/client';
import { ModelDBHttp } from '../src/api/http';
import { loadExperiments, loadProjects, mapLimited } from '../src/model/tree';
import { FakeServer } from './fakeServer';

describe('project tree', () => {
  it('loads projects with experiment and run counts from getSummary', async () => {
    const server = new FakeServer()
      .on('project/findProjects', {
        projects: [
          { id: 'p1', name: 'a' },
          { id: 'p2', name: 'b' }
        ],
        total_records: '2'
      })
      .on('project/getSummary', r =>
        r.url.searchParams.get('entityId') === 'p1'
          ? { json: { total_experiment: '2', total_experiment_runs: '5' } }
          : { json: {} }
      );
    const nodes = await loadProjects(new ModelDBClient(new ModelDBHttp(server.settings())));
    expect(nodes.map(n => [n.project.id, n.experimentCount, n.runCount])).toEqual([
      ['p1', 2, 5],
      ['p2', 0, 0]
    ]);
  });

  it('loads the experiments of a project with their run counts', async () => {
    const server = new FakeServer()
      .on('experiment/findExperiments', {
        experiments: [
          { id: 'e1', name: 'x' },
          { id: 'e2', name: 'y' }
        ]
      })
      .on('ext/queryRuns', r => ({ json: { total_records: r.body?.experiment_id === 'e1' ? '3' : '0' } }));
    const nodes = await loadExperiments(new ModelDBClient(new ModelDBHttp(server.settings())), 'p1');
    expect(nodes.map(n => [n.experiment.id, n.runCount])).toEqual([
      ['e1', 3],
      ['e2', 0]
    ]);
    expect(server.calls('experiment/findExperiments')[0]?.body).toMatchObject({ project_id: 'p1' });
  });

  it('propagates a failure', async () => {
    const server = new FakeServer().on('project/findProjects', () => ({
      status: 503,
      json: { message: 'no backend' }
    }));
    await expect(loadProjects(new ModelDBClient(new ModelDBHttp(server.settings())))).rejects.toThrow('no backend');
  });
});

describe('mapLimited', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimited(
      [5, 1, 4, 2, 3],
      async n => {
        running++;
        peak = Math.max(peak, running);
        await new Promise(r => setTimeout(r, n));
        running--;
        return n * 10;
      },
      2
    );
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
    expect(await mapLimited([], async () => 1)).toEqual([]);
  });
});
