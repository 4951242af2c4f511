// execRequest: DQL through the query engine over this transaction. On a Store, a result with
// errors is not committed (DefraDB discards the transaction).

import type { GQLResult, RequestOptions, RequestResult } from '../client/index.ts';
import { executeOrSubscribe, executeRequest } from '../query/index.ts';
import type { TxnContext } from './context.ts';
import { DbQuerySource } from './query-source.ts';
import { startSubscription } from './subscription.ts';

export async function runRequest(ctx: TxnContext, query: string, opts: RequestOptions = {}): Promise<GQLResult> {
  return executeRequest(new DbQuerySource(ctx), query, opts);
}

/** A query/mutation result, or a live subscription fed by the bus's `update` events. */
export async function execRequest(ctx: TxnContext, query: string, opts: RequestOptions = {}): Promise<RequestResult> {
  const out = await executeOrSubscribe(new DbQuerySource(ctx), query, opts);
  if (out.kind === 'result') return out;
  return { kind: 'subscription', ...startSubscription(ctx.env, out.subscription) };
}

export const requestFailed = (r: RequestResult): boolean => r.kind === 'result' && (r.result.errors?.length ?? 0) > 0;
