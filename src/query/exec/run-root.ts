// Executes one root selection of an operation.

import type { RootSelection } from '../request/request-tree.ts';
import type { ScanPrefilter, SourceDoc } from '../source.ts';
import { usesAlias } from '../filter/compile-filter.ts';
import { ownFilterFields } from '../filter/filter-fields.ts';
import { computeAggregate } from './aggregate.ts';
import { markVersionAt, runCommits } from './commits.ts';
import type { ExecContext } from './exec-context.ts';
import { indexedDocs } from './index-docs.ts';
import { runMutation } from './mutation.ts';
import { compiledFilter, runSelect } from './select.ts';
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
  return indexedDocs(ctx, sel) ?? ctx.source.scan(sel.collection, { ...opts, prefilter: scanPrefilter(ctx, sel) });
}

/** The select's filter as a scan prefilter, when it reads only own fields (never under explain, which counts every fetched document). */
function scanPrefilter(ctx: ExecContext, sel: SelectNode): ScanPrefilter | undefined {
  if (ctx.trace || !sel.filter || usesAlias(sel.filter)) return undefined;
  const coll = ctx.collection(sel.collection);
  const reads = ownFilterFields(sel.filter, coll);
  const pred = reads && compiledFilter(ctx, sel, coll).pred;
  return pred && { fields: reads!.fields, usesDocID: reads!.docID, test: (d) => pred(d) };
}
