/**
 * The HTTP boundary for tests: a fake `fetch` handed to JupyterLab's real ServerConnection. Everything above it
 * (ServerConnection, our client, models) runs for real; requests are recorded for assertions.
 */
import { ServerConnection } from '@jupyterlab/services';

export const BASE_URL = 'http://127.0.0.1:8888/user/jo/';
export const TOKEN = 'secret-token';
export const API = `${BASE_URL}modeldb/api/v1/modeldb/`;

export interface Recorded {
  method: string;
  /** The request URL without ServerConnection's cache-busting `&<timestamp>` parameter. */
  url: URL;
  /** The RPC path after /api/v1/modeldb/ (e.g. "ext/queryRuns"). */
  rpc: string;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
}

type Handler = (request: Recorded) => Reply | Promise<Reply>;

export class FakeServer {
  readonly requests: Recorded[] = [];
  private readonly handlers = new Map<string, Handler>();
  private fallback: Handler = r => ({
    status: 404,
    json: { error: 'Not Found', code: 5, message: `no route ${r.rpc}` }
  });

  /** Answer `rpc` (e.g. "ext/queryRuns") with `handler`, or with a fixed JSON body. */
  on(rpc: string, handler: Handler): this;
  on(rpc: string, json: object): this;
  on(rpc: string, answer: Handler | object): this {
    this.handlers.set(rpc, typeof answer === 'function' ? (answer as Handler) : () => ({ json: answer }));
    return this;
  }

  otherwise(handler: Handler): this {
    this.fallback = handler;
    return this;
  }

  calls(rpc: string): Recorded[] {
    return this.requests.filter(r => r.rpc === rpc);
  }

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(request.url);
    const params = new URLSearchParams([...url.searchParams].filter(([k, v]) => !(/^\d+$/.test(k) && v === '')));
    url.search = params.toString();
    const text = await request.text();
    const recorded: Recorded = {
      method: request.method,
      url,
      rpc: url.href.startsWith(API) ? (url.href.slice(API.length).split('?')[0] ?? '') : url.pathname,
      headers: request.headers,
      body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined
    };
    this.requests.push(recorded);
    const handler = this.handlers.get(recorded.rpc) ?? this.fallback;
    const reply = await handler(recorded);
    const body = reply.text ?? JSON.stringify(reply.json ?? {});
    return new Response(body, { status: reply.status ?? 200, headers: { 'Content-Type': 'application/json' } });
  };

  settings(): ServerConnection.ISettings {
    return ServerConnection.makeSettings({
      baseUrl: BASE_URL,
      wsUrl: BASE_URL.replace('http', 'ws'),
      token: TOKEN,
      fetch: this.fetch,
      Request,
      Headers
    });
  }
}

/** A promise with its resolve exposed, to answer requests out of order. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}
