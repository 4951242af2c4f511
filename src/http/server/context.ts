// What a handler sees: the parsed request, the DB it runs on (the Store, or the open Txn named by
// `x-defradb-tx`, scoped to the caller's identity), the resolved collection, and the facades.

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Collection, DB, Store } from '../../client/index.ts';
import type { Logger } from '../../util/index.ts';
import type { ACPApi, NodeApi, P2PApi } from '../api.ts';
import { parseBodyJSON, readBody } from './body.ts';
import { HttpError, openEventStream, sendEmpty, sendJSON } from './respond.ts';
import type { EventStream } from './respond.ts';
import type { TxnTable } from './txn-table.ts';

/** Everything the handlers share; built once per server. */
export interface ServerDeps {
  store: Store;
  p2p?: P2PApi;
  acp?: ACPApi;
  node?: NodeApi;
  txns: TxnTable;
  maxBodyBytes: number;
  logger: Logger;
  /** Open SSE streams, ended when the server closes. */
  streams: Set<EventStream>;
}

export class RequestContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly deps: ServerDeps;
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  /** The Store or the request's Txn, scoped to `identity` when auth is configured. */
  db: DB;
  identity: unknown = undefined;
  #collection: Collection | undefined;
  #body: Promise<Buffer> | undefined;

  constructor(req: IncomingMessage, res: ServerResponse, deps: ServerDeps, params: Record<string, string>, url: URL) {
    this.req = req;
    this.res = res;
    this.deps = deps;
    this.params = params;
    this.query = url.searchParams;
    this.db = deps.store;
  }

  get collection(): Collection {
    if (!this.#collection) throw new Error('route has no collection');
    return this.#collection;
  }

  set collection(c: Collection) {
    this.#collection = c;
  }

  async bodyText(): Promise<string> {
    this.#body ??= readBody(this.req, this.deps.maxBodyBytes);
    return (await this.#body).toString('utf8');
  }

  /** The JSON body; `undefined` when the body is empty. */
  async bodyJSON(): Promise<unknown> {
    return parseBodyJSON(await this.bodyText());
  }

  /** The JSON body, which must be an object (else 400 `invalid request body`). */
  async bodyObject(): Promise<Record<string, unknown>> {
    const v = await this.bodyJSON();
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'invalid request body');
    return v as Record<string, unknown>;
  }

  /** The JSON body, which must be an array of strings. */
  async bodyStrings(): Promise<string[]> {
    const v = await this.bodyJSON();
    if (v === null) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new HttpError(400, 'invalid request body');
    return v as string[];
  }

  /** Go `strconv.ParseBool` of a query parameter; absent → `undefined`. */
  queryBool(name: string): boolean | undefined {
    const v = this.query.get(name);
    if (v === null || v === '') return undefined;
    if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(v)) return true;
    if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(v)) return false;
    throw new HttpError(400, `invalid boolean value for ${name}: ${v}`);
  }

  queryString(name: string): string | undefined {
    const v = this.query.get(name);
    return v === null || v === '' ? undefined : v;
  }

  json(value: unknown, status = 200): void {
    sendJSON(this.res, status, value);
  }

  empty(): void {
    sendEmpty(this.res);
  }

  /** Opens an SSE response registered with the server so `close()` can end it. */
  eventStream(): EventStream {
    const s = openEventStream(this.req, this.res);
    this.deps.streams.add(s);
    void s.done.then(() => this.deps.streams.delete(s));
    return s;
  }
}
