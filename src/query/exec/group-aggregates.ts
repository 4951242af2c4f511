// `_max(_group: {field: _max})` under `groupBy`: an aggregate over the same-named aggregate of each
// row of the sibling `_group` selection (DefraDB resolves an aggregate name as a field of the
// inner group rows). Works at any depth since the inner rows are rendered recursively.

import type { AggregateNode, Selection, SelectNode } from '../request/request-tree.ts';
import { reduceAggregate } from './aggregate.ts';

type Row = Record<string, unknown>;

const isAggregateName = (n: string | undefined): boolean =>
  n === '_count' || n === '_sum' || n === '_avg' || n === '_min' || n === '_max';

/** The value, or undefined when `node` does not aggregate inner group aggregates. */
export function aggregateOfGroupRows(
  node: AggregateNode, siblings: readonly Selection[], innerRows: (sel: SelectNode) => readonly Row[],
): unknown {
  const src = node.sources.find((s) => s.name === '_group' && isAggregateName(s.field));
  if (!src) return undefined;
  const inner = siblings.find((s): s is SelectNode => s.kind === 'Select' && s.name === '_group');
  const agg = inner?.fields.find((s): s is AggregateNode => s.kind === 'Aggregate' && s.op === src.field);
  if (!inner || !agg) return null;
  const start = src.offset ?? 0;
  const rows = innerRows(inner).slice(start, src.limit === undefined ? undefined : start + src.limit);
  const values = rows.map((r) => r[agg.key]);
  const integral = values.every((v) => v === null || typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)));
  return reduceAggregate(node.op, values, rows.length, integral);
}
