// `createHttpClient(url)`: a `client.Store` talking to a DefraDB node's HTTP API, plus the P2P,
// ACP and node facades and a raw `request` for the routes outside the Store contract (view, lens).

import type { Store } from '../../client/index.ts';
import { HttpDB } from './db.ts';
import { HttpACP, HttpNode, HttpP2P } from './facades.ts';
import { Transport } from './transport.ts';
import type { CallOptions, HttpClientOptions } from './transport.ts';
import { HttpTxn } from './txn.ts';

export class HttpStoreClient extends HttpDB implements Store {
  readonly p2p: HttpP2P;
  readonly acp: HttpACP;
  readonly node: HttpNode;

  constructor(url: string, opts: HttpClientOptions = {}) {
    super(new Transport(url, opts));
    this.p2p = new HttpP2P(this.transport);
    this.acp = new HttpACP(this.transport);
    this.node = new HttpNode(this.transport);
  }

  /** `http(s)://host:port/api/v0`. */
  get baseUrl(): string {
    return this.transport.base.href;
  }

  async newTxn(readOnly = false): Promise<HttpTxn> {
    return this.#open('/tx', readOnly);
  }

  /** `POST /tx/concurrent`. */
  async newConcurrentTxn(readOnly = false): Promise<HttpTxn> {
    return this.#open('/tx/concurrent', readOnly);
  }

  async #open(path: string, readOnly: boolean): Promise<HttpTxn> {
    const res = await this.transport.json<{ id: number | bigint }>('POST', path, { query: { read_only: readOnly || undefined } });
    return new HttpTxn(this.transport, String(res.id), readOnly);
  }

  /** A handle on a transaction opened elsewhere (the CLI's `--tx <id>`). */
  txn(id: number | bigint | string, readOnly = false): HttpTxn {
    return new HttpTxn(this.transport, String(id), readOnly);
  }

  /** Any API route, e.g. `request('POST', '/view', {json: {...}})`; resolves the JSON answer. */
  request<T = unknown>(method: string, path: string, call?: CallOptions): Promise<T> {
    return this.transport.json<T>(method, path, call);
  }

  /** Closes the client's connections (the node keeps running). */
  async close(): Promise<void> {
    this.transport.close();
  }
}

export function createHttpClient(url: string, opts?: HttpClientOptions): HttpStoreClient {
  return new HttpStoreClient(url, opts);
}
