import { describe, expect, it } from 'vitest';

import { ModelDBError, ModelDBHttp, encodeQuery } from '../src/api/http';
import { API, BASE_URL, FakeServer, TOKEN } from './fakeServer';

describe('encodeQuery', () => {
  it('uses repeated keys for lists, dotted names for nested fields, and skips absent values', () => {
    expect(
      encodeQuery({ id: 'a b', run_ids: ['1', '2'], page: { number: 2 }, flag: true, none: null, gone: undefined })
    ).toBe('id=a%20b&run_ids=1&run_ids=2&page.number=2&flag=true');
  });
});

describe('ModelDBHttp', () => {
  it('POSTs JSON to the gateway under the base URL with the Jupyter token', async () => {
    const server = new FakeServer().on('ext/queryRuns', { experiment_runs: [], total_records: '0' });
    const http = new ModelDBHttp(server.settings());
    await http.call('POST', 'ext/queryRuns', { project_id: 'p1', query: 'metrics.acc > 0.9' });
    const [request] = server.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url.href).toBe(`${API}ext/queryRuns`);
    expect(request?.headers.get('Authorization')).toBe(`token ${TOKEN}`);
    expect(request?.headers.get('Content-Type')).toBe('application/json');
    expect(request?.body).toEqual({ project_id: 'p1', query: 'metrics.acc > 0.9' });
  });

  it('sends GET requests as a query string without a body', async () => {
    const server = new FakeServer().on('experiment-run/getObservations', { observations: [] });
    const http = new ModelDBHttp(server.settings());
    await http.call('GET', 'experiment-run/getObservations', { id: 'r1', observation_key: 'loss' });
    expect(server.requests[0]?.url.search).toBe('?id=r1&observation_key=loss');
    expect(server.requests[0]?.body).toBeUndefined();
  });

  it('turns the error body into a ModelDBError with status, gRPC code and message', async () => {
    const server = new FakeServer().on('ext/queryRuns', () => ({
      status: 400,
      json: {
        error: 'query syntax error at column 14',
        code: 3,
        message: 'query syntax error at column 14',
        details: []
      }
    }));
    const http = new ModelDBHttp(server.settings());
    const error = await http.call('POST', 'ext/queryRuns', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDBError);
    expect((error as ModelDBError).status).toBe(400);
    expect((error as ModelDBError).code).toBe(3);
    expect((error as ModelDBError).isInvalidArgument).toBe(true);
    expect((error as ModelDBError).message).toBe('query syntax error at column 14');
  });

  it('keeps a non-JSON error text', async () => {
    const server = new FakeServer().otherwise(() => ({ status: 503, text: 'backend down' }));
    const error = await new ModelDBHttp(server.settings()).call('GET', 'x/y').catch((e: unknown) => e);
    expect((error as ModelDBError).status).toBe(503);
    expect((error as ModelDBError).message).toBe('backend down');
  });

  it('reports a network failure as status 0', async () => {
    const server = new FakeServer().otherwise(() => {
      throw new TypeError('Failed to fetch');
    });
    const error = await new ModelDBHttp(server.settings()).call('GET', 'x/y').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelDBError);
    expect((error as ModelDBError).status).toBe(0);
    expect((error as ModelDBError).message).toContain('Failed to fetch');
  });

  it('re-bases artifact URLs of the ModelDB mount onto the page address, and leaves others alone', () => {
    const http = new ModelDBHttp(new FakeServer().settings());
    expect(
      http.ownUrl('http://0.0.0.0:8888/user/jo/modeldb/api/v1/artifact/getArtifact/m.pkl?artifact_path=a/m.pkl')
    ).toBe(`${BASE_URL}modeldb/api/v1/artifact/getArtifact/m.pkl?artifact_path=a/m.pkl`);
    expect(http.ownUrl('https://bucket.s3.amazonaws.com/a/m.pkl?X-Amz-Signature=1')).toBeUndefined();
  });

  it('fetches own artifact bytes with the token and foreign ones without', async () => {
    const server = new FakeServer().otherwise(() => ({ text: 'bytes' }));
    const http = new ModelDBHttp(server.settings());
    const own = await http.fetchBytes(
      'http://localhost:9999/user/jo/modeldb/api/v1/artifact/getArtifact/x?artifact_path=x'
    );
    expect(await own.text()).toBe('bytes');
    await http.fetchBytes('https://s3.example.com/bucket/x?sig=1');
    expect(server.requests[0]?.url.origin).toBe(new URL(BASE_URL).origin);
    expect(server.requests[0]?.headers.get('Authorization')).toBe(`token ${TOKEN}`);
    expect(server.requests[1]?.url.origin).toBe('https://s3.example.com');
    expect(server.requests[1]?.headers.get('Authorization')).toBeNull();
  });
});
