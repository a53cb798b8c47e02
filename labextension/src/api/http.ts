/**
 * The one place that talks HTTP: every call goes through JupyterLab's ServerConnection, which adds the token
 * and the XSRF header, under `{base_url}modeldb/`.
 */
import { URLExt } from '@jupyterlab/coreutils';
import { ServerConnection } from '@jupyterlab/services';

import type { ErrorBody, JsonValue } from './types';

/** The server extension's mount point, relative to Jupyter's base URL. */
export const MOUNT = 'modeldb';
/** Where the REST gateway lives under the mount (the proto paths with `/v1` replaced by this). */
export const API_PREFIX = 'api/v1/modeldb';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** A failed call: the HTTP status plus the gRPC code and message of the error body. */
export class ModelDBError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number | undefined = undefined
  ) {
    super(message);
    this.name = 'ModelDBError';
  }

  /** 400 (gRPC INVALID_ARGUMENT): the request itself is wrong, e.g. a query with a syntax error. */
  get isInvalidArgument(): boolean {
    return this.status === 400;
  }
}

type QueryValue = JsonValue | undefined;

/**
 * grpc-gateway's query-string form of a GET request: repeated keys for lists, `a.b=` for nested fields,
 * booleans as true/false; undefined and null fields are left out.
 */
export function encodeQuery(params: { [key: string]: QueryValue }): string {
  const parts: string[] = [];
  const add = (name: string, value: QueryValue): void => {
    if (value === undefined || value === null) {
      return;
    }
    if (Array.isArray(value)) {
      value.forEach(item => add(name, item));
    } else if (typeof value === 'object') {
      Object.entries(value).forEach(([key, inner]) => add(`${name}.${key}`, inner));
    } else {
      parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`);
    }
  };
  Object.entries(params).forEach(([key, value]) => add(key, value));
  return parts.join('&');
}

async function errorFrom(response: Response): Promise<ModelDBError> {
  const text = await response.text();
  let body: ErrorBody | undefined;
  try {
    body = JSON.parse(text) as ErrorBody;
  } catch {
    body = undefined;
  }
  const message = body?.message || body?.error || text.trim() || response.statusText || 'request failed';
  return new ModelDBError(message, response.status, body?.code);
}

/** Calls the REST gateway mounted in the Jupyter server. */
export class ModelDBHttp {
  constructor(readonly settings: ServerConnection.ISettings = ServerConnection.makeSettings()) {}

  /** The absolute URL of `{base_url}modeldb/<path>`. */
  url(...path: string[]): string {
    return URLExt.join(this.settings.baseUrl, MOUNT, ...path);
  }

  /**
   * One RPC: `path` is the gateway path after `/api/v1/modeldb/` (e.g. `ext/queryRuns`); `prefix` names another
   * of the gateway's prefixes (the registry's `api/v1/registry`).
   */
  async call<T>(
    method: HttpMethod,
    path: string,
    request: { [key: string]: QueryValue } = {},
    prefix: string = API_PREFIX
  ): Promise<T> {
    let url = this.url(prefix, path);
    const init: RequestInit = { method };
    if (method === 'GET') {
      const query = encodeQuery(request);
      url = query ? `${url}?${query}` : url;
    } else {
      init.body = JSON.stringify(request);
      init.headers = { 'Content-Type': 'application/json' };
    }
    return (await this.json(url, init)) as T;
  }

  /**
   * The bytes behind an artifact URL. URLs of this Jupyter server's ModelDB mount go through ServerConnection
   * (so they carry the token); others (presigned object-store URLs) are fetched as they are, without our
   * credentials.
   */
  async fetchBytes(url: string): Promise<Blob> {
    const own = this.ownUrl(url);
    const response = own
      ? await ServerConnection.makeRequest(own, { method: 'GET' }, this.settings)
      : await this.settings.fetch.call(undefined, url, { method: 'GET', credentials: 'omit' });
    if (!response.ok) {
      throw await errorFrom(response);
    }
    return response.blob();
  }

  /**
   * A URL under this server's ModelDB mount, re-based onto the address the page uses (the server names itself
   * by the address it listens on, which behind a proxy or via "localhost" is not the page's origin);
   * undefined for any other URL.
   */
  ownUrl(url: string): string | undefined {
    const base = new URL(this.settings.baseUrl, globalThis.location?.href ?? 'http://localhost/');
    const target = new URL(url, base);
    const mount = new URL(`${MOUNT}/`, base);
    if (!target.pathname.startsWith(mount.pathname)) {
      return undefined;
    }
    return `${base.origin}${target.pathname}${target.search}`;
  }

  private async json(url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    try {
      response = await ServerConnection.makeRequest(url, init, this.settings);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ModelDBError(`cannot reach the Jupyter server: ${reason}`, 0);
    }
    if (!response.ok) {
      throw await errorFrom(response);
    }
    const text = await response.text();
    return text ? (JSON.parse(text) as unknown) : {};
  }
}
