// The wire: node:http(s) requests to `<url>/api/v0…` with DefraDB's headers (JSON accept/type,
// `x-defradb-tx`, `Authorization: Bearer`), errors revived from `{"error"}` (else "<status>: <body>").

import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { parseJSON, stringifyJSON } from '../json.ts';
import { reviveError } from './errors.ts';

export interface HttpClientOptions {
  /** Bearer token for each request; `audience` is the server's `host:port`. */
  token?: (audience: string) => string | Promise<string>;
  /** Extra CA certificate(s) (PEM) to trust for https, e.g. a self-signed node. */
  ca?: string | Uint8Array;
  /** Default true. */
  rejectUnauthorized?: boolean;
  /** Per-request timeout; default none. */
  timeoutMs?: number;
}

export interface CallOptions {
  query?: Record<string, string | boolean | undefined>;
  /** JSON-encoded (bigint-safe) unless `text` is given. */
  json?: unknown;
  text?: string;
  txn?: string;
}

/** `http://` is added when the URL has no scheme; the API prefix is appended. */
export function normaliseBaseUrl(url: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`;
  const u = new URL(withScheme);
  u.pathname = u.pathname.replace(/\/+$/, '') + '/api/v0';
  return u;
}

export class Transport {
  readonly base: URL;
  readonly #opts: HttpClientOptions;
  readonly #agent: HttpAgent;

  constructor(url: string, opts: HttpClientOptions = {}) {
    this.base = normaliseBaseUrl(url);
    this.#opts = opts;
    this.#agent = this.base.protocol === 'https:'
      ? new HttpsAgent({ keepAlive: true, ca: opts.ca === undefined ? undefined : pem(opts.ca), rejectUnauthorized: opts.rejectUnauthorized ?? true })
      : new HttpAgent({ keepAlive: true });
  }

  /** The server's `host:port`, the audience of bearer tokens. */
  get audience(): string {
    return this.base.host;
  }

  /** Sends a request; resolves with the open response (status 200) or rejects with the revived error. */
  async open(method: string, path: string, call: CallOptions = {}): Promise<IncomingMessage> {
    const url = new URL(this.base.href.replace(/\/$/, '') + path);
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined && v !== '') url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': 'application/json' };
    if (call.txn !== undefined) headers['x-defradb-tx'] = call.txn;
    if (this.#opts.token) headers.Authorization = `Bearer ${await this.#opts.token(this.audience)}`;
    const body = call.text ?? (call.json === undefined ? undefined : stringifyJSON(call.json));
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, { method, headers, agent: this.#agent, timeout: this.#opts.timeoutMs }, resolve);
      req.on('error', reject);
      req.on('timeout', () => req.destroy(new Error(`request timed out: ${method} ${url.pathname}`)));
      req.end(body);
    });
    if (res.statusCode === 200) return res;
    throw reviveError(res.statusCode ?? 0, await readAll(res));
  }

  /** The response body as text ('' for an empty 200). */
  async text(method: string, path: string, call?: CallOptions): Promise<string> {
    return readAll(await this.open(method, path, call));
  }

  /** The response body as JSON (bigint-safe); `undefined` for an empty body. */
  async json<T>(method: string, path: string, call?: CallOptions): Promise<T> {
    const text = await this.text(method, path, call);
    return (text.trim() === '' ? undefined : parseJSON(text)) as T;
  }

  close(): void {
    this.#agent.destroy();
  }
}

const pem = (v: string | Uint8Array) => (typeof v === 'string' ? v : Buffer.from(v));

export async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of res as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks).toString('utf8');
}
