import { describe, expect, it } from 'vitest';

import { ModelDBHttp } from '../src/api/http';
import { VersioningApi } from '../src/api/versioning';
import { blobSummary, blobType, diffRows, refLabels, shortSha } from '../src/model/versioning';
import { FakeServer } from './fakeServer';

describe('blob summaries', () => {
  it('names the kind and says what each blob holds', () => {
    const config = { config: { hyperparameters: [{ name: 'lr', value: { float_value: 0.01 } }] } };
    const path = {
      dataset: {
        path: {
          components: [
            { path: 'a.csv', size: '1024' },
            { path: 'b.csv', size: '1024' }
          ]
        }
      }
    };
    const python = {
      environment: {
        python: { version: { major: 3, minor: 11 }, requirements: [{ library: 'numpy', constraint: '==' }] }
      }
    };
    const git = { code: { git: { repo: 'git@x:r.git', hash: '0123456789abcdef', is_dirty: true } } };
    expect([blobType(config), blobSummary(config)]).toEqual(['config', 'lr=0.01']);
    expect([blobType(path), blobSummary(path)]).toEqual(['dataset.path', '2 files, 2.0 KiB']);
    expect([blobType(python), blobSummary(python)]).toEqual(['environment.python', 'Python 3.11.0, 1 requirement']);
    expect([blobType(git), blobSummary(git)]).toEqual(['code.git', 'git@x:r.git@01234567 (dirty)']);
  });
});

describe('diffRows', () => {
  it('flattens a typed diff into element rows, old → new', () => {
    const rows = diffRows([
      {
        location: ['config', 'train'],
        status: 'MODIFIED',
        config: {
          hyperparameters: [
            {
              status: 'MODIFIED',
              A: { name: 'lr', value: { float_value: 0.01 } },
              B: { name: 'lr', value: { float_value: 0.001 } }
            },
            { status: 'ADDED', B: { name: 'epochs', value: { int_value: '5' } } }
          ]
        }
      },
      {
        location: ['env'],
        status: 'MODIFIED',
        environment: {
          python: {
            requirements: [
              {
                status: 'MODIFIED',
                A: { library: 'pytest', constraint: '==', version: { major: 1 } },
                B: { library: 'pytest', constraint: '==', version: { major: 2 } }
              }
            ]
          }
        }
      }
    ]);
    expect(rows).toEqual([
      {
        location: 'config/train',
        status: 'MODIFIED',
        type: 'config',
        elements: [
          { element: 'hyperparameters lr', status: 'MODIFIED', old: '0.01', new: '0.001' },
          { element: 'hyperparameters epochs', status: 'ADDED', old: '', new: '5' }
        ]
      },
      {
        location: 'env',
        status: 'MODIFIED',
        type: 'environment.python',
        elements: [
          { element: 'python requirements pytest', status: 'MODIFIED', old: 'pytest==1.0.0', new: 'pytest==2.0.0' }
        ]
      }
    ]);
  });

  it('labels commits with the branches and tags at them', () => {
    const labels = refLabels([
      ['master', { commit_sha: 'a' }],
      ['v1', { commit_sha: 'a' }],
      ['dev', { commit_sha: 'b' }]
    ]);
    expect(labels.get('a')).toEqual(['master', 'v1']);
    expect(shortSha('0123456789')).toBe('01234567');
  });
});

describe('VersioningApi', () => {
  it('reads by repository id and escapes branch names in paths', async () => {
    const server = new FakeServer()
      .on('versioning/repositories/7/branches/feature%2Fx/log', { commits: [{ commit_sha: 'c2' }] })
      .on('versioning/repositories/7/diff', { diffs: [] })
      .on('lineage/findAllInputsOutputs', { inputs: [{ items: [{ type: 'EXPERIMENT_RUN', external_id: 'r1' }] }] });
    const api = new VersioningApi(new ModelDBHttp(server.settings()));
    expect(await api.log('7', { branch: 'feature/x' })).toEqual([{ commit_sha: 'c2' }]);
    expect(await api.diff('7', 'c1', 'c2')).toEqual([]);
    expect(server.calls('versioning/repositories/7/diff')[0]?.url.searchParams.get('commit_a')).toBe('c1');
    expect(await api.runLineage('r2')).toEqual({
      inputs: [{ type: 'EXPERIMENT_RUN', external_id: 'r1' }],
      outputs: []
    });
    expect(server.calls('lineage/findAllInputsOutputs')[0]?.body).toEqual({
      items: [{ type: 'EXPERIMENT_RUN', external_id: 'r2' }]
    });
  });
});
