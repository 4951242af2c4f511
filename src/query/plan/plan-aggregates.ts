// Aggregate plan nodes (`countNode`, `sumNode`, …) of one select and the hidden child selections
// they read. As in DefraDB's mapper, `_avg` runs on a `_sum` and a `_count` whose sources only
// take non-null values, and an aggregate reuses an explicit child selection with equal arguments.

import type { CollectionModel, Model } from '../model/collection-model.ts';
import { equal } from '../filter/compare.ts';
import type { AggregateNode, AggregateOp, AggregateSource, Filter, OrderTerm, Selection } from '../request/request-tree.ts';
import type { PlanKind } from './plan-tree.ts';

/** A child selection an aggregate reads that the request did not select itself. */
export interface HiddenChild {
  readonly name: string;
  readonly filter: Filter | undefined;
  readonly limit: number | undefined;
  readonly offset: number | undefined;
  readonly order: readonly OrderTerm[];
}

export interface AggPlan {
  readonly kind: PlanKind;
  readonly attrs: Record<string, unknown>;
  readonly ref: object;
}

const kindOf: Record<AggregateOp, PlanKind> = { _count: 'countNode', _sum: 'sumNode', _avg: 'averageNode', _min: 'minNode', _max: 'maxNode' };

/**
 * Aggregate nodes outermost first (DefraDB wraps them from the last one inwards) and the hidden
 * children. `topLevel`: sources name collections (`coll` is the first source's collection).
 */
export function planAggregates(
  model: Model, aggs: readonly AggregateNode[], coll: CollectionModel | undefined, topLevel: boolean, fields: readonly Selection[] = [],
): { nodes: AggPlan[]; hidden: HiddenChild[] } {
  const nodes: AggPlan[] = [];
  const deps: AggPlan[] = [];
  const hidden: HiddenChild[] = [];
  for (const a of aggs) {
    if (a.op !== '_avg') {
      nodes.push({ kind: kindOf[a.op], attrs: { sources: a.sources.map((s) => sourceAttrs(a.op, s, s.filter)) }, ref: a });
      for (const s of a.sources) addHidden(hidden, fields, s, s.filter, coll, topLevel);
      continue;
    }
    nodes.push({ kind: 'averageNode', attrs: {}, ref: a });
    const filters = a.sources.map((s) => nonNullFilter(model, s, coll, topLevel));
    deps.push({ kind: 'countNode', attrs: { sources: a.sources.map((s, i) => sourceAttrs('_count', s, filters[i])) }, ref: a });
    deps.push({ kind: 'sumNode', attrs: { sources: a.sources.map((s, i) => sourceAttrs('_sum', s, filters[i])) }, ref: a });
    a.sources.forEach((s, i) => addHidden(hidden, fields, s, filters[i], coll, topLevel));
  }
  return { nodes: [...nodes, ...deps], hidden };
}

function sourceAttrs(op: AggregateOp, s: AggregateSource, filter: Filter | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { fieldName: s.name, filter: filter ?? null };
  if (op !== '_count') out['childFieldName'] = s.field ?? null;
  return out;
}

/** The source's filter plus `{field: {_ne: null}}` when averaging a real field of a document source. */
function nonNullFilter(model: Model, s: AggregateSource, coll: CollectionModel | undefined, topLevel: boolean): Filter | undefined {
  if (!s.field || !coll) return s.filter;
  const target = topLevel || s.name === '_group' ? coll : undefined;
  const rel = coll.byName.get(s.name);
  const docColl = target ?? (rel?.kind === 'relation' ? model.byName.get(rel.target) : undefined);
  if (!docColl || docColl.byName.get(s.field)?.kind !== 'scalar') return s.filter;
  const prev = (s.filter?.[s.field] ?? {}) as Record<string, unknown>;
  return { ...(s.filter ?? {}), [s.field]: { ...prev, _ne: null } };
}

function addHidden(
  hidden: HiddenChild[], fields: readonly Selection[], s: AggregateSource, filter: Filter | undefined,
  coll: CollectionModel | undefined, topLevel: boolean,
): void {
  if (topLevel || !coll) return;
  if (s.name !== '_group' && coll.byName.get(s.name)?.kind !== 'relation') return;
  const child: HiddenChild = { name: s.name, filter, limit: s.limit, offset: s.offset, order: s.order };
  const same = (o: HiddenChild): boolean => o.name === child.name && equal(o.filter ?? null, child.filter ?? null) &&
    o.limit === child.limit && o.offset === child.offset && equal(o.order, child.order);
  if (fields.some((f) => f.kind === 'Select' && same(f))) return;
  if (!hidden.some(same)) hidden.push(child);
}
