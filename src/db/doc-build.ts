// Turns user input into validated field values (DefraDB's NewDocFromMap + validateFieldSchema):
// object relation names become `<rel>_id`, unknown fields and secondary relation sides are
// rejected, every value is normalised by kind, array size constraints are checked. Nothing is
// written here, so a failure leaves the store untouched.

import type { CollectionDefinition, DocFields, SchemaFieldDescription, ScalarKind } from '../client/index.ts';
import { CType, FieldKind, defraError, isArrayKind, isRelationKind } from '../client/index.ts';
import { normalizeFieldValue, parseDocId } from '../core/index.ts';
import type { NormalValue } from '../core/index.ts';
import { ErrFieldNotExist, ErrSecondaryRelationSet } from './errors.ts';

export const ErrArraySizeMismatch = defraError('array-size-mismatch', 'array size mismatch');
export const ErrNegativePCounter = defraError('negative-pcounter', 'value cannot be negative');

export const DOC_ID = '_docID';

/** A stored (schema) field with its value for one write. */
export interface FieldWrite {
  readonly field: SchemaFieldDescription;
  readonly kind: ScalarKind;
  readonly value: NormalValue;
}

/** Field definitions of a collection, indexed by name. */
export interface FieldTable {
  readonly def: CollectionDefinition;
  /** Stored fields (schema fields with a scalar kind, including `<rel>_id`). */
  readonly stored: ReadonlyMap<string, SchemaFieldDescription>;
  /** Object relation field → its `<rel>_id` field name, for primary (schema) relations. */
  readonly primaryRelations: ReadonlyMap<string, string>;
  /** Names known only to the collection (secondary relation sides, `[Book]` fields). */
  readonly localOnly: ReadonlySet<string>;
}

const tables = new WeakMap<CollectionDefinition, FieldTable>();

export function fieldTable(def: CollectionDefinition): FieldTable {
  let t = tables.get(def);
  if (t) return t;
  const stored = new Map<string, SchemaFieldDescription>();
  const primaryRelations = new Map<string, string>();
  for (const f of def.schema.Fields) {
    if (f.Name === DOC_ID) continue;
    if (isRelationKind(f.Kind)) { if (!f.Kind.Array) primaryRelations.set(f.Name, `${f.Name}_id`); continue; }
    stored.set(f.Name, f);
  }
  const localOnly = new Set<string>();
  for (const f of def.version.Fields ?? []) {
    if (f.Name !== DOC_ID && !stored.has(f.Name) && !primaryRelations.has(f.Name)) localOnly.add(f.Name);
  }
  t = { def, stored, primaryRelations, localOnly };
  tables.set(def, t);
  return t;
}

/** Resolves an input key to the stored field it writes. */
function resolveField(t: FieldTable, key: string): SchemaFieldDescription {
  const idField = t.primaryRelations.get(key);
  const f = t.stored.get(idField ?? key);
  if (f) return f;
  if (t.localOnly.has(key)) throw ErrSecondaryRelationSet();
  throw ErrFieldNotExist({ Name: key });
}

function normalize(t: FieldTable, f: SchemaFieldDescription, raw: unknown): NormalValue {
  const kind = f.Kind as ScalarKind;
  let value = normalizeFieldValue(kind, raw);
  if (kind === FieldKind.DocID && typeof value === 'string' && t.primaryRelations.has(f.Name.slice(0, -3))) {
    value = parseDocId(value);
  }
  if (f.Typ === CType.PCounter && typeof value === 'number' && value < 0) throw ErrNegativePCounter();
  if (f.Typ === CType.PCounter && typeof value === 'bigint' && value < 0n) throw ErrNegativePCounter();
  const size = t.def.version.Fields?.find((c) => c.Name === f.Name)?.Size ?? 0;
  if (size > 0 && isArrayKind(kind) && Array.isArray(value) && value.length !== size) {
    throw ErrArraySizeMismatch({ Name: f.Name, Expected: size, Actual: value.length });
  }
  return value;
}

/** Validated writes for the given input (no defaults); `_docID` is ignored. */
export function buildWrites(def: CollectionDefinition, input: DocFields): FieldWrite[] {
  const t = fieldTable(def);
  const out = new Map<string, FieldWrite>();
  for (const [key, raw] of Object.entries(input)) {
    if (key === DOC_ID || raw === undefined) continue;
    const f = resolveField(t, key);
    out.set(f.Name, { field: f, kind: f.Kind as ScalarKind, value: normalize(t, f, raw) });
  }
  return [...out.values()];
}

/** The writes of a new document: `@default` values first, then the input over them. */
export function buildCreateWrites(def: CollectionDefinition, input: DocFields): FieldWrite[] {
  const t = fieldTable(def);
  const withDefaults: DocFields = {};
  for (const c of def.version.Fields ?? []) {
    if (c.DefaultValue !== null && c.DefaultValue !== undefined && t.stored.has(c.Name)) withDefaults[c.Name] = c.DefaultValue;
  }
  return buildWrites(def, { ...withDefaults, ...input });
}
