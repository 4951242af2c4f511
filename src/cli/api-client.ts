// The CLI's line to a running node: DefraDB's HTTP API under `/api/v0`, with the transaction
// header and the identity's bearer token when given. Like DefraDB's Go client it prefixes
// `http://` to a scheme-less URL and turns `{"error": …}` replies into errors. The CLI prints
// route payloads as they come, so it calls routes directly rather than through a client.Store.
import { identityToken } from './identity-token.ts';
import { CliError, parseJSON, stringifyJSON } from './output.ts';

export interface ApiClientOptions {
  /** `--url`: `127.0.0.1:9181`, `localhost:9182`, `https://host:port`. */
  url: string;
  tx?: string;
  identityKey?: Uint8Array;
  authorizedAccount?: string;
}

export interface CallOptions {
  query?: Record<string, string | boolean | undefined>;
  /** JSON body (stringified with exact bigints). */
  json?: unknown;
  /** Raw text body (SDL, policy, version id). */
  text?: string;
}

/** `localhost:9181` → `http://localhost:9181`; `0.0.0.0` is dialled as loopback. */
export function baseUrl(url: string): string {
  let u = url.trim().replace(/\/+$/, '');
  if (!/^[a-z]+:\/\//i.test(u)) u = `http://${u}`;
  return u.replace('://0.0.0.0:', '://127.0.0.1:').replace(/\/api\/v0$/, '');
}

export class ApiClient {
  readonly base: string;
  readonly #audience: string;
  readonly #opts: ApiClientOptions;

  constructor(opts: ApiClientOptions) {
    this.#opts = opts;
    this.base = baseUrl(opts.url);
    this.#audience = opts.url.trim().replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '').toLowerCase();
  }

  #headers(hasText: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json', 'Content-Type': hasText ? 'text/plain' : 'application/json' };
    if (this.#opts.tx !== undefined && this.#opts.tx !== '') h['x-defradb-tx'] = this.#opts.tx;
    if (this.#opts.identityKey) {
      h.Authorization = `Bearer ${identityToken(this.#opts.identityKey, { audience: this.#audience, authorizedAccount: this.#opts.authorizedAccount })}`;
    }
    return h;
  }

  urlFor(path: string, query?: CallOptions['query'], api = true): string {
    const u = new URL(`${this.base}${api ? '/api/v0' : ''}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '' && v !== false) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async fetch(method: string, path: string, o: CallOptions = {}, api = true): Promise<Response> {
    const body = o.text !== undefined ? o.text : o.json !== undefined ? stringifyJSON(o.json) : undefined;
    try {
      return await fetch(this.urlFor(path, o.query, api), { method, headers: this.#headers(o.text !== undefined), body });
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code === 'ECONNREFUSED' ? 'connection refused' : cause?.message ?? (e as Error).message;
      throw new CliError(`failed to reach defradb at ${this.base}: ${why} (is the node running? see --url)`);
    }
  }

  /** Calls a route; returns the decoded JSON body, or undefined for an empty 200. */
  async call(method: string, path: string, o: CallOptions = {}): Promise<unknown> {
    const res = await this.fetch(method, path, o);
    const text = await res.text();
    if (!res.ok) throw new CliError(errorMessage(res.status, text));
    if (text.trim() === '') return undefined;
    try {
      return parseJSON(text);
    } catch {
      return text;
    }
  }

  /** Reads a `text/event-stream` reply, yielding each event's decoded `data:` payload. */
  async *events(method: string, path: string, o: CallOptions = {}): AsyncGenerator<unknown> {
    yield* readEvents(await this.fetch(method, path, o));
  }
}

/** Yields the decoded `data:` payload of each server-sent event of a reply. */
export async function* readEvents(res: Response): AsyncGenerator<unknown> {
  if (!res.ok) throw new CliError(errorMessage(res.status, await res.text()));
  if (!res.body) return;
  const decoder = new TextDecoder();
  let buf = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buf += decoder.decode(chunk, { stream: true });
    let i: number;
    while ((i = buf.indexOf('\n\n')) >= 0) {
      const event = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = event.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
      if (data !== '') yield parseJSON(data);
    }
  }
}

/** DefraDB's client: `{"error": msg}` → msg; a JSON string body → it; else `<status>: <body>`. */
export function errorMessage(status: number, text: string): string {
  try {
    const v = parseJSON(text);
    if (v && typeof v === 'object' && typeof (v as { error?: unknown }).error === 'string') return (v as { error: string }).error;
    if (typeof v === 'string') return v;
  } catch { /* not JSON */ }
  return `${status}: ${text.trim()}`;
}
