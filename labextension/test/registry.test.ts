import { describe, expect, it } from 'vitest';

import { ModelDBHttp } from '../src/api/http';
import { RegistryApi } from '../src/api/registry';
import { auditedFrom, historyText, lockLabel, stageHistory, stageLabel, versionArtifacts } from '../src/model/registry';
import { BASE_URL, FakeServer } from './fakeServer';

const REGISTRY = new URL(`${BASE_URL}modeldb/api/v1/registry/`).pathname;

describe('stage history', () => {
  it('orders activities newest first and names the stage each update started from', () => {
    const rows = stageHistory([
      { id: '3', time_created: '3000', author_id: 'bo', update: { stage: 'PRODUCTION' }, comment: 'ship it' },
      { id: '1', time_created: '1000', author_id: 'jo', update: { stage: 'STAGING' } },
      { id: '2', time_created: '2000', author_id: 'jo', comment: 'looks good' }
    ]);
    expect(rows.map(r => [r.id, r.kind, r.from, r.to])).toEqual([
      ['3', 'update', 'STAGING', 'PRODUCTION'],
      ['2', 'comment', undefined, undefined],
      ['1', 'update', 'UNASSIGNED', 'STAGING']
    ]);
    expect(rows.map(historyText)).toEqual(['staging → production', 'comment', 'unassigned → staging']);
    expect(rows[0]?.comment).toBe('ship it');
  });

  it('takes "from" out of the audit trail when it has it (a version created in a stage)', () => {
    const from = auditedFrom([
      { id: '1', changes: { stage: { from: 'STAGING', to: 'PRODUCTION' }, comment: '', activity_id: 8 } },
      { id: '2', changes: { labels: ['x'] } }
    ]);
    expect([...from]).toEqual([['8', 'STAGING']]);
    const [row] = stageHistory([{ id: '8', update: { stage: 'PRODUCTION' } }], from);
    expect(row && historyText(row)).toBe('staging → production');
  });

  it('describes transitions by their own source and target', () => {
    const [row] = stageHistory([
      { id: '5', transition: { source_stage: 'STAGING', desired_stage: 'PRODUCTION', state: 'PENDING' } }
    ]);
    expect(row && historyText(row)).toBe('transition requested: staging → production');
  });

  it('words stages and locks as the panel shows them', () => {
    expect([stageLabel('PRODUCTION'), stageLabel(undefined), stageLabel('UNKNOWN')]).toEqual(['production', '—', '—']);
    expect([lockLabel(undefined), lockLabel('OPEN'), lockLabel('CLOSED'), lockLabel('REDACT')]).toEqual([
      'open',
      'open',
      'closed',
      'redact'
    ]);
  });

  it('lists the model artifact first, under the key the client downloads it by', () => {
    const keys = versionArtifacts({
      id: '1',
      model: { key: '', path: 'sha/model.pkl', artifact_type: 'MODEL' },
      artifacts: [{ key: 'weights', path: 'sha/weights' }]
    }).map(a => a.key);
    expect(keys).toEqual(['model', 'weights']);
    expect(versionArtifacts({ id: '1' })).toEqual([]);
  });
});

describe('RegistryApi', () => {
  it('calls the registry prefix with the protos paths and reads counts from total_records', async () => {
    const server = new FakeServer();
    const api = new RegistryApi(new ModelDBHttp(server.settings()));
    server
      .on(`${REGISTRY}registered_models/find`, { registered_models: [{ id: '7', name: 'churn' }], total_records: '1' })
      .on(`${REGISTRY}registered_models/7/model_versions/find`, {
        model_versions: [{ id: '12', version: 'v3', stage: 'STAGING' }],
        total_records: '3'
      })
      .on(`${REGISTRY}stage/updateStage`, { id: '1', update: { stage: 'PRODUCTION' } });

    const models = await api.findModels();
    expect(models).toEqual({ items: [{ id: '7', name: 'churn' }], total: 1 });
    const summary = await api.summary(models.items[0]!);
    expect(summary.versionCount).toBe(3);
    expect(summary.newest?.stage).toBe('STAGING');
    const [find] = server.calls(`${REGISTRY}registered_models/7/model_versions/find`);
    expect(find?.body).toMatchObject({
      pagination: { page_number: 1, page_limit: 1 },
      sort_key: 'time_created',
      ascending: false
    });

    await api.updateStage('12', 'PRODUCTION', 'ship');
    const [update] = server.calls(`${REGISTRY}stage/updateStage`);
    expect(update?.method).toBe('POST');
    expect(update?.body).toEqual({ model_version_id: '12', stage: 'PRODUCTION', comment: 'ship' });
  });

  it('asks ExtensionService for a run’s versions and a version’s source', async () => {
    const server = new FakeServer();
    const api = new RegistryApi(new ModelDBHttp(server.settings()));
    server
      .on('ext/listRunModelVersions', { model_versions: [{ model_version_id: '4', registered_model_name: 'churn' }] })
      .on('ext/getModelVersionSource', { experiment_run_id: 'run-1', experiment_run_name: 'train' });
    expect(await api.versionsOfRun('run-1')).toEqual([{ model_version_id: '4', registered_model_name: 'churn' }]);
    expect(server.calls('ext/listRunModelVersions')[0]?.body).toEqual({ experiment_run_id: 'run-1' });
    expect((await api.getSource('4')).experiment_run_name).toBe('train');
    expect(server.calls('ext/getModelVersionSource')[0]?.body).toEqual({ model_version_id: '4' });
  });
});
