// A live `subscription` request (dql.md §9): listens to the bus's `update` events (local commits)
// and, for each change of the watched collection, re-runs the selection for that document at that
// commit in a fresh read transaction. Changes are handled one at a time, in commit order; results
// are buffered until the consumer pulls them.

import type { GQLResult } from '../client/index.ts';
import type { Subscription } from '../query/index.ts';
import type { DbEnv } from './context.ts';
import type { UpdateEvent } from './events.ts';
import { DbQuerySource } from './query-source.ts';
import { loadDefinitionByName } from './schema-ops.ts';

export interface LiveSubscription {
  stream: AsyncIterable<GQLResult>;
  close(): void;
}

export function startSubscription(env: DbEnv, sub: Subscription): LiveSubscription {
  const buffered: GQLResult[] = [];
  const waiting: ((r: IteratorResult<GQLResult>) => void)[] = [];
  let closed = false;
  let chain = Promise.resolve();

  const deliver = (r: GQLResult): void => {
    if (closed) return;
    const w = waiting.shift();
    if (w) w({ value: r, done: false });
    else buffered.push(r);
  };

  const handle = async (ev: UpdateEvent): Promise<void> => {
    if (closed) return;
    const ctx = env.openReadContext();
    try {
      const def = loadDefinitionByName(ctx, sub.collection);
      if (def.version.CollectionID !== ev.collectionID) return;
      const r = await sub.resultFor(new DbQuerySource(ctx), ev.docID, ev.cid.toString());
      if (r) deliver(r);
    } finally {
      ctx.kv.discard();
    }
  };

  const off = env.events.on('update', (ev) => {
    if (closed || !ev.docID) return; // collection-level blocks carry no document
    chain = chain.then(() => handle(ev)).catch((e: unknown) => {
      env.logger.error('subscription update failed', { error: String(e) });
    });
  });

  const close = (): void => {
    if (closed) return;
    closed = true;
    off();
    env.subscriptions.delete(close);
    buffered.length = 0;
    for (const w of waiting.splice(0)) w({ value: undefined, done: true });
  };
  env.subscriptions.add(close);

  const iterator: AsyncIterator<GQLResult> = {
    next() {
      if (buffered.length) return Promise.resolve({ value: buffered.shift()!, done: false });
      if (closed) return Promise.resolve({ value: undefined, done: true });
      return new Promise((res) => waiting.push(res));
    },
    return() {
      close();
      return Promise.resolve({ value: undefined, done: true });
    },
  };
  return { stream: { [Symbol.asyncIterator]: () => iterator }, close };
}
