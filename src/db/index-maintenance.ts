// Secondary index entries of a document (datamodel §4.4): one key per combination of indexed
// values (array fields contribute each distinct element, JSON fields each leaf). Non-unique
// keys end with the docID; unique keys hold the docID as value unless a value is null.

import type { CollectionDefinition, IndexDescription, ScalarKind } from '../client/index.ts';
import { FieldKind, isArrayKind } from '../client/index.ts';
import { buildIndexKey, jsonLeaves } from '../core/index.ts';
import type { IndexKeyField, JsonValue, NormalValue } from '../core/index.ts';
import { compareBytes, fromUtf8, toHex, utf8 } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { fieldTable } from './doc-build.ts';
import type { StoredDoc } from './doc-store.ts';
import { ErrUniqueIndexViolation } from './errors.ts';
import { collectionShortId } from './schema-ops.ts';

const EMPTY = new Uint8Array(0);

export interface IndexEntry { key: Uint8Array; value: Uint8Array }

/** The stored field an index field name refers to (relation object names map to `<rel>_id`). */
export function indexedField(def: CollectionDefinition, name: string) {
  const t = fieldTable(def);
  return t.stored.get(t.primaryRelations.get(name) ?? name);
}

/** The distinct encodable values one field contributes. */
function valuesOf(kind: ScalarKind, v: NormalValue | undefined): (NormalValue | ReturnType<typeof jsonLeaves>[number])[] {
  if (v === undefined || v === null) return [null];
  if (kind === FieldKind.JSON) {
    const leaves = jsonLeaves(v as JsonValue);
    return leaves.length ? leaves : [null];
  }
  if (isArrayKind(kind) && Array.isArray(v)) {
    const seen = new Map<string, NormalValue>();
    for (const x of v) seen.set(typeof x + ':' + String(x), x as NormalValue);
    return seen.size ? [...seen.values()] : [null];
  }
  return [v];
}

/** Every key (and value) of `doc` in `index`, once each. */
export function indexEntries(col: number, def: CollectionDefinition, index: IndexDescription, doc: StoredDoc): IndexEntry[] {
  const out = new Map<string, IndexEntry>();
  for (const e of allEntries(col, def, index, doc)) out.set(toHex(e.key), e);
  return [...out.values()];
}

/** The entries with repeats: equal JSON leaves of one doc yield the same unique key twice. */
function allEntries(col: number, def: CollectionDefinition, index: IndexDescription, doc: StoredDoc): IndexEntry[] {
  let combos: IndexKeyField[][] = [[]];
  for (const f of index.Fields) {
    const field = indexedField(def, f.Name);
    if (!field) return [];
    const kind = field.Kind as ScalarKind;
    const next: IndexKeyField[][] = [];
    for (const value of valuesOf(kind, doc.fields[field.Name] as NormalValue | undefined)) {
      for (const c of combos) next.push([...c, { kind, value, descending: f.Descending }]);
    }
    combos = next;
  }
  // a JSON null leaf is a value; only a null field makes a unique entry carry its docID
  return combos.map((fields) => index.Unique && !fields.some((f) => f.value === null)
    ? { key: buildIndexKey(col, index.ID, fields), value: utf8(doc.docID) }
    : { key: buildIndexKey(col, index.ID, fields, doc.docID), value: EMPTY });
}

/** Go's `%v` of a value, as DefraDB prints it in error details. */
export function goFormat(v: unknown): string {
  if (v === undefined || v === null) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (typeof v === 'object') {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}

function uniqueViolation(index: IndexDescription, def: CollectionDefinition, doc: StoredDoc) {
  const details: Record<string, unknown> = { DocID: doc.docID };
  for (const f of index.Fields) {
    const field = indexedField(def, f.Name);
    const v = field ? doc.fields[field.Name] : undefined;
    details[f.Name] = goFormat(v);
  }
  return ErrUniqueIndexViolation(details);
}

/** Writes the entries of one doc into one index, rejecting unique violations. */
export function addToIndex(ctx: TxnContext, col: number, def: CollectionDefinition, index: IndexDescription, doc: StoredDoc): void {
  const own = new Set<string>();
  for (const e of allEntries(col, def, index, doc)) {
    if (index.Unique && e.value.length > 0) {
      // DefraDB rejects a key that exists, even one this doc's own JSON array repeats
      const hex = toHex(e.key);
      if (own.has(hex)) throw uniqueViolation(index, def, doc);
      own.add(hex);
      const existing = ctx.kv.get(e.key);
      if (existing && fromUtf8(existing) !== doc.docID) throw uniqueViolation(index, def, doc);
    }
    ctx.kv.put(e.key, e.value);
  }
}

export function removeFromIndex(ctx: TxnContext, col: number, def: CollectionDefinition, index: IndexDescription, doc: StoredDoc): void {
  for (const e of indexEntries(col, def, index, doc)) {
    const existing = ctx.kv.get(e.key);
    if (existing === undefined) continue;
    // a unique key owned by another doc is not ours to remove
    if (e.value.length > 0 && compareBytes(existing, e.value) !== 0) continue;
    ctx.kv.delete(e.key);
  }
}

/** Moves a document's entries in every index of the collection from `before` to `after`. */
export function indexDocChange(ctx: TxnContext, def: CollectionDefinition, docID: string, before: StoredDoc | undefined, after: StoredDoc | undefined): void {
  const indexes = def.version.Indexes ?? [];
  if (indexes.length === 0) return;
  const col = collectionShortId(ctx, def);
  for (const index of indexes) {
    if (before) removeFromIndex(ctx, col, def, index, before);
    if (after) addToIndex(ctx, col, def, index, after);
  }
  void docID;
}
