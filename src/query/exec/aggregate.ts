// `_count _sum _avg _min _max` over relation lists, inline arrays, `_group`, `_version` and, at the
// root, whole collections. Sums over Int fields stay integers; `_avg` is always a float.

import { arrayElementKind, FieldKind } from '../../client/index.ts';
import type { ScalarKind } from '../../client/index.ts';
import type { CollectionModel } from '../model/collection-model.ts';
import { compileValueFilter } from '../filter/compile-filter.ts';
import { orderCompare } from '../filter/compare.ts';
import type { AggregateNode, AggregateSource } from '../request/request-tree.ts';
import type { SourceDoc } from '../source.ts';
import type { ExecContext } from './exec-context.ts';
import { fieldValue, filterDocs, page, sortDocs } from './select.ts';

export interface AggregateScope {
  readonly doc: SourceDoc | undefined;
  readonly coll: CollectionModel | undefined;
  /** Documents of the current group, when under `groupBy`. */
  readonly group?: readonly SourceDoc[];
}

export class AggregateError extends Error {
  readonly code = 'aggregate-error';
}

const valueFilters = new WeakMap<object, ((v: unknown) => boolean) | undefined>();

export function computeAggregate(ctx: ExecContext, node: AggregateNode, scope: AggregateScope): unknown {
  if (!node.sources.length) throw new AggregateError('aggregate must be provided with a property to aggregate');
  const values: unknown[] = [];
  let integral = true;
  let count = 0;
  for (const src of node.sources) {
    const r = sourceValues(ctx, src, scope, node.op === '_count');
    count += r.count;
    for (const v of r.values) values.push(v);
    if (!r.integral) integral = false;
  }
  return reduceAggregate(node.op, values, count, integral);
}

/** The aggregate of collected values (`count` is the number of source items, for `_count`). */
export function reduceAggregate(op: AggregateNode['op'], values: readonly unknown[], count: number, integral: boolean): unknown {
  switch (op) {
    case '_count': return count;
    case '_sum': return sum(values, integral);
    case '_avg': {
      const nums = values.filter((v) => v !== null && v !== undefined).map(Number);
      return nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : 0;
    }
    case '_min': case '_max': {
      let best: unknown = null;
      for (const v of values) {
        if (v === null || v === undefined) continue;
        if (best === null) best = v;
        else {
          const c = orderCompare(v, best);
          if (op === '_min' ? c < 0 : c > 0) best = v;
        }
      }
      return best;
    }
  }
}

function sum(values: readonly unknown[], integral: boolean): number | bigint {
  if (integral && values.some((v) => typeof v === 'bigint')) {
    return values.reduce<bigint>((a, v) => (v === null || v === undefined ? a : a + BigInt(v as number | bigint)), 0n);
  }
  let s = 0;
  for (const v of values) if (v !== null && v !== undefined) s += Number(v);
  return s;
}

interface SourceResult { values: unknown[]; count: number; integral: boolean }

function sourceValues(ctx: ExecContext, src: AggregateSource, scope: AggregateScope, counting: boolean): SourceResult {
  const { coll, doc } = scope;
  if (src.name === '_group' && scope.group && coll) return docValues(ctx, src, scope.group, coll, counting);
  if (src.name === '_version' && coll && doc) {
    const n = page([...ctx.source.headCommits(coll.name, doc.docID)], src).length;
    return { values: [], count: n, integral: true };
  }
  if (!coll || !doc) {
    // Root-level aggregate: the source names a collection.
    const target = ctx.collection(src.name);
    if (counting && src.filter === undefined && !ctx.trace && !target.isView && ctx.source.countDocs) {
      // an unfiltered count needs no document: page arithmetic on the count
      const n = ctx.source.countDocs(target.name);
      const from = Math.min(n, src.offset ?? 0);
      return { values: [], count: src.limit === undefined ? n - from : Math.min(n - from, src.limit), integral: true };
    }
    return docValues(ctx, src, ctx.source.scan(target.name), target, counting, src);
  }
  const f = coll.byName.get(src.name);
  if (f?.kind === 'relation') return docValues(ctx, src, ctx.related(coll, f, doc), ctx.collection(f.target), counting);
  if (f?.kind === 'scalar') {
    const arr = doc.fields[f.name];
    let list = Array.isArray(arr) ? arr as unknown[] : [];
    if (!valueFilters.has(src)) {
      valueFilters.set(src, compileValueFilter(src.filter, arrayElementKind[f.scalar] === FieldKind.DateTime));
    }
    const p = valueFilters.get(src);
    if (p) list = list.filter(p);
    if (src.order.length) {
      list = [...list].sort((a, b) => (src.order[0]!.desc ? -orderCompare(a, b) : orderCompare(a, b)));
    }
    list = page(list, src);
    return { values: list, count: list.length, integral: arrayElementKind[f.scalar] === FieldKind.Int };
  }
  return { values: [], count: 0, integral: true };
}

function docValues(
  ctx: ExecContext, src: AggregateSource, docs: Iterable<SourceDoc>, coll: CollectionModel, counting: boolean, ref?: object,
): SourceResult {
  let list = [...filterDocs(ctx, docs, src, coll, ref)];
  if (src.order.length) list = sortDocs(ctx, list, src.order, coll);
  list = page(list, src);
  if (counting || !src.field) return { values: [], count: list.length, integral: true };
  const field = src.field;
  const f = coll.byName.get(field);
  const kind = f?.kind === 'scalar' ? f.scalar : undefined;
  const values: unknown[] = [];
  for (const d of list) {
    const v = fieldValue(ctx, d, field, coll);
    if (Array.isArray(v)) values.push(...v);
    else values.push(v);
  }
  return { values, count: list.length, integral: isIntegral(kind) };
}

function isIntegral(kind: ScalarKind | undefined): boolean {
  return kind === FieldKind.Int || (kind !== undefined && arrayElementKind[kind] === FieldKind.Int);
}
