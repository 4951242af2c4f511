// Reads documents from the data keys (datamodel.md §4.6): iterate `/C/v/` (or `/C/d/`) in key
// order, group by docID, `v` = schema version, 0xff = empty-doc marker, other keys = field short
// IDs whose CBOR is decoded by field kind. Synchronous and allocation-light for scans.

import type { ScalarKind } from '../client/index.ts';
import type { KVReader } from '../store/index.ts';
import { prefixEnd } from '../util/index.ts';
import { dataInstancePrefix, dataDocPrefix, fromAscii, DOC_ID_LENGTH, type DataInstance } from './keys.ts';
import { decodeFieldValue, type NormalValue } from './field-values.ts';

export interface FetchField { id: number; name: string; kind: ScalarKind }

/** Field definitions indexed by short ID (build once per collection version). */
export class FieldTable {
  readonly byId: (FetchField | undefined)[] = [];
  constructor(fields: readonly FetchField[]) { for (const f of fields) this.byId[f.id] = f; }
}

export interface FetchedDoc {
  docID: string;
  /** Schema version of the last merged composite (`v` key), if present. */
  schemaVersionID?: string;
  /** Field name → value; fields that are null/absent are omitted. */
  fields: Record<string, NormalValue>;
  deleted: boolean;
}

export interface FetchOptions {
  /** Include deleted documents (they follow the active ones in a scan). */
  showDeleted?: boolean;
  /** Only deleted documents. */
  deletedOnly?: boolean;
  /** Only decode these field short IDs (others are skipped). */
  onlyFieldIds?: ReadonlySet<number>;
}

function* scanInstance(kv: KVReader, col: number, inst: DataInstance, table: FieldTable, opts: FetchOptions, range?: { start: Uint8Array; end?: Uint8Array }): Generator<FetchedDoc> {
  const prefix = dataInstancePrefix(col, inst);
  const p = prefix.length;
  const deleted = inst === 'd';
  const iter = range ? kv.iterate({ start: range.start, end: range.end }) : kv.iterate({ prefix });
  let cur: FetchedDoc | undefined;
  let curKey: Uint8Array | undefined;
  const only = opts.onlyFieldIds;
  let lastVersionBytes: Uint8Array | undefined;
  let lastVersion = '';
  for (const { key, value } of iter) {
    if (key.length < p + DOC_ID_LENGTH) continue;
    let same = curKey !== undefined;
    if (same) for (let i = 0; i < DOC_ID_LENGTH; i++) if (key[p + i] !== curKey![i]) { same = false; break; }
    if (!same) {
      if (cur) yield cur;
      cur = { docID: fromAscii(key, p, p + DOC_ID_LENGTH), fields: {}, deleted };
      curKey = key.slice(p, p + DOC_ID_LENGTH); // backends may reuse key buffers
    }
    const f0 = p + DOC_ID_LENGTH + 1;
    if (key.length <= f0) continue; // empty-doc marker `/C/v/<docID>`
    const c = key[f0];
    if (c === 0x76 && key.length === f0 + 1) {
      // Most documents share a version: reuse the string when the bytes repeat.
      if (!lastVersionBytes || !sameBytes(lastVersionBytes, value)) { lastVersionBytes = value.slice(); lastVersion = fromAscii(value); }
      cur!.schemaVersionID = lastVersion;
      continue;
    }
    let id = 0;
    for (let i = f0; i < key.length; i++) {
      const d = key[i] - 0x30;
      if (d < 0 || d > 9) { id = -1; break; }
      id = id * 10 + d;
    }
    if (id < 0 || (value.length === 1 && value[0] === 0xff)) continue;
    const field = table.byId[id];
    if (!field || (only && !only.has(id))) continue;
    const v = decodeFieldValue(field.kind, value);
    if (v !== null) cur!.fields[field.name] = v;
  }
  if (cur) yield cur;
}

/** Every document of a collection in key (docID) order; deleted ones after active ones. */
export function* scanDocs(kv: KVReader, col: number, table: FieldTable, opts: FetchOptions = {}): Generator<FetchedDoc> {
  if (!opts.deletedOnly) yield* scanInstance(kv, col, 'v', table, opts);
  if (opts.showDeleted || opts.deletedOnly) yield* scanInstance(kv, col, 'd', table, opts);
}

/** One document, active first then (with showDeleted) deleted; undefined when absent. */
export function fetchDoc(kv: KVReader, col: number, docID: string, table: FieldTable, opts: FetchOptions = {}): FetchedDoc | undefined {
  const insts: DataInstance[] = opts.deletedOnly ? ['d'] : opts.showDeleted ? ['v', 'd'] : ['v'];
  for (const inst of insts) {
    const start = dataDocPrefix(col, inst, docID);
    for (const d of scanInstance(kv, col, inst, table, opts, { start, end: prefixEnd(start) })) if (d.docID === docID) return d;
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
