// Picks the secondary index a select's filter can use, as DefraDB's planner does: the filtered
// fields in schema (alphabetical) order, the first index whose FIRST field is filtered wins.
// Conditions come from the top level and from `_and` lists (never `_or`/`_not`). The filter is
// still applied to every fetched document, so the scan only has to return a superset.

import { FieldKind, isArrayKind } from '../../client/index.ts';
import type { IndexDescription } from '../../client/index.ts';
import type { CollectionModel, FieldModel } from '../model/collection-model.ts';
import type { Filter } from '../request/request-tree.ts';
import type { IndexFieldCond, IndexScan } from '../source.ts';

const RANGE = new Set(['_gt', '_ge', '_lt', '_le']);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Field conditions of the filter's top level and `_and` lists; the first one per field wins. */
function fieldConditions(filter: Filter, out = new Map<string, unknown>()): Map<string, unknown> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '_and' && Array.isArray(v)) {
      for (const sub of v) if (isObject(sub)) fieldConditions(sub, out);
    } else if (!k.startsWith('_') && !out.has(k)) out.set(k, v);
  }
  return out;
}

/** One operator object (`{_eq: 1}`) → the condition an index scan can use. */
function operatorCond(ops: Record<string, unknown>, jsonPath?: (string | 0)[]): IndexFieldCond {
  const op = Object.keys(ops)[0];
  const v = op === undefined ? undefined : ops[op];
  const path = jsonPath ? { jsonPath } : {};
  if (op === '_eq') return { op, values: [v ?? null], ...path };
  if (op === '_in' && Array.isArray(v)) return { op, values: v, ...path };
  if (op !== undefined && RANGE.has(op) && v !== null && v !== undefined) return { op: op as '_gt', values: [v], ...path };
  return { op: 'scan', ...path, ...(op !== undefined ? { operator: op, operand: v } : {}) };
}

/** The condition of one index field, 'none' when it rules the index out (`_none`). */
function condOf(field: FieldModel, cond: unknown): IndexFieldCond | 'none' | undefined {
  if (!isObject(cond) || field.kind !== 'scalar') return undefined;
  if (field.scalar === FieldKind.JSON) {
    const path: (string | 0)[] = [];
    let node: Record<string, unknown> = cond;
    for (;;) {
      const k = Object.keys(node)[0];
      if (k === undefined) return undefined;
      if (k === '_none') return 'none';
      if (k === '_any' || k === '_all') path.push(0);
      else if (k.startsWith('_')) return path.length ? operatorCond(node, path) : { op: 'scan' };
      else path.push(k);
      const next = node[k];
      if (!isObject(next)) return undefined;
      node = next;
    }
  }
  if (isArrayKind(field.scalar)) {
    const k = Object.keys(cond)[0];
    if (k === '_none') return 'none';
    const inner = k === '_any' || k === '_all' ? cond[k] : undefined;
    return isObject(inner) ? operatorCond(inner) : { op: 'scan' };
  }
  return operatorCond(cond);
}

/** The filter key naming an index field (`owner` is filtered as `owner_id`). */
function keyFor(coll: CollectionModel, indexField: string, conds: Map<string, unknown>): string | undefined {
  if (conds.has(indexField) && coll.byName.get(indexField)?.kind === 'scalar') return indexField;
  const id = `${indexField}_id`;
  return conds.has(id) ? id : undefined;
}

/** The index scan for a select over `coll` with `filter`, or undefined (scan the collection). */
export function chooseIndexScan(coll: CollectionModel, filter: Filter | undefined): IndexScan | undefined {
  const indexes: readonly IndexDescription[] = coll.definition.version.Indexes ?? [];
  if (!filter || indexes.length === 0) return undefined;
  const conds = fieldConditions(filter);
  for (const key of [...conds.keys()].sort()) {
    for (const index of indexes) {
      if (keyFor(coll, index.Fields[0]!.Name, conds) !== key) continue;
      const fields: (IndexFieldCond | undefined)[] = [];
      let usable = true;
      for (const f of index.Fields) {
        const k = keyFor(coll, f.Name, conds);
        const model = k === undefined ? undefined : coll.byName.get(k);
        const c = model ? condOf(model, conds.get(k!)) : undefined;
        if (c === 'none') { if (fields.length === 0) usable = false; fields.push(undefined); } else fields.push(c);
      }
      if (usable && fields[0] !== undefined) return { index, fields };
    }
  }
  return undefined;
}
