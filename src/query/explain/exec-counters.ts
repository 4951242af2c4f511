// `@explain(type: execute)` counters, derived from the execution trace with DefraDB's meaning:
// `iterations` counts a node's Next() calls (rows produced, plus the final "done" call unless a
// limit stopped early), `docFetches`/`fieldFetches` what the scan read, `filterMatches` the rows
// the select kept. A join's sub-type scan runs once per parent document (DefraDB's nested loop);
// the executor serves it from one cached scan, so its counters are replayed here per parent.

import { indexFetchesOf } from '../exec/index-docs.ts';
import { compiledFilter } from '../exec/select.ts';
import type { ExecContext } from '../exec/exec-context.ts';
import { storedFieldCount } from '../exec/exec-trace.ts';
import type { ExecTrace, SelectTrace } from '../exec/exec-trace.ts';
import type { PlanNode } from '../plan/plan-tree.ts';
import type { SelectNode } from '../request/request-tree.ts';
import type { SourceDoc } from '../source.ts';

type Counters = Record<string, number>;

const pulls = (t: SelectTrace | undefined): number => (t ? t.matched.length + t.ends : 0);
const isGrouped = (ref: object | undefined): boolean => !!ref && (ref as Partial<SelectNode>).groupBy !== undefined;

export function nodeCounters(node: PlanNode, trace: ExecTrace, root?: PlanNode): Counters {
  const t = trace.peek(node.ref);
  switch (node.kind) {
    case 'scanNode': {
      let fields = 0;
      for (const d of t?.fetched ?? []) fields += storedFieldCount(d);
      // under a group the pipe asks its source once more after the end
      const extra = t?.ends && isGrouped(node.ref) ? 1 : 0;
      return { iterations: pulls(t) + extra, docFetches: t?.fetched.length ?? 0, fieldFetches: fields, indexFetches: indexFetchesOf(node.ref) };
    }
    case 'selectNode': {
      const size = node.ref ? trace.sizes.get(node.ref) : undefined;
      if ((node.ref as { kind?: string } | undefined)?.kind === 'Commits') return { iterations: (size ?? 0) + 1, filterMatches: size ?? 0 };
      return { iterations: pulls(t), filterMatches: t?.matched.length ?? 0 };
    }
    case 'dagScanNode': return { iterations: (node.ref ? trace.sizes.get(node.ref) ?? 0 : 0) + 1 };
    case 'typeIndexJoin': return { iterations: pulls(trace.peek(root?.ref)) };
    case 'limitNode': case 'orderNode': return { iterations: (t?.rows ?? 0) + 1 };
    case 'groupNode': {
      const childSelects = (node.attrs['childSelects'] as unknown[] | undefined)?.length ?? 0;
      return {
        iterations: (t?.rows ?? 0) + 1, groups: t?.groups ?? 0, childSelections: childSelects,
        hiddenBeforeOffset: 0, hiddenAfterLimit: 0, hiddenChildSelections: 0,
      };
    }
    case 'countNode': case 'sumNode': case 'averageNode': case 'minNode': case 'maxNode': {
      const under = selectBelow(node);
      return { iterations: under ? (trace.peek(under.ref)?.rows ?? 0) + 1 : 1 };
    }
    default: return {};
  }
}

/** The select an aggregate wraps (undefined at the top level, where it runs once). */
function selectBelow(node: PlanNode): PlanNode | undefined {
  let n = node.children[0]?.node;
  while (n && (n.kind === 'countNode' || n.kind === 'sumNode' || n.kind === 'averageNode' || n.kind === 'minNode' || n.kind === 'maxNode')) {
    n = n.children[0]?.node;
  }
  return n;
}

/** The join's child scan, as DefraDB runs it for every parent document the root scan produced. */
export function subTypeScanCounters(ctx: ExecContext, trace: ExecTrace, join: PlanNode, root: PlanNode): Counters {
  const out = { iterations: 0, docFetches: 0, fieldFetches: 0, indexFetches: 0 };
  const sub = join.ref as SelectNode | undefined;
  const parentName = root.kind === 'scanNode' ? root.attrs['collectionName'] : root.children[0]?.node.attrs['collectionName'];
  const parentColl = typeof parentName === 'string' ? ctx.model.byName.get(parentName) : undefined;
  const field = sub && parentColl?.byName.get(sub.name);
  const scanRef = root.kind === 'scanNode' ? root.ref : root.children[0]?.node.ref;
  if (!sub || field?.kind !== 'relation') return out;
  const target = ctx.collection(field.target);
  const parents = trace.peek(scanRef)?.matched ?? [];
  const read = (d: SourceDoc): void => {
    out.docFetches++;
    out.fieldFetches += storedFieldCount(d);
  };
  if (!field.isArray && field.isPrimary) {
    for (const p of parents) {
      const id = p.fields[`${field.name}_id`];
      const d = typeof id === 'string' ? ctx.source.get(field.target, id) : undefined;
      if (d) { read(d); out.iterations++; }
    }
    return out;
  }
  const children = [...ctx.source.scan(field.target)];
  const link = `${field.counterpart}_id`;
  const { pred } = compiledFilter(ctx, sub, target);
  const cap = !field.isArray ? 1 : sub.limit !== undefined && !sub.order.length ? (sub.offset ?? 0) + sub.limit : Infinity;
  for (const p of parents) {
    let matched = 0;
    for (const d of children) {
      read(d);
      if (d.fields[link] === p.docID && (!pred || pred(d))) matched++;
      if (matched >= cap) break;
    }
    out.iterations += matched + (matched >= cap ? 0 : 1);
  }
  return out;
}
