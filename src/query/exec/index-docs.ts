// A select's candidate documents read through a secondary index (when its filter has a
// condition on an index's first field): docIDs in index order from the source's index scan,
// each fetched once. The index entries read are counted per select request node (a request tree
// is built per execution), for `@explain(type: execute)`'s `indexFetches` (`indexFetchesOf`).

import type { SelectNode } from '../request/request-tree.ts';
import type { IndexScan, IndexScanStats, SourceDoc } from '../source.ts';
import type { ExecContext } from './exec-context.ts';
import { chooseIndexScan } from './index-choice.ts';

const statsBySelect = new WeakMap<object, IndexScanStats>();

/** Index entries the select (its request node) read; 0 when it used no index. */
export function indexFetchesOf(ref: object | undefined): number {
  return ref ? statsBySelect.get(ref)?.indexFetches ?? 0 : 0;
}

/** The index scan a select would use, if any (explain prints it; the executor runs it). */
export function selectIndexScan(ctx: ExecContext, sel: SelectNode): IndexScan | undefined {
  if (sel.showDeleted || sel.cid !== undefined || !ctx.source.indexScan) return undefined;
  const coll = ctx.model.byName.get(sel.collection);
  return coll ? chooseIndexScan(coll, sel.filter) : undefined;
}

/** The select's documents through an index, or undefined when no index applies. */
export function indexedDocs(ctx: ExecContext, sel: SelectNode): Iterable<SourceDoc> | undefined {
  const scan = selectIndexScan(ctx, sel);
  if (!scan) return undefined;
  const stats: IndexScanStats = { indexFetches: 0 };
  statsBySelect.set(sel, stats);
  return fetchAll(ctx, sel.collection, scan, stats);
}

function* fetchAll(ctx: ExecContext, collection: string, scan: IndexScan, stats: IndexScanStats): Generator<SourceDoc> {
  for (const id of ctx.source.indexScan!(collection, scan, stats)) {
    const d = ctx.source.get(collection, id);
    if (d) yield d;
  }
}
