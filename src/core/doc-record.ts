// One stored record per document instead of Go's key per field, instance and pk marker
// (datamodel.md §4.3 describes Go's layout; only IDs, blocks and CIDs must match Go, keys are
// ours). A create then writes one data key instead of ~11, and a scan reads one key per document.
//
//   /db/data/<C>/v/<docID>  active document      /db/data/<C>/d/<docID>  deleted document
//
// Value: uvarint version length, the schema version ID (ASCII), then per field in ascending
// short-ID order: uvarint field ID, uvarint priority, uvarint data length, data (the field's
// CBOR; empty when the last write set it to null — the priority stays for LWW).

import type { KVReader, KVWriter } from '../store/index.ts';
import { buildKey, collectionDataPrefix, fromAscii, DOC_ID_LENGTH } from './keys.ts';
import { Leb128Cursor, putUvarint, uvarintSize } from './varint.ts';
import { activeBatch } from './write-batch.ts';

const corruptRecord = () => new Error('corrupt document record');

export interface FieldSlot {
  priority: number;
  /** CBOR of the current value; empty = null. */
  data: Uint8Array;
}

export interface DocRecord {
  /** Schema version of the last merged composite; '' before any. */
  version: string;
  /** Field short ID → slot. */
  fields: Map<number, FieldSlot>;
}

export type RecordStatus = 'active' | 'deleted';
const EMPTY = new Uint8Array(0);

/** `/db/data/<C>/v/` or `/db/data/<C>/d/`: every active (deleted) document of a collection. */
export const recordPrefix = (col: number, deleted: boolean): Uint8Array =>
  buildKey(collectionDataPrefix(col), '/', deleted ? 'd' : 'v', '/');

export const recordKey = (col: number, docID: string, deleted: boolean): Uint8Array =>
  buildKey(collectionDataPrefix(col), '/', deleted ? 'd' : 'v', '/', docID);

/** The DocID of a record key under `prefix`. */
export const recordDocID = (key: Uint8Array, prefixLength: number): string =>
  fromAscii(key, prefixLength, prefixLength + DOC_ID_LENGTH);

/** Whether a document was ever created (or deleted) here, without decoding its record. */
export function docStatus(kv: KVReader, col: number, docID: string): RecordStatus | undefined {
  if (kv.has(recordKey(col, docID, false))) return 'active';
  if (kv.has(recordKey(col, docID, true))) return 'deleted';
  return undefined;
}

export interface LoadedRecord { record: DocRecord; status: RecordStatus | undefined }

/** The document's record wherever it lives; an empty active one when it does not exist yet. */
export function loadRecord(kv: KVReader, col: number, docID: string): LoadedRecord {
  const pending = activeBatch(kv)?.get<HeldRecord>(col, docID)?.value;
  if (pending) return { record: pending.record, status: pending.status };
  let bytes = kv.get(recordKey(col, docID, false));
  if (bytes) return { record: decodeRecord(bytes), status: 'active' };
  bytes = kv.get(recordKey(col, docID, true));
  if (bytes) return { record: decodeRecord(bytes), status: 'deleted' };
  return { record: { version: '', fields: new Map() }, status: undefined };
}

/**
 * Inside a write batch: notes that the document has no record (the caller just checked with
 * docStatus), so the batch's loads of it need no read.
 */
export function holdAbsentRecord(kv: KVReader, col: number, docID: string): void {
  const batch = activeBatch(kv);
  if (!batch || batch.get(col, docID)) return;
  batch.hold(col, docID, { col, docID, record: { version: '', fields: new Map() }, status: undefined, stored: undefined } satisfies HeldRecord, writeHeld, false);
}

/** Writes the record under `status` (a new document is active), removing it from the other place. */
export function saveRecord(kv: KVWriter, col: number, docID: string, record: DocRecord, status: RecordStatus, previous: RecordStatus | undefined): void {
  const batch = activeBatch(kv);
  if (batch) {
    const held = batch.get<HeldRecord>(col, docID);
    batch.hold(col, docID, { col, docID, record, status, stored: held ? held.value.stored : previous }, writeHeld, true);
    return;
  }
  writeRecord(kv, col, docID, record, status, previous);
}

function writeRecord(kv: KVWriter, col: number, docID: string, record: DocRecord, status: RecordStatus, previous: RecordStatus | undefined): void {
  if (previous !== undefined && previous !== status) kv.delete(recordKey(col, docID, previous === 'deleted'));
  kv.put(recordKey(col, docID, status === 'deleted'), encodeRecord(record));
}

// ---- write-back batches (write-batch.ts) ----

/** `status` undefined: held as absent (holdAbsentRecord) and not written since. */
interface HeldRecord { col: number; docID: string; record: DocRecord; status: RecordStatus | undefined; stored: RecordStatus | undefined }
const writeHeld = (kv: KVWriter, h: HeldRecord): void => writeRecord(kv, h.col, h.docID, h.record, h.status!, h.stored);

// ---- encoding ----

export function encodeRecord(r: DocRecord): Uint8Array {
  const ids = [...r.fields.keys()].sort((a, b) => a - b);
  let size = uvarintSize(r.version.length) + r.version.length;
  for (const id of ids) {
    const s = r.fields.get(id)!;
    size += uvarintSize(id) + uvarintSize(s.priority) + uvarintSize(s.data.length) + s.data.length;
  }
  const out = new Uint8Array(size);
  let at = putUvarint(out, 0, r.version.length);
  for (let i = 0; i < r.version.length; i++) out[at++] = r.version.charCodeAt(i);
  for (const id of ids) {
    const s = r.fields.get(id)!;
    at = putUvarint(out, at, id);
    at = putUvarint(out, at, s.priority);
    at = putUvarint(out, at, s.data.length);
    out.set(s.data, at);
    at += s.data.length;
  }
  return out;
}

/** A cursor over an encoded record; `next()` steps to the following field. */
export class RecordReader {
  readonly bytes: Uint8Array;
  /** Where the version ID's bytes are. */
  readonly versionStart: number;
  readonly versionEnd: number;
  fieldId = -1;
  priority = 0;
  dataStart = 0;
  dataEnd = 0;
  private readonly cur: Leb128Cursor;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
    const cur = (this.cur = new Leb128Cursor(bytes, 0, corruptRecord));
    const n = cur.next();
    this.versionStart = cur.at;
    this.versionEnd = cur.at + n;
    cur.at = this.versionEnd;
  }

  version(): string { return fromAscii(this.bytes, this.versionStart, this.versionEnd); }

  /** Advances to the next field; false at the end. */
  next(): boolean {
    const cur = this.cur;
    if (cur.at >= this.bytes.length) return false;
    this.fieldId = cur.next();
    this.priority = cur.next();
    const len = cur.next();
    this.dataStart = cur.at;
    this.dataEnd = cur.at + len;
    cur.at = this.dataEnd;
    return true;
  }

  data(): Uint8Array { return this.dataStart === this.dataEnd ? EMPTY : this.bytes.subarray(this.dataStart, this.dataEnd); }
}

export function decodeRecord(bytes: Uint8Array): DocRecord {
  const r = new RecordReader(bytes);
  const fields = new Map<number, FieldSlot>();
  // copy: the backend may reuse the buffer it returned
  while (r.next()) fields.set(r.fieldId, { priority: r.priority, data: r.data().slice() });
  return { version: r.version(), fields };
}
