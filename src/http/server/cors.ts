// CORS as DefraDB configures go-chi/cors: off unless origins are given, `*` or exact lower-cased
// match, methods GET/HEAD/POST/PATCH/DELETE, headers Content-Type/Authorization, max-age 300 s,
// no credentials. Returns true when the request was a preflight and has been answered.

import type { IncomingMessage, ServerResponse } from 'node:http';

export const CORS_METHODS = ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'];
export const CORS_HEADERS = ['content-type', 'authorization'];
export const CORS_MAX_AGE = 300;

export class Cors {
  readonly #all: boolean;
  readonly #origins: Set<string>;

  constructor(allowedOrigins: string[]) {
    const list = allowedOrigins.map((o) => o.trim().toLowerCase()).filter(Boolean);
    this.#all = list.includes('*');
    this.#origins = new Set(list);
  }

  get enabled(): boolean {
    return this.#all || this.#origins.size > 0;
  }

  #allows(origin: string): boolean {
    return this.#all || this.#origins.has(origin.toLowerCase());
  }

  #allowOrigin(res: ServerResponse, origin: string): void {
    res.setHeader('Access-Control-Allow-Origin', this.#all ? '*' : origin);
  }

  handle(req: IncomingMessage, res: ServerResponse): boolean {
    if (!this.enabled) return false;
    const origin = req.headers.origin;
    const preflight = req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
    if (preflight) {
      res.setHeader('Vary', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers');
      const method = String(req.headers['access-control-request-method']).toUpperCase();
      const wanted = String(req.headers['access-control-request-headers'] ?? '')
        .split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
      const ok = origin !== undefined && this.#allows(origin) && CORS_METHODS.includes(method)
        && wanted.every((h) => CORS_HEADERS.includes(h));
      if (ok) {
        this.#allowOrigin(res, origin);
        res.setHeader('Access-Control-Allow-Methods', method);
        if (wanted.length) res.setHeader('Access-Control-Allow-Headers', wanted.join(', '));
        res.setHeader('Access-Control-Max-Age', String(CORS_MAX_AGE));
      }
      res.writeHead(204, { 'Content-Length': 0 });
      res.end();
      return true;
    }
    res.setHeader('Vary', 'Origin');
    if (origin !== undefined && this.#allows(origin) && CORS_METHODS.includes(req.method ?? '')) {
      this.#allowOrigin(res, origin);
    }
    return false;
  }
}
