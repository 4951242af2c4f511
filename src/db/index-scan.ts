// Index scans for the query engine (query/source.ts `indexScan`): the filter's conditions on an
// index's fields become KV key ranges, read in index order. As DefraDB: leading `_eq` fields
// (or one `_in` on the first field) form exact prefixes, a following range operator narrows the
// byte range (nulls sort first, so `_lt`/`_le` include them), any other operator reads the
// whole scope. Every entry read counts as one index fetch; docIDs come back once each.

import type { CollectionDefinition, ScalarKind } from '../client/index.ts';
import { FieldKind, isArrayKind } from '../client/index.ts';
import { CborWriter, fromAscii, indexPrefix, normalizeFieldValue, writeIndexValue, writeJsonPath } from '../core/index.ts';
import type { JsonLeaf, NormalValue } from '../core/index.ts';
import type { IndexFieldCond, IndexScan, IndexScanStats } from '../query/index.ts';
import { compareBytes, concatBytes, fromUtf8, prefixEnd } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { indexedField } from './index-maintenance.ts';
import { collectionShortId } from './schema-ops.ts';

const SLASH = Uint8Array.of(0x2f);

interface Field { kind: ScalarKind; descending: boolean; cond: IndexFieldCond | undefined }

/** A key range: keys in [start, end); `exact` is also read first (a unique key = the prefix). */
interface Range { start: Uint8Array; end: Uint8Array | undefined; exact?: Uint8Array }

/** The encoded bytes of one field value (a JSON leaf at the condition's path for JSON fields). */
function encodeValue(f: Field, v: unknown): Uint8Array {
  const w = new CborWriter(64);
  if (f.kind === FieldKind.JSON) {
    const leaf: JsonLeaf = { path: [...(f.cond?.jsonPath ?? [])], value: v as JsonLeaf['value'] };
    writeIndexValue(w, f.kind, leaf, f.descending);
  } else {
    const nv = v === null ? null : isArrayKind(f.kind) ? (normalizeFieldValue(f.kind, [v]) as NormalValue[])[0]! : normalizeFieldValue(f.kind, v);
    writeIndexValue(w, f.kind, nv, f.descending);
  }
  return w.finish();
}

/** The scope every entry of a field with this condition lies in (JSON: the condition's path). */
function scopeOf(f: Field): Uint8Array {
  if (f.kind !== FieldKind.JSON || !f.cond?.jsonPath) return new Uint8Array(0);
  const w = new CborWriter(64);
  writeJsonPath(w, f.cond.jsonPath);
  w.byte(0x2f);
  return w.finish();
}

const isJsonValue = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** Builds the key ranges of the scan; throws when a value cannot be encoded (matches nothing). */
function ranges(prefix: Uint8Array, fields: Field[], unique: boolean): Range[] {
  // exact prefixes from leading _eq fields (or an _in on the first field)
  let prefixes: Uint8Array[] = [prefix];
  let i = 0;
  for (; i < fields.length; i++) {
    const f = fields[i]!;
    const c = f.cond;
    if (!c || (c.op !== '_eq' && !(c.op === '_in' && i === 0))) break;
    const values = c.op === '_in' ? c.values ?? [] : [c.values?.[0] ?? null];
    if (f.kind === FieldKind.JSON && !values.every(isJsonValue)) return [];
    const sep = i > 0 ? SLASH : new Uint8Array(0);
    const encoded = values.map((v) => encodeValue(f, v)).sort(compareBytes);
    const uniq = encoded.filter((e, j) => j === 0 || compareBytes(e, encoded[j - 1]!) !== 0);
    prefixes = prefixes.flatMap((p) => uniq.map((e) => concatBytes(p, sep, e)));
    if (c.op === '_in') { i++; break; }
  }
  if (i === fields.length) {
    // every field fixed: a unique entry is the key itself, others (and nulls) carry the docID
    return prefixes.map((p) => {
      const base = concatBytes(p, SLASH);
      return { start: base, end: prefixEnd(base), ...(unique ? { exact: p } : {}) };
    });
  }
  // a range (or the whole scope) of the next field under each prefix
  const f = fields[i]!;
  const c = f.cond;
  return prefixes.map((p) => {
    const base = i > 0 ? concatBytes(p, SLASH) : p;
    const scope = concatBytes(base, scopeOf(f));
    const r: Range = { start: scope, end: prefixEnd(scope) };
    if (c && (c.op === '_gt' || c.op === '_ge' || c.op === '_lt' || c.op === '_le')) {
      const v = c.values?.[0] ?? null;
      if (f.kind === FieldKind.JSON && !isJsonValue(v)) throw new RangeError('not a JSON leaf');
      const at = concatBytes(base, encodeValue(f, v));
      // a descending field stores the complement: "greater" comes earlier in byte order
      const op = f.descending ? ({ _gt: '_lt', _ge: '_le', _lt: '_gt', _le: '_ge' } as const)[c.op] : c.op;
      if (op === '_gt') r.start = prefixEnd(at) ?? at;
      else if (op === '_ge') r.start = at;
      else if (op === '_lt') r.end = at;
      else r.end = prefixEnd(at);
    }
    return r;
  });
}

/** The docID of an index entry: the value of a unique key, else the key's trailing string. */
function entryDocID(key: Uint8Array, value: Uint8Array): string {
  if (value.length > 0) return fromUtf8(value);
  return fromAscii(key, key.length - 42, key.length - 2);
}

export function* scanIndex(ctx: TxnContext, def: CollectionDefinition, scan: IndexScan, stats: IndexScanStats): Generator<string> {
  const fields: Field[] = [];
  for (let i = 0; i < scan.index.Fields.length; i++) {
    const field = indexedField(def, scan.index.Fields[i]!.Name);
    if (!field) return;
    fields.push({ kind: field.Kind as ScalarKind, descending: scan.index.Fields[i]!.Descending, cond: scan.fields[i] });
  }
  let rs: Range[];
  try {
    rs = ranges(indexPrefix(collectionShortId(ctx, def), scan.index.ID), fields, scan.index.Unique);
  } catch {
    return; // a filter value the field cannot hold matches nothing
  }
  const seen = new Set<string>();
  for (const r of rs) {
    const entries: { key: Uint8Array; value: Uint8Array }[] = [];
    if (r.exact) {
      const v = ctx.kv.get(r.exact);
      if (v !== undefined) entries.push({ key: r.exact, value: v });
    }
    for (const e of [...entries, ...ctx.kv.iterate({ start: r.start, ...(r.end ? { end: r.end } : {}) })]) {
      stats.indexFetches++;
      const id = entryDocID(e.key, e.value);
      if (seen.has(id)) continue;
      seen.add(id);
      yield id;
    }
  }
}
