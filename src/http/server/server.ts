// The HTTP server: node:http or node:https, outer middleware (CORS, panic → 500), the paths outside
// the API, then per API request: route match, tx header, bearer auth, collection lookup, handler.

import { createServer as createHttp } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { DB, Store } from '../../client/index.ts';
import { silentLogger } from '../../util/index.ts';
import type { Logger } from '../../util/index.ts';
import type { ACPApi, NodeApi, P2PApi } from '../api.ts';
import { DEFAULT_MAX_BODY_BYTES } from './body.ts';
import { RequestContext } from './context.ts';
import type { ServerDeps } from './context.ts';
import { Cors } from './cors.ts';
import { healthCheck, notFound, serveAsset } from './handlers/misc.ts';
import type { StaticAssets } from './handlers/misc.ts';
import { openApiDocument } from './openapi.ts';
import { HttpError, sendError } from './respond.ts';
import type { EventStream } from './respond.ts';
import { Router } from './router.ts';
import type { Route } from './router.ts';
import { API_BASE, API_VERSION, apiRoutes } from './routes.ts';
import { TX_HEADER, TxnTable } from './txn-table.ts';

/** Bearer-token verification, supplied by the node (http cannot import acp). */
export interface HttpAuth {
  /** The identity behind `token` for this Host (audience); reject → `403 forbidden`. */
  verify(token: string, host: string): Promise<unknown>;
  /** The DB (Store or Txn) as seen by `identity`; default: unchanged. */
  scope?(db: DB, identity: unknown): DB;
}

export interface HttpServerOptions {
  store: Store;
  p2p?: P2PApi;
  acp?: ACPApi;
  node?: NodeApi;
  /** Without it `Authorization` headers are ignored and every request is anonymous. */
  auth?: HttpAuth;
  /** `host:port` (scheme optional); port 0 picks a free port. Default `127.0.0.1:9181`. */
  address?: string;
  /** CORS origins: exact origins or `*`; empty = CORS off. */
  allowedOrigins?: string[];
  /** PEM certificate and key: serve HTTPS (TLS ≥ 1.2). */
  tls?: { cert: string | Uint8Array; key: string | Uint8Array };
  /** Request body limit; larger bodies get 413. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Playground / UI files for paths outside the API. */
  assets?: StaticAssets;
  logger?: Logger;
  /** How long `close()` waits for in-flight requests before cutting connections. Default 10 s. */
  closeTimeoutMs?: number;
}

export interface HttpServer {
  /** Binds the address; resolves once listening. */
  listen(): Promise<void>;
  /** `host:port` actually bound (after `listen`). */
  readonly address: string;
  /** `http(s)://host:port`. */
  readonly url: string;
  readonly routes: readonly Route[];
  /** Stops accepting, ends SSE streams, lets in-flight requests finish, discards open txns. */
  close(): Promise<void>;
}

const TLS_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export function parseAddress(address: string): { host: string; port: number } {
  const bare = address.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(bare);
  if (!m) throw new Error(`invalid address: ${address}`);
  return { host: m[1] ?? (m[2] || '127.0.0.1'), port: Number(m[3]) };
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  return new NodeHttpServer(opts);
}

class NodeHttpServer implements HttpServer {
  readonly #opts: HttpServerOptions;
  readonly #deps: ServerDeps;
  readonly #router = new Router(apiRoutes);
  readonly #cors: Cors;
  readonly #server: Server;
  readonly #openapi: string;
  #inflight = 0;
  #closing: Promise<void> | undefined;
  #drained: (() => void) | undefined;

  constructor(opts: HttpServerOptions) {
    this.#opts = opts;
    this.#deps = {
      store: opts.store, p2p: opts.p2p, acp: opts.acp, node: opts.node,
      txns: new TxnTable(),
      maxBodyBytes: opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      logger: opts.logger ?? silentLogger,
      streams: new Set<EventStream>(),
    };
    this.#cors = new Cors(opts.allowedOrigins ?? []);
    this.#openapi = JSON.stringify(openApiDocument(this.#router.routes, API_BASE, API_VERSION));
    const handler = (req: IncomingMessage, res: ServerResponse) => { void this.#handle(req, res); };
    this.#server = opts.tls
      ? createHttps({ cert: pem(opts.tls.cert), key: pem(opts.tls.key), minVersion: 'TLSv1.2', ciphers: TLS_CIPHERS }, handler)
      : createHttp(handler);
  }

  get routes(): readonly Route[] {
    return this.#router.routes;
  }

  listen(): Promise<void> {
    const { host, port } = parseAddress(this.#opts.address ?? '127.0.0.1:9181');
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        this.#deps.logger.info('providing HTTP API', { address: this.url });
        resolve();
      });
    });
  }

  get address(): string {
    const a = this.#server.address() as AddressInfo | null;
    if (!a) throw new Error('server is not listening');
    return a.family === 'IPv6' ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
  }

  get url(): string {
    return `${this.#opts.tls ? 'https' : 'http'}://${this.address}`;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const s of [...this.#deps.streams]) s.end();
    this.#server.closeIdleConnections();
    if (this.#inflight > 0) {
      const drained = new Promise<void>((r) => { this.#drained = r; });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => { timer = setTimeout(r, this.#opts.closeTimeoutMs ?? 10_000); });
      await Promise.race([drained, timeout]);
      clearTimeout(timer);
    }
    this.#server.closeAllConnections();
    await closed;
    await this.#deps.txns.discardAll();
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inflight++;
    const started = Date.now();
    res.once('finish', () => this.#deps.logger.debug('http request', {
      method: req.method, url: req.url, status: res.statusCode, ms: Date.now() - started,
    }));
    try {
      if (this.#closing) res.setHeader('Connection', 'close');
      await this.#dispatch(req, res);
    } catch (e) {
      this.#deps.logger.error('http request failed', { url: req.url, error: (e as Error)?.message });
      sendError(res, new HttpError(500, (e as Error)?.message ?? 'internal error'));
    } finally {
      if (--this.#inflight === 0 && this.#drained) this.#drained();
      else if (this.#closing) this.#server.closeIdleConnections();
    }
  }

  async #dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.#cors.handle(req, res)) return;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/health-check' && (req.method === 'GET' || req.method === 'HEAD')) return healthCheck(res);
    if (path === '/openapi.json' && req.method === 'GET') return sendRaw(res, this.#openapi);
    if (path !== API_BASE && !path.startsWith(API_BASE + '/')) return serveAsset(req, res, path, this.#opts.assets);

    const match = this.#router.match(req.method ?? 'GET', path.slice(API_BASE.length));
    if (match.kind === 'not-found') return notFound(res);
    if (match.kind === 'method-not-allowed') {
      res.writeHead(405, { Allow: match.allow.join(', '), 'Content-Length': 0 });
      res.end();
      return;
    }
    const ctx = new RequestContext(req, res, this.#deps, match.params, url);
    try {
      await this.#prepare(ctx, match.route);
      await match.route.handler(ctx);
      if (!res.headersSent) ctx.empty();
    } catch (e) {
      const err = toHttpError(e);
      if (err.status === 413) discardBody(req, res);
      sendError(res, err);
    }
  }

  async #prepare(ctx: RequestContext, route: Route): Promise<void> {
    const txHeader = ctx.req.headers[TX_HEADER];
    if (typeof txHeader === 'string' && txHeader !== '') ctx.db = this.#deps.txns.get(txHeader.trim());
    const authz = ctx.req.headers.authorization;
    if (authz && this.#opts.auth) {
      const token = authz.replace(/^Bearer /, '');
      try {
        ctx.identity = await this.#opts.auth.verify(token, (ctx.req.headers.host ?? '').toLowerCase());
      } catch {
        throw new HttpError(403, 'forbidden', { kind: 'text', text: 'forbidden\n' });
      }
      if (this.#opts.auth.scope) ctx.db = this.#opts.auth.scope(ctx.db, ctx.identity);
    }
    if (route.collection) {
      try {
        ctx.collection = await ctx.db.getCollectionByName(ctx.params.name);
      } catch {
        throw new HttpError(404, 'collection not found', { kind: 'empty' });
      }
    }
  }
}

/** After a 413: close the connection once answered, discarding (up to a bound) what is still sent. */
function discardBody(req: IncomingMessage, res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
  let seen = 0;
  req.on('data', (c: Buffer) => { seen += c.length; if (seen > 256 * 1024 * 1024) req.destroy(); });
  req.resume();
}

const pem = (v: string | Uint8Array): string | Buffer => (typeof v === 'string' ? v : Buffer.from(v));

function sendRaw(res: ServerResponse, json: string): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) + 1 });
  res.end(json + '\n');
}

/** Returned errors → 400 with their message (as DefraDB); programming errors → 500. */
function toHttpError(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof TypeError || e instanceof ReferenceError) return new HttpError(500, e.message);
  if (e instanceof Error) return new HttpError(400, e.message);
  return new HttpError(500, String(e));
}

