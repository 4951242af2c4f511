// Reads documents from their records (doc-record.ts): iterate `/C/v/` (or `/C/d/`) in key
// (docID) order, one record per document, decoding only the fields asked for by field kind.
// Synchronous and allocation-light for scans.

import type { ScalarKind } from '../client/index.ts';
import type { KVReader } from '../store/index.ts';
import { DOC_ID_LENGTH } from './keys.ts';
import { RecordReader, recordDocID, recordKey, recordPrefix } from './doc-record.ts';
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
  /** Skip documents failing `test` on just `fieldIds`, before decoding the rest (scans only). */
  prefilter?: { fieldIds: ReadonlySet<number>; usesDocID: boolean; test: (partial: FetchedDoc) => boolean };
}

/** Decodes one record into a fetched document. */
function toFetched(docID: string, bytes: Uint8Array, deleted: boolean, table: FieldTable, opts: FetchOptions, versions: VersionCache): FetchedDoc {
  const r = new RecordReader(bytes);
  const doc: FetchedDoc = { docID, fields: {}, deleted };
  if (r.versionEnd > r.versionStart) doc.schemaVersionID = versions.of(r);
  const only = opts.onlyFieldIds;
  while (r.next()) {
    if (r.dataEnd === r.dataStart) continue; // null
    const field = table.byId[r.fieldId];
    if (!field || (only && !only.has(r.fieldId))) continue;
    const v = decodeFieldValue(field.kind, r.data());
    if (v !== null) doc.fields[field.name] = v;
  }
  return doc;
}

/** Most documents share a schema version: reuse the string while the bytes repeat. */
class VersionCache {
  private bytes: Uint8Array | undefined;
  private text = '';
  of(r: RecordReader): string {
    const b = r.bytes, s = r.versionStart, n = r.versionEnd - s;
    const last = this.bytes;
    let same = last !== undefined && last.length === n;
    if (same) for (let i = 0; i < n; i++) if (last![i] !== b[s + i]) { same = false; break; }
    if (!same) { this.bytes = b.slice(s, s + n); this.text = r.version(); }
    return this.text;
  }
}

function* scanRecords(kv: KVReader, col: number, deleted: boolean, table: FieldTable, opts: FetchOptions): Generator<FetchedDoc> {
  const prefix = recordPrefix(col, deleted);
  const p = prefix.length;
  const versions = new VersionCache();
  const pre = opts.prefilter;
  const partialOpts: FetchOptions = pre ? { onlyFieldIds: pre.fieldIds } : {};
  for (const { key, value } of kv.iterate({ prefix })) {
    if (key.length !== p + DOC_ID_LENGTH) continue;
    if (pre && !pre.test(toFetched(pre.usesDocID ? recordDocID(key, p) : '', value, deleted, table, partialOpts, versions))) continue;
    yield toFetched(recordDocID(key, p), value, deleted, table, opts, versions);
  }
}

/** Every document of a collection in key (docID) order; deleted ones after active ones. */
export function* scanDocs(kv: KVReader, col: number, table: FieldTable, opts: FetchOptions = {}): Generator<FetchedDoc> {
  if (!opts.deletedOnly) yield* scanRecords(kv, col, false, table, opts);
  if (opts.showDeleted || opts.deletedOnly) yield* scanRecords(kv, col, true, table, opts);
}

/** One document, active first then (with showDeleted) deleted; undefined when absent. */
export function fetchDoc(kv: KVReader, col: number, docID: string, table: FieldTable, opts: FetchOptions = {}): FetchedDoc | undefined {
  const places = opts.deletedOnly ? [true] : opts.showDeleted ? [false, true] : [false];
  for (const deleted of places) {
    const bytes = kv.get(recordKey(col, docID, deleted));
    if (bytes) return toFetched(docID, bytes, deleted, table, opts, new VersionCache());
  }
  return undefined;
}
