// Runs a select over a set of documents: docID restriction, filter, grouping, ordering,
// offset/limit, then renders each document into the requested shape. All synchronous.

import { FieldKind } from '../../client/index.ts';
import type { CollectionModel } from '../model/collection-model.ts';
import { compileFilter, usesAlias } from '../filter/compile-filter.ts';
import type { DocPredicate, Rendered } from '../filter/compile-filter.ts';
import { dateTimeKey, equal, orderCompare } from '../filter/compare.ts';
import type { ListArgs, OrderTerm, SelectNode, Selection } from '../request/request-tree.ts';
import type { SourceDoc } from '../source.ts';
import { computeAggregate } from './aggregate.ts';
import { renderCommits, versionCommits } from './commits.ts';
import { aggregateOfGroupRows } from './group-aggregates.ts';
import { similarity } from './similarity.ts';
import type { ExecContext } from './exec-context.ts';

type Row = Record<string, unknown>;

interface Compiled {
  readonly pred: DocPredicate | undefined;
  readonly alias: boolean;
}
const compiled = new WeakMap<object, Compiled>();

export function compiledFilter(ctx: ExecContext, args: Pick<ListArgs, 'filter'>, coll: CollectionModel): Compiled {
  let c = compiled.get(args);
  if (!c) {
    c = { pred: compileFilter(args.filter, coll, ctx), alias: usesAlias(args.filter) };
    compiled.set(args, c);
  }
  return c;
}

/** Applies docIDs + the non-alias filter: the streaming part of a select. `ref` keys the explain trace. */
export function* filterDocs(
  ctx: ExecContext, docs: Iterable<SourceDoc>, args: Pick<ListArgs, 'filter'> & { docIDs?: ListArgs['docIDs'] }, coll: CollectionModel,
  ref?: object,
): Iterable<SourceDoc> {
  const ids = args.docIDs && args.docIDs.length ? new Set(args.docIDs) : undefined;
  const { pred, alias } = compiledFilter(ctx, args, coll);
  const p = alias ? undefined : pred;
  const t = ref ? ctx.trace?.select(ref) : undefined;
  for (const d of docs) {
    t?.fetched.push(d);
    if (ids && !ids.has(d.docID)) continue;
    if (p && !p(d)) continue;
    t?.matched.push(d);
    yield d;
  }
  if (t) t.ends++;
}

/** The full list pipeline for a select node over candidate documents. */
export function runSelect(ctx: ExecContext, docs: Iterable<SourceDoc>, sel: SelectNode, ref?: object): Row[] {
  const rows = selectRows(ctx, docs, sel, ref);
  const t = ref ? ctx.trace?.select(ref) : undefined;
  if (t) t.rows = rows.length;
  return rows;
}

function selectRows(ctx: ExecContext, docs: Iterable<SourceDoc>, sel: SelectNode, ref: object | undefined): Row[] {
  const coll = ctx.collection(sel.collection);
  const { pred, alias } = compiledFilter(ctx, sel, coll);
  const stream = filterDocs(ctx, docs, sel, coll, ref);
  const needRender = alias || sel.order.some((t) => t.path[0] === '_alias');
  if (!sel.groupBy && !needRender && !sel.order.length && sel.limit !== undefined) {
    // a limit without ordering stops reading once it has its rows
    const end = (sel.offset ?? 0) + sel.limit;
    const taken: SourceDoc[] = [];
    if (end > 0) for (const d of stream) if (taken.push(d) >= end) break;
    return taken.slice(sel.offset ?? 0).map((d) => renderDoc(ctx, d, sel.fields, coll));
  }
  let list = [...stream];
  if (sel.groupBy) return runGroups(ctx, list, sel, coll, ref);
  if (!needRender) {
    if (sel.order.length) list = sortDocs(ctx, list, sel.order, coll, sel.limit === undefined ? undefined : (sel.offset ?? 0) + sel.limit);
    return page(list, sel).map((d) => renderDoc(ctx, d, sel.fields, coll));
  }
  let rows = list.map((d) => ({ d, r: renderDoc(ctx, d, sel.fields, coll) }));
  if (alias && pred) rows = rows.filter((x) => pred(x.d, x.r));
  if (sel.order.length) {
    const keys = sel.order.map((t) => (x: { d: SourceDoc; r: Row }) => orderValue(ctx, x.d, x.r, t.path, coll));
    rows = stableSort(rows, keys, sel.order);
  }
  return page(rows, sel).map((x) => x.r);
}

export function page<T>(list: T[], args: { offset: number | undefined; limit: number | undefined }): T[] {
  const start = args.offset ?? 0;
  if (!start && args.limit === undefined) return list;
  return list.slice(start, args.limit === undefined ? undefined : start + args.limit);
}

interface Decorated<T> { x: T; i: number; k: unknown[] }

/**
 * Stable sort by the keys; with `take`, only the first `take` of that order (the same items: the
 * original index breaks ties, so the order is total), kept by binary insertion when few.
 */
function stableSort<T>(list: T[], keys: ((x: T) => unknown)[], order: readonly OrderTerm[], take?: number): T[] {
  const cmp = (a: Decorated<T>, b: Decorated<T>): number => {
    for (let j = 0; j < keys.length; j++) {
      const c = orderCompare(a.k[j], b.k[j]);
      if (c !== 0) return order[j]!.desc ? -c : c;
    }
    return a.i - b.i;
  };
  if (take !== undefined && take <= 64 && list.length > 256) return topK(list, keys, cmp, take);
  const decorated = list.map((x, i) => ({ x, i, k: keys.map((f) => f(x)) }));
  decorated.sort(cmp);
  return decorated.map((d) => d.x);
}

function topK<T>(list: T[], keys: ((x: T) => unknown)[], cmp: (a: Decorated<T>, b: Decorated<T>) => number, take: number): T[] {
  const best: Decorated<T>[] = [];
  if (take <= 0) return [];
  for (let i = 0; i < list.length; i++) {
    const d = { x: list[i]!, i, k: keys.map((f) => f(list[i]!)) };
    if (best.length === take && cmp(d, best[take - 1]!) >= 0) continue;
    let lo = 0, hi = best.length;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (cmp(best[mid]!, d) < 0) lo = mid + 1; else hi = mid; }
    best.splice(lo, 0, d);
    if (best.length > take) best.pop();
  }
  return best.map((d) => d.x);
}

export function sortDocs(ctx: ExecContext, docs: SourceDoc[], order: readonly OrderTerm[], coll: CollectionModel, take?: number): SourceDoc[] {
  const keys = order.map((t) => (d: SourceDoc) => orderValue(ctx, d, undefined, t.path, coll));
  return stableSort(docs, keys, order, take);
}

function orderValue(ctx: ExecContext, doc: SourceDoc | undefined, rendered: Rendered | undefined, path: readonly string[], coll: CollectionModel): unknown {
  if (path[0] === '_alias') {
    // `{_alias: {writer: {age: ASC}}}` reads through the rendered (aliased) relation
    let v: unknown = rendered?.[path[1]!];
    for (const k of path.slice(2)) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    return v;
  }
  if (!doc) return undefined;
  const [head, ...rest] = path;
  if (head === '_docID') return doc.docID;
  const f = coll.byName.get(head!);
  if (!f) return undefined;
  if (f.kind === 'relation') {
    if (!rest.length) return undefined;
    const target = ctx.collection(f.target);
    return orderValue(ctx, ctx.related(coll, f, doc)[0], undefined, rest, target);
  }
  const v = fieldValue(ctx, doc, head!, coll);
  return f.scalar === FieldKind.DateTime && typeof v === 'string' ? dateTimeKey(v) ?? v : v;
}

export function fieldValue(ctx: ExecContext, doc: SourceDoc, name: string, coll: CollectionModel): unknown {
  if (name === '_docID') return doc.docID;
  if (name === '_deleted') return doc.deleted;
  const f = coll.byName.get(name);
  if (f?.kind === 'scalar' && f.idOf) {
    const rel = coll.byName.get(f.idOf);
    if (rel?.kind === 'relation' && !rel.isPrimary) return ctx.related(coll, rel, doc)[0]?.docID ?? null;
  }
  const v = doc.fields[name];
  return v === undefined ? null : v;
}

export function renderDoc(ctx: ExecContext, doc: SourceDoc, fields: readonly Selection[], coll: CollectionModel): Row {
  const out: Row = {};
  for (const s of fields) {
    switch (s.kind) {
      case 'Field': out[s.key] = s.similarity
        ? similarity(doc, coll, s.similarity.field, s.similarity.vector) : fieldValue(ctx, doc, s.name, coll); break;
      case 'Typename': out[s.key] = s.typename; break;
      case 'Select': out[s.key] = renderRelation(ctx, doc, s, coll); break;
      case 'Aggregate': out[s.key] = computeAggregate(ctx, s, { doc, coll }); break;
      case 'CommitSelect': out[s.key] = renderCommits(ctx, versionCommits(ctx, doc), s.fields); break;
      case 'Commits': break;
    }
  }
  return out;
}

function renderRelation(ctx: ExecContext, doc: SourceDoc, sel: SelectNode, coll: CollectionModel): unknown {
  if (sel.name === '_group') return [];
  const f = coll.byName.get(sel.name);
  if (f?.kind !== 'relation') return null;
  const related = ctx.related(coll, f, doc);
  if (f.isArray) return runSelect(ctx, related, sel);
  const rows = runSelect(ctx, related.slice(0, 1), sel);
  return rows[0] ?? null;
}

interface Group { key: unknown[]; docs: SourceDoc[] }

/** Groups documents by the `groupBy` fields and renders each group, in the order DefraDB meets
 *  the groups (first appearance; see `groupOrder` when `_group` has arguments of its own). */
function runGroups(ctx: ExecContext, docs: SourceDoc[], sel: SelectNode, coll: CollectionModel, ref: object | undefined): Row[] {
  const by = sel.groupBy!;
  if (sel.order.length) docs = sortDocs(ctx, docs, sel.order, coll);
  const keyOf = (d: SourceDoc) => by.map((f) => groupValue(ctx, d, f, coll));
  let groups = groupDocs(docs, keyOf);
  if (!sel.order.length) groups = groupOrder(ctx, docs, groups, sel, coll, keyOf);
  let rows = groups.map((g) => renderGroup(ctx, g.docs, g.key, sel, coll));
  // An `_alias` filter reads the rendered group rows (e.g. an aliased `_avg` of the group).
  const { pred, alias } = compiledFilter(ctx, sel, coll);
  if (alias && pred) rows = rows.filter((r, i) => pred(groups[i]!.docs[0]!, r));
  const t = ref ? ctx.trace?.select(ref) : undefined;
  if (t) t.groups = groups.length;
  return page(rows, sel);
}

const findGroup = (groups: Group[], key: unknown[]): Group | undefined => groups.find((x) => x.key.every((v, i) => equal(v, key[i])));

/** Documents in groups of equal keys, the groups in first-appearance order. */
function groupDocs(docs: Iterable<SourceDoc>, keyOf: (d: SourceDoc) => unknown[]): Group[] {
  const groups: Group[] = [];
  for (const d of docs) {
    const key = keyOf(d);
    const g = findGroup(groups, key);
    if (g) g.docs.push(d);
    else groups.push({ key, docs: [d] });
  }
  return groups;
}

/**
 * DefraDB's group node reads the parent's documents and the first `_group` selection's own
 * source (its filter and order applied) side by side, and meets the groups in that order: row
 * i of the parent, then row i of the child. Without arguments on `_group` both sources agree
 * and this is first appearance; with an order (say `Age: ASC`) the child meets its groups in a
 * different order, and so does the result.
 */
function groupOrder(ctx: ExecContext, docs: SourceDoc[], groups: Group[], sel: SelectNode, coll: CollectionModel,
  keyOf: (d: SourceDoc) => unknown[]): Group[] {
  const child = sel.fields.find((f): f is SelectNode => f.kind === 'Select' && f.name === '_group');
  if (!child || (!child.order.length && !child.filter)) return groups;
  let childDocs = [...filterDocs(ctx, docs, { filter: child.filter }, coll)];
  if (child.groupBy) {
    // a nested groupBy also groups by the parent's fields; its rows are those groups, in order
    const innerBy = [...child.groupBy, ...sel.groupBy!];
    const sorted = child.order.length ? sortDocs(ctx, childDocs, child.order, coll) : childDocs;
    childDocs = groupDocs(sorted, (d) => innerBy.map((f) => groupValue(ctx, d, f, coll))).map((g) => g.docs[0]!);
  } else if (child.order.length) {
    childDocs = sortDocs(ctx, childDocs, child.order, coll);
  }
  const ordered: Group[] = [];
  const meet = (d: SourceDoc | undefined) => {
    if (!d) return;
    const g = findGroup(groups, keyOf(d));
    if (g && !ordered.includes(g)) ordered.push(g);
  };
  for (let i = 0; i < Math.max(docs.length, childDocs.length); i++) { meet(docs[i]); meet(childDocs[i]); }
  return ordered;
}

function groupValue(ctx: ExecContext, d: SourceDoc, name: string, coll: CollectionModel): unknown {
  const f = coll.byName.get(name);
  if (f?.kind === 'relation') return f.isPrimary ? d.fields[`${name}_id`] ?? null : ctx.related(coll, f, d)[0]?.docID ?? null;
  return fieldValue(ctx, d, name, coll);
}

function renderGroup(ctx: ExecContext, docs: SourceDoc[], key: unknown[], sel: SelectNode, coll: CollectionModel): Row {
  const by = sel.groupBy!;
  const out: Row = {};
  const inner = new Map<SelectNode, Row[]>();
  const groupRows = (s: SelectNode): Row[] => {
    let rows = inner.get(s);
    if (!rows) inner.set(s, rows = runSelect(ctx, docs, s));
    return rows;
  };
  for (const s of sel.fields) {
    switch (s.kind) {
      case 'Field': {
        const i = by.indexOf(s.name);
        const j = s.name.endsWith('_id') ? by.indexOf(s.name.slice(0, -3)) : -1;
        out[s.key] = i >= 0 ? key[i] : j >= 0 ? key[j] : docs[0] ? fieldValue(ctx, docs[0], s.name, coll) : null;
        break;
      }
      case 'Typename': out[s.key] = s.typename; break;
      case 'Select':
        out[s.key] = s.name === '_group' ? groupRows(s) : docs[0] ? renderRelation(ctx, docs[0], s, coll) : null;
        break;
      case 'Aggregate': {
        const nested = aggregateOfGroupRows(s, sel.fields, groupRows);
        out[s.key] = nested !== undefined ? nested : computeAggregate(ctx, s, { doc: docs[0], coll, group: docs });
        break;
      }
      default: break;
    }
  }
  return out;
}
