import { describe, expect, it } from 'vitest';

import { ModelDBClient, int64 } from '../src/api/client';
import { ModelDBHttp } from '../src/api/http';
import { FakeServer } from './fakeServer';

function clientOf(server: FakeServer): ModelDBClient {
  return new ModelDBClient(new ModelDBHttp(server.settings()));
}

describe('int64', () => {
  it('reads wire strings and numbers, treating absent as 0', () => {
    expect(int64('1795898006707')).toBe(1795898006707);
    expect(int64(12)).toBe(12);
    expect(int64(undefined)).toBe(0);
    expect(int64('')).toBe(0);
    expect(int64('x')).toBe(0);
  });
});

describe('ModelDBClient', () => {
  it('lists projects sorted by name and converts total_records', async () => {
    const server = new FakeServer().on('project/findProjects', {
      projects: [{ id: 'p1', name: 'demo' }],
      total_records: '1'
    });
    const page = await clientOf(server).findProjects();
    expect(page).toEqual({ items: [{ id: 'p1', name: 'demo' }], total: 1 });
    expect(server.requests[0]?.body).toMatchObject({ sort_key: 'name', ascending: true, page_number: 1 });
  });

  it('treats omitted lists as empty (proto3 defaults are left out of responses)', async () => {
    const server = new FakeServer().on('project/findProjects', {}).on('ext/queryRuns', {});
    const client = clientOf(server);
    expect(await client.findProjects()).toEqual({ items: [], total: 0 });
    expect(await client.queryRuns({})).toEqual({ runs: [], total: 0, states: [] });
  });

  it('asks getSummary with the proto field name entityId', async () => {
    const server = new FakeServer().on('project/getSummary', { total_experiment: '2', total_experiment_runs: '5' });
    const summary = await clientOf(server).getSummary('p1');
    expect(server.requests[0]?.method).toBe('GET');
    expect(server.requests[0]?.url.searchParams.get('entityId')).toBe('p1');
    expect(int64(summary.total_experiment_runs)).toBe(5);
  });

  it('counts runs of an experiment with an ids-only query of one row', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: [{ id: 'r1' }], total_records: '42' });
    expect(await clientOf(server).countRuns('e1')).toBe(42);
    expect(server.requests[0]?.body).toEqual({ experiment_id: 'e1', ids_only: true, page_number: 1, page_limit: 1 });
  });

  it('returns queryRuns states with the runs', async () => {
    const server = new FakeServer().on('ext/queryRuns', {
      experiment_runs: [{ id: 'r1' }, { id: 'r2' }],
      total_records: '7',
      states: [{ run_id: 'r1', status: 'RUNNING' }]
    });
    const result = await clientOf(server).queryRuns({ project_id: 'p', query: "tags contains 'x'" });
    expect(result.total).toBe(7);
    expect(result.runs.map(r => r.id)).toEqual(['r1', 'r2']);
    expect(result.states).toEqual([{ run_id: 'r1', status: 'RUNNING' }]);
  });

  it('skips the request for metric history and states of no runs', async () => {
    const server = new FakeServer();
    const client = clientOf(server);
    expect(await client.getMetricHistory([])).toEqual([]);
    expect(await client.getRunStates([])).toEqual([]);
    expect(server.requests).toHaveLength(0);
  });

  it('asks getUrlForArtifact for a GET URL and fails clearly without one', async () => {
    const server = new FakeServer().on('experiment-run/getUrlForArtifact', r =>
      r.body?.key === 'model' ? { json: { url: 'http://x/modeldb/api/v1/artifact/getArtifact/m' } } : { json: {} }
    );
    const client = clientOf(server);
    expect(await client.artifactUrl('r1', 'model')).toBe('http://x/modeldb/api/v1/artifact/getArtifact/m');
    expect(server.requests[0]?.body).toEqual({ id: 'r1', key: 'model', method: 'GET' });
    await expect(client.artifactUrl('r1', 'other')).rejects.toThrow('no download URL for artifact other');
  });

  it('reads the runs of a dataset version with a GET query', async () => {
    const server = new FakeServer().on('experiment-run/getExperimentRunsByDatasetVersionId', {
      experiment_runs: [{ id: 'r9' }],
      total_records: '1'
    });
    const page = await clientOf(server).runsOfDatasetVersion('dv1');
    expect(page.items.map(r => r.id)).toEqual(['r9']);
    expect(server.requests[0]?.url.searchParams.get('dataset_version_id')).toBe('dv1');
  });

  it('fails getRun when the server returns no run', async () => {
    const server = new FakeServer().on('experiment-run/getExperimentRunById', {});
    await expect(clientOf(server).getRun('r1')).rejects.toThrow('run r1 was not returned');
  });
});
