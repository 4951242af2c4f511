// The physical limits, built from what the database was recorded doing (probe-store.ts):
// - writes: per document the same keys (same lengths) and values, the same number of DAG-CBOR
//   blocks encoded (core's hand-rolled encoder, the fastest we have) and sha256-hashed, put
//   straight into LMDB in one write transaction per batch — no snapshot, overlay, conflict
//   tracking, heads lookups, DocID derivation or GraphQL;
// - reads: the recorded gets and ranges replayed straight on LMDB (same keys, same number of
//   entries), decoding every stored field value.
// Raw writes go to '/rw/…' (same key length as '/db/…'), so the database never sees them.
import { sha256 } from '@noble/hashes/sha2.js';
import { RecordReader, decodeBlock, decodeCbor, encodeBlock, type Block } from '../src/core/index.ts';
import { lmdbRawPutBatch, toKeyRange, type KVEntry, type LmdbStore } from '../src/store/index.ts';
import { compareBytes, prefixEnd } from '../src/util/index.ts';
import type { ReadOp, Recorder } from './probe-store.ts';

const enc = new TextEncoder();
const BLOCKS = enc.encode('/db/blocks/');
const DATA = enc.encode('/db/data/');
const RAW_PREFIX = enc.encode('/rw/');

function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const startsWith = (b: Uint8Array, p: Uint8Array): boolean => b.length >= p.length && indexOfBytes(b.subarray(0, p.length), p) === 0;

/** A copy of `b` with `docID`'s ASCII bytes written over the template's, wherever they occur. */
function substitute(b: Uint8Array, from: Uint8Array, to: Uint8Array): Uint8Array {
  const out = b.slice();
  for (let at = indexOfBytes(out, from); at >= 0; at = indexOfBytes(out, from, at + to.length)) out.set(to, at);
  return out;
}

/** A DocID-shaped string ("bae-" + UUID layout), distinct and scattered for each i. */
export function fakeDocId(i: number): string {
  const h = (x: number) => (Math.imul(x, 2654435761) >>> 0).toString(16).padStart(8, '0');
  const s = h(i) + h(i ^ 0x5bd1e995) + h(i + 0x27d4eb2f) + h(~i);
  return `bae-${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

interface TemplateEntry { key: Uint8Array; value: Uint8Array; docAt: number; block?: Block }

/** What one document's creation writes, as measured. */
export class WriteTemplate {
  readonly entries: TemplateEntry[] = [];
  readonly keys: number;
  readonly bytes: number;
  readonly blocks: number;
  readonly putCalls: number;

  /** `rec` recorded the creation of the documents `docIDs` (one is the template). */
  constructor(rec: Recorder, docIDs: readonly string[]) {
    const docs = docIDs.length;
    const id = enc.encode(docIDs[0]);
    let bytes = 0, blocks = 0;
    for (const { key, value } of rec.writes.values()) {
      bytes += key.length + value.length;
      const isBlock = startsWith(key, BLOCKS);
      if (isBlock) blocks++;
      const docAt = indexOfBytes(key, id);
      const block = isBlock ? decodeBlock(value) : undefined;
      const ofDoc = docAt >= 0 || (block && 'docID' in block.delta && block.delta.docID === docIDs[0]);
      if (ofDoc) this.entries.push({ key, value, docAt, block });
    }
    this.keys = rec.writes.size / docs;
    this.bytes = bytes / docs;
    this.blocks = blocks / docs;
    this.putCalls = rec.putCalls / docs;
    if (this.entries.length === 0) throw new Error('recording holds no writes of the template document');
  }

  describe(): string {
    return `${this.keys.toFixed(1)} keys, ${Math.round(this.bytes)} B, ${this.blocks.toFixed(1)} blocks per doc`;
  }
}

/** Builds and writes the raw equivalent of creating documents (see the header). */
export class RawDocWriter {
  readonly #store: LmdbStore;
  readonly #tpl: WriteTemplate;
  #next = 0;

  constructor(store: LmdbStore, tpl: WriteTemplate) {
    this.#store = store;
    this.#tpl = tpl;
  }

  #entriesOf(docID: string, out: KVEntry[]): void {
    const id = enc.encode(docID);
    for (const t of this.#tpl.entries) {
      const key = t.key.slice();
      key.set(RAW_PREFIX, 0);
      if (t.docAt >= 0) key.set(id, t.docAt);
      let value = t.value;
      if (t.block) {
        const d = t.block.delta;
        value = encodeBlock({ ...t.block, delta: 'docID' in d ? { ...d, docID } : d });
        key.set(sha256(value), BLOCKS.length); // content address
      }
      out.push({ key, value });
    }
  }

  /** Writes `docs` documents in one LMDB write transaction. */
  writeBatch(docs: number): void {
    const entries: KVEntry[] = [];
    for (let i = 0; i < docs; i++) this.#entriesOf(fakeDocId(this.#next++), entries);
    lmdbRawPutBatch(this.#store, entries);
  }
}

/** A document record (`/db/data/<C>/v|d/<docID>`), as opposed to index entries. */
const isRecord = (key: Uint8Array): boolean => {
  const n = key.length;
  return n > 44 && startsWith(key, DATA) && key[n - 41] === 0x2f && key[n - 43] === 0x2f &&
    (key[n - 42] === 0x76 || key[n - 42] === 0x64) && key[n - 40] === 0x62; // '/v|d/b…'
};

/** Decodes every field value of a record read; returns 1 for a record, 0 otherwise. */
/** Reads the value's first and last byte, so the bytes are really fetched. */
let touched = 0;
const touch = (v: Uint8Array): void => { touched ^= (v[0] ?? 0) ^ (v[v.length - 1] ?? 0); };

function decodeValue(key: Uint8Array, value: Uint8Array): number {
  if (!isRecord(key)) return 0;
  const r = new RecordReader(value);
  r.version();
  while (r.next()) if (r.dataEnd > r.dataStart) decodeCbor(r.data());
  return 1;
}

/**
 * The recorded reads with the template DocID replaced by `docID` (keys and range bounds; an end
 * bound that was the start's prefix end is recomputed from the new start).
 */
export function readsFor(reads: readonly ReadOp[], templateDocID: string, docID: string): ReadOp[] {
  const from = enc.encode(templateDocID), to = enc.encode(docID);
  const sub = (b: Uint8Array | undefined) => b && substitute(b, from, to);
  return reads.map((op) => {
    if (op.kind === 'get') return { kind: 'get', key: sub(op.key)! };
    const { start, end } = op.opts;
    const start2 = sub(start);
    const pe = start && prefixEnd(start);
    const end2 = end && pe && compareBytes(end, pe) === 0 ? prefixEnd(start2!) : sub(end);
    return { ...op, opts: { ...op.opts, prefix: sub(op.opts.prefix), start: start2, end: end2 } };
  });
}

/** Replays reads on LMDB directly, decoding field values (keys only where the query read keys only); returns the entries read. */
/** `decode: false` reads every value's bytes but decodes none (for a query that only needs to
 *  look at part of each record, decoding all of it would not be a lower bound). */
export function replayReads(store: LmdbStore, reads: readonly ReadOp[], decode = true): number {
  const db = store.db;
  let n = 0;
  for (const op of reads) {
    if (op.kind === 'get') {
      const v = db.getBinary(op.key);
      if (v !== undefined) { n++; if (decode) decodeValue(op.key, v); else touch(v); }
      continue;
    }
    if (op.consumed === 0) continue;
    const r = toKeyRange(op.opts);
    const o: { start?: Uint8Array; end?: Uint8Array; reverse?: boolean; exclusiveStart?: boolean; inclusiveEnd?: boolean; limit: number } = { limit: op.consumed };
    if (r.reverse) {
      o.reverse = true;
      if (r.end) { o.start = r.end; o.exclusiveStart = true; }
      if (r.start) { o.end = r.start; o.inclusiveEnd = true; }
    } else {
      o.start = r.start;
      o.end = r.end;
    }
    if (op.opts.keysOnly) { for (const _ of db.getKeys(o)) n++; continue; } // the query read no value
    for (const { key, value } of db.getRange(o) as Iterable<KVEntry>) { n++; if (decode) decodeValue(key, value); else touch(value); }
  }
  return n;
}
