// GraphQL: POST body or GET query string, `{data, errors}` envelope (always 200), subscriptions as
// SSE; plus the CCIP (EIP-3668) gateway that carries the same request hex-encoded.

import type { GQLResult, RequestOptions } from '../../../client/index.ts';
import { parseJSON, stringifyJSON } from '../../json.ts';
import type { RequestContext } from '../context.ts';
import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

interface GraphQLRequest { query: string; opts: RequestOptions }

function toRequest(v: unknown): GraphQLRequest {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'invalid request body');
  const o = v as Record<string, unknown>;
  const variables = o.variables;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw new HttpError(400, 'invalid variables');
  }
  return {
    query: typeof o.query === 'string' ? o.query : '',
    opts: {
      operationName: typeof o.operationName === 'string' && o.operationName !== '' ? o.operationName : undefined,
      variables: (variables ?? undefined) as Record<string, unknown> | undefined,
    },
  };
}

async function readRequest(ctx: RequestContext): Promise<GraphQLRequest> {
  const query = ctx.query.get('query');
  if (ctx.req.method === 'GET' && query) {
    let variables: unknown;
    const raw = ctx.query.get('variables');
    if (raw) {
      try { variables = parseJSON(raw); } catch (e) { throw new HttpError(400, `invalid variables: ${(e as Error).message}`); }
    }
    return toRequest({ query, operationName: ctx.query.get('operationName') ?? undefined, variables });
  }
  const body = await ctx.bodyJSON();
  if (body === undefined) throw new HttpError(400, 'missing request');
  return toRequest(body);
}

/** Only `message` crosses the wire, as in DefraDB. */
export const envelope = (r: GQLResult): Record<string, unknown> =>
  r.errors && r.errors.length > 0
    ? { data: r.data ?? null, errors: r.errors.map((e) => ({ message: e.message })) }
    : { data: r.data ?? null };

async function execute(ctx: RequestContext) {
  const { query, opts } = await readRequest(ctx);
  try {
    return await ctx.db.execRequest(query, opts);
  } catch (e) {
    if (e instanceof HttpError) throw e;
    return { kind: 'result' as const, result: { data: null, errors: [{ message: (e as Error).message }] } };
  }
}

async function graphqlHandler(ctx: RequestContext): Promise<void> {
  const out = await execute(ctx);
  if (out.kind === 'result') { ctx.json(envelope(out.result)); return; }
  const stream = ctx.eventStream();
  void stream.done.then(() => out.close());
  try {
    for await (const r of out.stream) {
      if (stream.closed) break;
      stream.send(envelope(r));
    }
  } finally {
    out.close();
    stream.end();
  }
}

const hexToText = (hex: string): string => {
  const h = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new HttpError(400, 'invalid hex data');
  return Buffer.from(h, 'hex').toString('utf8');
};

async function ccip(ctx: RequestContext, data: string): Promise<void> {
  let req: GraphQLRequest;
  try { req = toRequest(parseJSON(hexToText(data))); } catch (e) {
    throw e instanceof HttpError ? e : new HttpError(400, `invalid ccip data: ${(e as Error).message}`);
  }
  const out = await ctx.db.execRequest(req.query, req.opts);
  if (out.kind !== 'result') { out.close(); throw new HttpError(400, 'subscriptions are not supported'); }
  ctx.json({ data: '0x' + Buffer.from(stringifyJSON(envelope(out.result)), 'utf8').toString('hex') });
}

export const graphqlRoutes: Route[] = [
  { method: 'POST', path: '/graphql', tag: 'graphql', summary: 'Run a GraphQL (DQL) request', handler: graphqlHandler },
  { method: 'GET', path: '/graphql', tag: 'graphql', summary: 'Run a GraphQL (DQL) request from query parameters', handler: graphqlHandler },
  {
    method: 'GET', path: '/ccip/{sender}/{data}', tag: 'ccip', summary: 'EIP-3668 gateway (GET)',
    handler: (ctx) => ccip(ctx, ctx.params.data.replace(/\.json$/, '')),
  },
  {
    method: 'POST', path: '/ccip', tag: 'ccip', summary: 'EIP-3668 gateway (POST)',
    async handler(ctx) {
      const b = await ctx.bodyObject();
      if (typeof b.data !== 'string') throw new HttpError(400, 'invalid request body');
      await ccip(ctx, b.data);
    },
  },
];
