// The push-log message (p2p.md §3.4): the payload of document/collection topics and the request
// body of gRPC `PushLog`. Go's fxamacker/cbor writes the struct fields in declaration order, so
// we keep that order (no canonical key sorting) to be byte-identical with Go.

import { encode, decode } from 'cborg';
import type { CID } from 'multiformats/cid';
import { cidFromBytes } from '../../core/index.ts';

export interface PushLog {
  /** docID, or "" for a collection-level (branchable) block. */
  docID: string;
  /** Head block CID. */
  cid: CID;
  /** Schema root CID string. */
  collectionID: string;
  /** Base58 peer ID of the author (not authenticated). */
  creator: string;
  /** Exact dag-cbor bytes of the head block. */
  block: Uint8Array;
}

/** Keeps insertion (Go struct) order. */
export const keepOrder = (): number => 0;

export function encodePushLog(msg: PushLog): Uint8Array {
  return encode({
    DocID: msg.docID,
    CID: msg.cid.bytes,
    CollectionID: msg.collectionID,
    Creator: msg.creator,
    Block: msg.block,
  }, { mapSorter: keepOrder });
}

/** Go decodes field names case-insensitively and ignores unknown keys; nil slices arrive as null. */
export function decodePushLog(bytes: Uint8Array): PushLog {
  const raw = (quickDecode(bytes) ?? decode(bytes)) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('pushLog: not a map');
  const m = lowerKeys(raw as Record<string, unknown>);
  const cidBytes = m.cid;
  if (!(cidBytes instanceof Uint8Array)) throw new Error('pushLog: missing CID');
  const block = m.block ?? new Uint8Array();
  if (!(block instanceof Uint8Array)) throw new Error('pushLog: Block is not bytes');
  return {
    docID: text(m.docid),
    cid: cidFromBytes(cidBytes),
    collectionID: text(m.collectionid),
    creator: text(m.creator),
    block,
  };
}

export function lowerKeys(m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) out[k.toLowerCase()] = v;
  return out;
}

/** Every replicated document arrives as a push-log: its usual form (a definite-length map of
 *  short text keys to text, byte strings or null) is read directly; anything else (and any
 *  malformed input) is left to cborg, whose result and errors are the reference. */
function quickDecode(b: Uint8Array): Record<string, unknown> | undefined {
  try {
    return quickDecodeMap(b);
  } catch {
    return undefined;
  }
}

const PUSH_LOG_KEYS = new Set(['docid', 'cid', 'collectionid', 'creator', 'block']);

function quickDecodeMap(b: Uint8Array): Record<string, unknown> | undefined {
  let off = 0;
  const head = (): { major: number; arg: number } | undefined => {
    if (off >= b.length) return undefined;
    const first = b[off++]!;
    const info = first & 31;
    let arg = info;
    if (info >= 24) {
      if (info > 26) return undefined;
      const n = 1 << (info - 24);
      if (off + n > b.length) return undefined;
      arg = 0;
      for (let i = 0; i < n; i++) arg = arg * 256 + b[off++]!;
    }
    return { major: first >> 5, arg };
  };
  const m = head();
  if (!m || m.major !== 5) return undefined;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < m.arg; i++) {
    const k = head();
    if (!k || k.major !== 3 || off + k.arg > b.length) return undefined;
    const key = utf8.decode(b.subarray(off, off += k.arg));
    if (!PUSH_LOG_KEYS.has(key.toLowerCase()) || Object.hasOwn(out, key)) return undefined;
    const v = head();
    if (!v) return undefined;
    if (v.major === 7 && v.arg === 22) { out[key] = null; continue; }
    if ((v.major !== 2 && v.major !== 3) || off + v.arg > b.length) return undefined;
    const body = b.subarray(off, off += v.arg);
    out[key] = v.major === 3 ? utf8.decode(body) : new Uint8Array(body); // a plain copy, even of a Buffer
  }
  return off === b.length ? out : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error('pushLog: expected text');
  return v;
}

/** `pushLogReply{}`: the empty CBOR map. */
export const PUSH_LOG_REPLY = new Uint8Array([0xa0]);
