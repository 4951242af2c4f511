// All head sets of one document under one key instead of Go's key per head: a create then writes
// one heads key instead of one per field DAG plus the composite's.
//
//   /db/heads/d/<docID>  →  per head set, field ID strings ascending (`C` = composite; bytewise,
//   as the per-head keys `<fid>/<cid>` sorted): uvarint fid length, fid (ASCII), uvarint head
//   count, then per head in CID-text order: uvarint CID length, CID bytes, uvarint height.
//
// The head-set API (heads.ts, history.ts) still names a set by its prefix `docHeadPrefix(docID,
// fid)`; collection head sets keep a key per head.

import { CID } from 'multiformats/cid';
import type { KVReader, KVWriter } from '../store/index.ts';
import type { HeadEntry } from './heads.ts';
import { ascii, buildKey, fromAscii, DocHeadPrefix, HEADS_PREFIX, DOC_ID_LENGTH } from './keys.ts';
import { cidFromBytes, cidText } from './cid.ts';
import { Leb128Cursor, putUvarint, uvarintSize } from './varint.ts';
import { activeBatch } from './write-batch.ts';

const corruptHeads = () => new Error('corrupt document heads');

/** Field ID → its heads in CID-text order. */
export type DocHeads = Map<string, HeadEntry[]>;

const DOC_HEADS_PREFIX = ascii(HEADS_PREFIX + '/d/');
const DOC_KEY_LENGTH = DOC_HEADS_PREFIX.length + DOC_ID_LENGTH;

/** `/db/heads/d/<docID>` */
export const docHeadsKey = (docID: string): Uint8Array => buildKey(DOC_HEADS_PREFIX, docID);

function startsWithDocHeads(b: Uint8Array): boolean {
  for (let i = 0; i < DOC_HEADS_PREFIX.length; i++) if (b[i] !== DOC_HEADS_PREFIX[i]) return false;
  return true;
}

/** The DocID of a `/db/heads/d/<docID>` key; undefined for any other key. */
export const docIdOfHeadsKey = (key: Uint8Array): string | undefined =>
  key.length === DOC_KEY_LENGTH && startsWithDocHeads(key) ? fromAscii(key, DOC_HEADS_PREFIX.length) : undefined;

const SLASH = 0x2f;

type HeadTarget = { docID: string; fid: string | undefined } | undefined;

/**
 * What a head prefix names in the per-doc key: `docHeadPrefix(docID, fid)` → one set,
 * `docHeadsPrefix(docID)` → every set (fid undefined); undefined for any other prefix.
 */
export function docHeadTarget(prefix: Uint8Array): HeadTarget {
  return prefix instanceof DocHeadPrefix ? prefix.target : parseHeadTarget(prefix);
}

function parseHeadTarget(prefix: Uint8Array): HeadTarget {
  if (prefix.length <= DOC_KEY_LENGTH || prefix[DOC_KEY_LENGTH] !== SLASH || !startsWithDocHeads(prefix)) return undefined;
  const docID = fromAscii(prefix, DOC_HEADS_PREFIX.length, DOC_KEY_LENGTH);
  if (prefix.length === DOC_KEY_LENGTH + 1) return { docID, fid: undefined };
  if (prefix.length < DOC_KEY_LENGTH + 3 || prefix[prefix.length - 1] !== SLASH) return undefined;
  return { docID, fid: fromAscii(prefix, DOC_KEY_LENGTH + 1, prefix.length - 1) };
}

// ---- load / save (write-back inside withWriteBatch) ----

interface HeldHeads { docID: string; sets: DocHeads }
/** The write-batch space of document heads (records use their collection's short ID, ≥ 0). */
const HEADS_SPACE = -1;
const writeHeld = (kv: KVWriter, h: HeldHeads): void => writeDocHeads(kv, h.docID, h.sets);

/** A document's head sets (empty when it has none). Inside a batch the same map is returned each time. */
export function loadDocHeads(kv: KVReader, docID: string): DocHeads {
  const batch = activeBatch(kv);
  const held = batch?.get<HeldHeads>(HEADS_SPACE, docID);
  if (held) return held.value.sets;
  const bytes = kv.get(docHeadsKey(docID));
  const sets: DocHeads = bytes ? decodeDocHeads(bytes) : new Map();
  batch?.hold(HEADS_SPACE, docID, { docID, sets }, writeHeld, false);
  return sets;
}

/** Inside a write batch: notes that a new document has no heads, so loading them needs no read. */
export function holdAbsentDocHeads(kv: KVReader, docID: string): void {
  const batch = activeBatch(kv);
  if (batch && !batch.get(HEADS_SPACE, docID)) batch.hold(HEADS_SPACE, docID, { docID, sets: new Map() }, writeHeld, false);
}

/** Stores `sets` (as loaded and changed); held until the batch ends inside one. */
export function saveDocHeads(kv: KVWriter, docID: string, sets: DocHeads): void {
  const batch = activeBatch(kv);
  if (!batch) return writeDocHeads(kv, docID, sets);
  const held = batch.get<HeldHeads>(HEADS_SPACE, docID);
  if (held) { held.value.sets = sets; held.dirty = true; } else batch.hold(HEADS_SPACE, docID, { docID, sets }, writeHeld, true);
}

function writeDocHeads(kv: KVWriter, docID: string, sets: DocHeads): void {
  if (sets.size === 0) kv.delete(docHeadsKey(docID));
  else kv.put(docHeadsKey(docID), encodeDocHeads(sets));
}

/** Field IDs in the old per-head key order (bytewise; fids are ASCII). */
export const sortedFids = (sets: DocHeads): string[] => [...sets.keys()].sort();

/** Every head CID of a document: sets by field ID, heads by CID text. */
export function allDocHeadCids(sets: DocHeads): CID[] {
  const out: CID[] = [];
  for (const fid of sortedFids(sets)) for (const e of sets.get(fid)!) out.push(e.cid);
  return out;
}

/** Adds (or re-heights) a head, keeping CID-text order. */
export function insertHead(set: HeadEntry[], cid: CID, height: number): void {
  if (set.length === 0) { set.push({ cid, height }); return; }
  const text = cidText(cid);
  let i = 0;
  for (; i < set.length; i++) {
    const t = cidText(set[i].cid);
    if (t === text) { set[i] = { cid, height }; return; }
    if (t > text) break;
  }
  set.splice(i, 0, { cid, height });
}

// ---- encoding ----

export function encodeDocHeads(sets: DocHeads): Uint8Array {
  const fids = sortedFids(sets);
  let size = 0;
  for (const fid of fids) {
    const set = sets.get(fid)!;
    size += uvarintSize(fid.length) + fid.length + uvarintSize(set.length);
    for (const e of set) size += uvarintSize(e.cid.bytes.length) + e.cid.bytes.length + uvarintSize(e.height);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const fid of fids) {
    const set = sets.get(fid)!;
    at = putUvarint(out, at, fid.length);
    for (let i = 0; i < fid.length; i++) out[at++] = fid.charCodeAt(i);
    at = putUvarint(out, at, set.length);
    for (const e of set) {
      at = putUvarint(out, at, e.cid.bytes.length);
      out.set(e.cid.bytes, at);
      at = putUvarint(out, e.cid.bytes.length + at, e.height);
    }
  }
  return out;
}

export function decodeDocHeads(bytes: Uint8Array): DocHeads {
  const cur = new Leb128Cursor(bytes, 0, corruptHeads);
  const sets: DocHeads = new Map();
  while (cur.at < bytes.length) {
    const fidLength = cur.next();
    const fid = fromAscii(bytes, cur.at, cur.at + fidLength);
    cur.at += fidLength;
    const set: HeadEntry[] = [];
    for (let n = cur.next(); n > 0; n--) {
      const len = cur.next();
      // copy: the backend may reuse the buffer it returned
      const cid = cidFromBytes(bytes.subarray(cur.at, cur.at + len));
      cur.at += len;
      set.push({ cid, height: cur.next() });
    }
    sets.set(fid, set);
  }
  return sets;
}
