// Node-level routes over the optional `NodeApi`: identity, block signatures, debug dump, purge.

import type { Route } from '../router.ts';
import { HttpError } from '../respond.ts';

const PURGE_REFUSED = 'cannot purge database when development mode is disabled';

export const nodeRoutes: Route[] = [
  {
    method: 'GET', path: '/node/identity', tag: 'node', summary: 'The node identity or null',
    async handler(ctx) {
      ctx.json(ctx.deps.node ? await ctx.deps.node.identity() : null);
    },
  },
  {
    method: 'GET', path: '/block/verify-signature', tag: 'block', summary: "Verify a block's signature",
    async handler(ctx) {
      const cid = ctx.queryString('cid');
      if (!cid) throw new HttpError(400, 'required parameter cid is missing');
      const publicKey = ctx.queryString('public-key');
      if (!publicKey) throw new HttpError(400, 'required parameter public-key is missing');
      if (!ctx.deps.node) throw new HttpError(400, 'block signature verification is not available');
      await ctx.deps.node.verifyBlockSignature(ctx.queryString('type') ?? 'secp256k1', publicKey, cid);
      ctx.json(null);
    },
  },
  {
    method: 'GET', path: '/debug/dump', tag: 'debug', summary: 'Dump the database state to the node log',
    async handler(ctx) {
      await ctx.deps.node?.dump();
      ctx.empty();
    },
  },
  {
    method: 'POST', path: '/purge', tag: 'debug', summary: 'Wipe all data and restart (development mode only)',
    async handler(ctx) {
      const purge = ctx.deps.node?.purge;
      if (!purge) throw new HttpError(400, PURGE_REFUSED, { kind: 'json', value: PURGE_REFUSED });
      ctx.empty();
      // The response goes out before the node tears itself down.
      ctx.res.once('finish', () => {
        purge.call(ctx.deps.node).catch((e: Error) => ctx.deps.logger.error('purge failed', { error: e.message }));
      });
    },
  },
];
