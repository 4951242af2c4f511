// A select's candidate documents read through a secondary index (when its filter has a
// condition on an index's first field): docIDs in index order from the source's index scan,
// each fetched once. The index entries read are counted per select request node (a request tree
// is built per execution), for `@explain(type: execute)`'s `indexFetches` (`indexFetchesOf`).

import type { SelectNode } from '../request/request-tree.ts';
import type { Model } from '../model/collection-model.ts';
import type { IndexScan, IndexScanStats, QuerySource, SourceDoc } from '../source.ts';
import type { ExecContext } from './exec-context.ts';
import { likeMatcher } from '../filter/compare.ts';
import { chooseIndexScan } from './index-choice.ts';
import { fieldValue } from './select.ts';

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
  const stats: IndexScanStats = { indexFetches: 0 };
  if (scan) {
    statsBySelect.set(sel, stats);
    return fetchAll(ctx, sel.collection, scan, stats);
  }
  const viaRelation = relationIndexDocs(ctx, sel, stats);
  if (viaRelation) statsBySelect.set(sel, stats);
  return viaRelation;
}

/**
 * A filter on a related collection's indexed field (`devices: {model: {_eq: …}}`): the related
 * documents come from their index and lead to their parents (each once, in that order), as
 * DefraDB's join driven by the indexed side. The whole filter still applies to the parents.
 */
function relationIndexDocs(ctx: ExecContext, sel: SelectNode, stats: IndexScanStats): Iterable<SourceDoc> | undefined {
  if (!sel.filter || sel.showDeleted || sel.cid !== undefined || !ctx.source.indexScan) return undefined;
  const coll = ctx.model.byName.get(sel.collection);
  if (!coll) return undefined;
  for (const key of Object.keys(sel.filter).sort()) {
    const f = coll.byName.get(key);
    const sub = sel.filter[key];
    if (f?.kind !== 'relation' || sub === null || typeof sub !== 'object' || Array.isArray(sub)) continue;
    const target = ctx.model.byName.get(f.target);
    const scan = target && chooseIndexScan(target, sub as Record<string, unknown>);
    // only a condition that needs a related doc with a value (a missing one may match `_eq: null`)
    const first = scan?.fields[0];
    if (!scan || !first || first.op === 'scan' || (first.values ?? []).some((v) => v === null)) continue;
    if (f.isPrimary) {
      // parents hold `<rel>_id`: only worth it when that link is indexed too
      const back = (coll.definition.version.Indexes ?? []).find((i) => i.Fields[0]?.Name === f.name || i.Fields[0]?.Name === `${f.name}_id`);
      if (!back) continue;
      return parentsOf(ctx, f.target, scan, stats, (child) => {
        const ids = ctx.source.indexScan!(sel.collection, { index: back, fields: back.Fields.map((_, i) => (i === 0 ? { op: '_eq', values: [child.docID] } : undefined)) }, stats);
        return [...ids];
      }, sel.collection);
    }
    if (!f.counterpart) continue;
    const link = `${f.counterpart}_id`;
    return parentsOf(ctx, f.target, scan, stats, (child) => {
      const id = child.fields[link];
      return typeof id === 'string' ? [id] : [];
    }, sel.collection);
  }
  return undefined;
}

function* parentsOf(
  ctx: ExecContext, target: string, scan: IndexScan, stats: IndexScanStats,
  parentIDs: (child: SourceDoc) => string[], collection: string,
): Generator<SourceDoc> {
  const seen = new Set<string>();
  for (const child of fetchAll(ctx, target, scan, stats)) {
    for (const id of parentIDs(child)) {
      if (seen.has(id)) continue;
      seen.add(id);
      const d = ctx.source.get(collection, id);
      if (d) yield d;
    }
  }
}

const LIKE = new Set(['_like', '_nlike', '_ilike', '_nilike']);

/**
 * DefraDB matches `_like` family operators on the index values themselves: a value that is not
 * a string (null, a number…) matches none of them, `_nlike` included (the plain filter would
 * keep it). One predicate per such index field, over the values the doc indexes there.
 */
function likeChecks(ctx: ExecContext, collection: string, scan: IndexScan): ((d: SourceDoc) => boolean)[] {
  const coll = ctx.model.byName.get(collection);
  const checks: ((d: SourceDoc) => boolean)[] = [];
  scan.fields.forEach((c, i) => {
    if (!c || c.op !== 'scan' || !LIKE.has(c.operator ?? '') || typeof c.operand !== 'string') return;
    const m = likeMatcher(c.operand, c.operator === '_ilike' || c.operator === '_nilike');
    const neg = c.operator === '_nlike' || c.operator === '_nilike';
    const name = scan.index.Fields[i]!.Name;
    checks.push((d) => indexedValues(fieldValue(ctx, d, coll?.byName.has(name) ? name : `${name}_id`, coll!), c.jsonPath ?? [])
      .some((v) => typeof v === 'string' && m(v) !== neg));
  });
  return checks;
}

/** The scalar values a field value contributes at a JSON path (`0`: each non-array element). */
function indexedValues(v: unknown, path: readonly (string | 0)[]): unknown[] {
  if (path.length === 0) return Array.isArray(v) ? v : [v];
  const [head, ...rest] = path;
  if (head === 0) return Array.isArray(v) ? v.filter((x) => !Array.isArray(x)).flatMap((x) => indexedValues(x, rest)) : [];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  return indexedValues((v as Record<string, unknown>)[head!], rest);
}

function* fetchAll(ctx: ExecContext, collection: string, scan: IndexScan, stats: IndexScanStats): Generator<SourceDoc> {
  const checks = likeChecks(ctx, collection, scan);
  for (const id of ctx.source.indexScan!(collection, scan, stats)) {
    const d = ctx.source.get(collection, id);
    if (d && checks.every((ok) => ok(d))) yield d;
  }
}

/**
 * The documents of `collection` for a join on its link field `idField`: when an index starts with
 * that field (or its relation), in index order, as DefraDB's join fetches children through it;
 * otherwise a plain scan.
 */
export function joinSourceDocs(source: QuerySource, model: Model, collection: string, idField: string): Iterable<SourceDoc> {
  const coll = model.byName.get(collection);
  const rel = idField.endsWith('_id') ? idField.slice(0, -3) : idField;
  const index = (coll?.definition.version.Indexes ?? []).find((i) => i.Fields[0]?.Name === idField || i.Fields[0]?.Name === rel);
  if (!index || !source.indexScan) return source.scan(collection);
  return (function* () {
    for (const id of source.indexScan!(collection, { index, fields: index.Fields.map(() => undefined) }, { indexFetches: 0 })) {
      const d = source.get(collection, id);
      if (d) yield d;
    }
  })();
}
