// Compiles a filter argument into a synchronous predicate once per request, so evaluation per
// document is a few closure calls (no re-parsing, no async).

import { arrayElementKind, FieldKind, isArrayKind } from '../../client/index.ts';
import type { CollectionModel, Model, RelationField } from '../model/collection-model.ts';
import type { Filter } from '../request/request-tree.ts';
import type { SourceDoc } from '../source.ts';
import { compare, dateTimeKey, equal, likeMatcher } from './compare.ts';

export type Rendered = Readonly<Record<string, unknown>>;
export type DocPredicate = (doc: SourceDoc, rendered?: Rendered) => boolean;
type ValuePredicate = (v: unknown) => boolean;

/** How the filter reaches related documents; implemented by the executor's join cache. */
export interface FilterEnv {
  readonly model: Model;
  /** Related documents of `doc` through `field` (0 or 1 for single relations). */
  related(collection: CollectionModel, field: RelationField, doc: SourceDoc): readonly SourceDoc[];
}

export class FilterError extends Error {
  readonly code = 'filter-error';
}

/** True when the filter (at any depth) uses `_alias`, so it needs the rendered document. */
export function usesAlias(f: unknown): boolean {
  if (f === null || typeof f !== 'object') return false;
  if (Array.isArray(f)) return f.some(usesAlias);
  return Object.entries(f).some(([k, v]) => k === '_alias' || ((k === '_and' || k === '_or' || k === '_not') && usesAlias(v)));
}

export function compileFilter(filter: Filter | undefined | null, coll: CollectionModel, env: FilterEnv): DocPredicate | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;
  return compileObject(filter, coll, env);
}

function compileObject(filter: Filter, coll: CollectionModel, env: FilterEnv): DocPredicate {
  const parts: DocPredicate[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (key === '_and' || key === '_or') {
      if (value === null) continue;
      const subs = (value as Filter[]).map((f) => compileObject(f ?? {}, coll, env));
      parts.push(key === '_and'
        ? (d, r) => subs.every((p) => p(d, r))
        : (d, r) => subs.some((p) => p(d, r)));
    } else if (key === '_not') {
      if (value === null) continue;
      const sub = compileObject(value as Filter, coll, env);
      parts.push((d, r) => !sub(d, r));
    } else if (key === '_alias') {
      const p = compileAlias(value);
      parts.push((_d, r) => p(r));
    } else if (key === '_docID') {
      if (value === null) continue;
      const p = compileValue(value, 'scalar');
      parts.push((d) => p(d.docID));
    } else {
      const field = coll.byName.get(key);
      if (!field) continue;
      // `{field: null}` is an equality test against null.
      if (value === null) {
        if (field.kind === 'relation') continue;
        parts.push((d) => equal(d.fields[key], null));
        continue;
      }
      if (field.kind === 'relation') {
        const target = env.model.byName.get(field.target)!;
        const sub = compileObject(value as Filter, target, env);
        parts.push((d) => env.related(coll, field, d).some((x) => sub(x)));
        continue;
      }
      const rel = field.idOf ? coll.byName.get(field.idOf) : undefined;
      const mode: Mode = field.scalar === FieldKind.JSON ? 'json' : field.scalar === FieldKind.DateTime ? 'datetime'
        : isArrayKind(field.scalar) ? (arrayElementKind[field.scalar] === FieldKind.DateTime ? 'datetime' : 'scalar') : 'scalar';
      const p = compileValue(value, mode);
      if (rel && rel.kind === 'relation' && !rel.isPrimary) {
        parts.push((d) => p(env.related(coll, rel, d)[0]?.docID));
      } else parts.push((d) => p(d.fields[key]));
    }
  }
  if (parts.length === 1) return parts[0]!;
  return (d, r) => {
    for (const p of parts) if (!p(d, r)) return false;
    return true;
  };
}

/** `_alias: {name: cond, _and: [...], _or: [...], _not: {...}}` over the rendered row; a non-object matches nothing. */
function compileAlias(value: unknown): (r: Rendered | undefined) => boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return () => false;
  const parts: ((r: Rendered | undefined) => boolean)[] = [];
  for (const [k, cond] of Object.entries(value as Filter)) {
    if (cond === undefined) continue;
    if (k === '_and' || k === '_or') {
      const subs = ((cond ?? []) as unknown[]).map(compileAlias);
      parts.push(k === '_and' ? (r) => subs.every((p) => p(r)) : (r) => subs.some((p) => p(r)));
    } else if (k === '_not') {
      const sub = compileAlias(cond);
      parts.push((r) => !sub(r));
    } else {
      const p = compileValue(cond, 'any');
      // An aliased relation list matches when one of its rendered rows does.
      const rowCond = cond !== null && typeof cond === 'object' && Object.keys(cond).some((x) => !x.startsWith('_'));
      parts.push((r) => {
        const v = r?.[k];
        return rowCond && Array.isArray(v) ? v.some(p) : p(v);
      });
    }
  }
  return (r) => parts.every((p) => p(r));
}

/** Alias names an `_alias` filter or order block refers to (at any depth of `_and`/`_or`/`_not`). */
export function aliasNames(f: unknown, inAlias = false, out: string[] = []): string[] {
  if (f === null || typeof f !== 'object') return out;
  if (Array.isArray(f)) { for (const x of f) aliasNames(x, inAlias, out); return out; }
  for (const [k, v] of Object.entries(f)) {
    if (k === '_and' || k === '_or' || k === '_not') aliasNames(v, inAlias, out);
    else if (k === '_alias') aliasNames(v, true, out);
    else if (inAlias) out.push(k);
  }
  return out;
}

/** Filter over plain values (inline-array aggregates): `_and`, `_or` and operators. */
export function compileValueFilter(filter: Filter | undefined | null, datetime = false): ((v: unknown) => boolean) | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;
  const parts: ValuePredicate[] = [];
  const ops: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter)) {
    if (v === undefined || v === null) continue;
    if (k === '_and' || k === '_or') {
      const subs = (v as Filter[]).map((f) => compileValueFilter(f, datetime) ?? (() => true));
      parts.push(k === '_and' ? (x) => subs.every((p) => p(x)) : (x) => subs.some((p) => p(x)));
    } else ops[k] = v;
  }
  if (Object.keys(ops).length) parts.push(compileValue(ops, datetime ? 'datetime' : 'scalar'));
  return (x) => parts.every((p) => p(x));
}

type Mode = 'scalar' | 'datetime' | 'json' | 'any';

/** Compiles an operator block (or, for JSON, a path object) into a value predicate. */
function compileValue(cond: unknown, mode: Mode): ValuePredicate {
  if (cond === null || typeof cond !== 'object' || Array.isArray(cond)) {
    // A bare value (JSON path leaf or alias) means equality.
    return (v) => equal(v, cond);
  }
  const parts: ValuePredicate[] = [];
  const conv = mode === 'datetime' ? (v: unknown) => (typeof v === 'string' ? dateTimeKey(v) ?? v : v) : (v: unknown) => v;
  for (const [op, raw] of Object.entries(cond as Record<string, unknown>)) {
    if (raw === undefined) continue;
    const arg = conv(raw);
    switch (op) {
      case '_eq': parts.push((v) => equal(conv(v), arg)); break;
      case '_ne': parts.push((v) => !equal(conv(v), arg)); break;
      case '_gt': case '_ge': case '_lt': case '_le': {
        if (arg === null) {
          // Everything is >= null, only null is <= null, nothing is < null.
          const isNull = (v: unknown): boolean => v === null || v === undefined;
          parts.push(op === '_ge' ? () => true : op === '_gt' ? (v) => !isNull(v) : op === '_le' ? isNull : () => false);
          break;
        }
        if (mode === 'json' && typeof arg !== 'number' && typeof arg !== 'bigint') {
          throw new FilterError(`unexpected type. Property: condition, Actual: ${goTypeName(arg)}`);
        }
        if (typeof arg === 'string' && mode !== 'datetime' && mode !== 'json' && mode !== 'any') {
          throw new FilterError(`unsupported comparison of strings: ${op}`);
        }
        const test = op === '_gt' ? (c: number) => c > 0 : op === '_ge' ? (c: number) => c >= 0
          : op === '_lt' ? (c: number) => c < 0 : (c: number) => c <= 0;
        parts.push((v) => {
          if (v === null || v === undefined) return false;
          const c = compare(conv(v), arg);
          return c !== undefined && test(c);
        });
        break;
      }
      case '_in': case '_nin': {
        const list = ((arg ?? []) as unknown[]).map(conv);
        const inList = (v: unknown): boolean => { const x = conv(v); return list.some((y) => equal(x, y)); };
        parts.push(op === '_in' ? inList : (v) => !inList(v));
        break;
      }
      case '_like': case '_nlike': case '_ilike': case '_nilike': {
        if (typeof arg !== 'string') { parts.push(() => false); break; }
        const m = likeMatcher(arg, op === '_ilike' || op === '_nilike');
        const neg = op === '_nlike' || op === '_nilike';
        parts.push((v) => (typeof v === 'string' ? m(v) !== neg : neg));
        break;
      }
      case '_any': case '_all': case '_none': {
        if (raw === null) break;
        const el = compileValue(raw, mode === 'any' ? 'json' : mode);
        if (op === '_any') parts.push((v) => Array.isArray(v) && v.some(el));
        else if (op === '_all') parts.push((v) => Array.isArray(v) && v.every(el));
        else parts.push((v) => Array.isArray(v) && !v.some(el)); // a non-array has no elements to test: false (DefraDB)
        break;
      }
      default: {
        if (op.startsWith('_') && mode !== 'json' && mode !== 'any') break;
        // JSON path step (or nested alias object).
        const sub = compileValue(raw, 'json');
        // A missing path reads as null (so `{a: {_ge: null}}` matches documents without `a`).
        parts.push((v) => sub(v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[op] : undefined));
      }
    }
  }
  if (parts.length === 1) return parts[0]!;
  return (v) => {
    for (const p of parts) if (!p(v)) return false;
    return true;
  };
}

/** Go's `%T` name of a decoded JSON value, as connor's type errors print it. */
function goTypeName(v: unknown): string {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return '[]interface {}';
  if (v !== null && typeof v === 'object') return 'map[string]interface {}';
  return typeof v;
}
