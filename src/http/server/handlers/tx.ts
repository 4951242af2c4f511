// Transaction routes: open (`{"id"}`), commit, discard. Requests name an open txn with `x-defradb-tx`.

import type { Route } from '../router.ts';

export const txRoutes: Route[] = [
  {
    method: 'POST', path: '/tx', tag: 'transaction', summary: 'Open a transaction',
    async handler(ctx) {
      const txn = await ctx.deps.txns.open(ctx.deps.store, ctx.queryBool('read_only') ?? false);
      ctx.json({ id: txn.id });
    },
  },
  {
    // DefraDB's concurrent txns differ only in the badger isolation mode; ours are all the same kind.
    method: 'POST', path: '/tx/concurrent', tag: 'transaction', summary: 'Open a concurrent transaction',
    async handler(ctx) {
      const txn = await ctx.deps.txns.open(ctx.deps.store, ctx.queryBool('read_only') ?? false);
      ctx.json({ id: txn.id });
    },
  },
  {
    method: 'POST', path: '/tx/{id}', tag: 'transaction', summary: 'Commit a transaction',
    async handler(ctx) {
      await ctx.deps.txns.commit(ctx.params.id);
      ctx.empty();
    },
  },
  {
    method: 'DELETE', path: '/tx/{id}', tag: 'transaction', summary: 'Discard a transaction',
    async handler(ctx) {
      await ctx.deps.txns.discard(ctx.params.id);
      ctx.empty();
    },
  },
];
