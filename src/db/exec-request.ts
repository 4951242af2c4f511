// execRequest: DQL through the query engine over this transaction. On a Store, a result with
// errors is not committed (DefraDB discards the transaction).

import type { GQLResult, RequestOptions, RequestResult } from '../client/index.ts';
import { executeRequest } from '../query/index.ts';
import type { TxnContext } from './context.ts';
import { DbQuerySource } from './query-source.ts';

export async function runRequest(ctx: TxnContext, query: string, opts: RequestOptions = {}): Promise<GQLResult> {
  return executeRequest(new DbQuerySource(ctx), query, opts);
}

export async function execRequest(ctx: TxnContext, query: string, opts: RequestOptions = {}): Promise<RequestResult> {
  return { kind: 'result', result: await runRequest(ctx, query, opts) };
}

export const requestFailed = (r: RequestResult): boolean => r.kind === 'result' && (r.result.errors?.length ?? 0) > 0;
