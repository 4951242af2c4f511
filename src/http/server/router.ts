// A small router over the route table: `{param}` segments, static segments win over params (so
// `/collections/indexes` beats `/collections/{name}`), 404 for unknown paths, 405 with `Allow`
// for a known path with another method. The same table feeds the OpenAPI document.

import type { RequestContext } from './context.ts';

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path below `/api/v0`, e.g. `/collections/{name}/{docID}`. */
  path: string;
  /** OpenAPI tag (the resource) and one-line summary. */
  tag: string;
  summary: string;
  /** Resolve `{name}` to a collection first; unknown name → 404 with an empty body. */
  collection?: boolean;
  handler: Handler;
}

interface Compiled {
  route: Route;
  segments: string[];
  /** '0' for a static segment, '1' for a param: sorts the most specific match first. */
  rank: string;
}

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string[] };

const split = (path: string) => path.split('/').filter((s) => s !== '');
const isParam = (seg: string) => seg.startsWith('{') && seg.endsWith('}');

export class Router {
  readonly #compiled: Compiled[] = [];

  constructor(routes: Route[] = []) {
    for (const r of routes) this.add(r);
  }

  add(route: Route): void {
    const segments = split(route.path);
    this.#compiled.push({ route, segments, rank: segments.map((s) => (isParam(s) ? '1' : '0')).join('') });
  }

  get routes(): readonly Route[] {
    return this.#compiled.map((c) => c.route);
  }

  match(method: string, path: string): Match {
    let parts: string[];
    try {
      parts = split(path).map(decodeURIComponent);
    } catch {
      return { kind: 'not-found' };
    }
    const hits: { c: Compiled; params: Record<string, string> }[] = [];
    for (const c of this.#compiled) {
      const params = matchSegments(c.segments, parts);
      if (params) hits.push({ c, params });
    }
    if (hits.length === 0) return { kind: 'not-found' };
    hits.sort((a, b) => (a.c.rank < b.c.rank ? -1 : a.c.rank > b.c.rank ? 1 : 0));
    const best = hits[0].c.rank;
    const sameShape = hits.filter((h) => h.c.rank === best);
    const hit = sameShape.find((h) => h.c.route.method === method)
      ?? (method === 'HEAD' ? sameShape.find((h) => h.c.route.method === 'GET') : undefined);
    if (hit) return { kind: 'found', route: hit.c.route, params: hit.params };
    // A less specific shape may still take this method (e.g. POST /collections/{name}).
    const other = hits.find((h) => h.c.route.method === method);
    if (other) return { kind: 'found', route: other.c.route, params: other.params };
    return { kind: 'method-not-allowed', allow: [...new Set(sameShape.map((h) => h.c.route.method))] };
  }
}

function matchSegments(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (isParam(p)) params[p.slice(1, -1)] = parts[i];
    else if (p !== parts[i]) return undefined;
  }
  return params;
}
