// Executes one root selection of an operation.

import type { RootSelection } from '../request/request-tree.ts';
import type { SourceDoc } from '../source.ts';
import { computeAggregate } from './aggregate.ts';
import { markVersionAt, runCommits } from './commits.ts';
import type { ExecContext } from './exec-context.ts';
import { indexedDocs } from './index-docs.ts';
import { runMutation } from './mutation.ts';
import { runSelect } from './select.ts';
import type { SelectNode } from '../request/request-tree.ts';

export async function runRoot(ctx: ExecContext, sel: RootSelection): Promise<unknown> {
  switch (sel.kind) {
    case 'Select': return runSelect(ctx, await rootDocs(ctx, sel), sel, sel);
    case 'Commits': return runCommits(ctx, sel);
    case 'Aggregate': return computeAggregate(ctx, sel, { doc: undefined, coll: undefined });
    case 'Mutation': return runMutation(ctx, sel);
    case 'Typename': return sel.typename;
  }
}

/** Candidate documents of a root select: a time-travel read, docID lookups, an index scan, or a full scan. */
export async function rootDocs(ctx: ExecContext, sel: SelectNode): Promise<Iterable<SourceDoc>> {
  const opts = { showDeleted: sel.showDeleted };
  if (sel.cid !== undefined) {
    const out: SourceDoc[] = [];
    // Without docIDs, the commit names its document.
    const ids = sel.docIDs ?? [...ctx.source.commits({ cid: sel.cid, depth: 1 })].map((c) => c.docID).filter((id) => id);
    for (const id of ids) {
      const d = await ctx.source.getAtCommit(sel.collection, id, sel.cid);
      if (d) {
        markVersionAt(d, sel.cid);
        out.push(d);
      }
    }
    return out;
  }
  if (sel.docIDs) {
    // `docID: []` selects nothing; `docID: null` (undefined here) selects everything.
    const out: SourceDoc[] = [];
    for (const id of [...new Set(sel.docIDs)].sort()) {
      const d = ctx.source.get(sel.collection, id, opts);
      if (d) out.push(d);
    }
    return out;
  }
  return indexedDocs(ctx, sel) ?? ctx.source.scan(sel.collection, opts);
}
