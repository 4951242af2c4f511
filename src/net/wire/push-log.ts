// The push-log message (p2p.md §3.4): the payload of document/collection topics and the request
// body of gRPC `PushLog`. Go's fxamacker/cbor writes the struct fields in declaration order, so
// we keep that order (no canonical key sorting) to be byte-identical with Go.

import { encode, decode } from 'cborg';
import { CID } from 'multiformats/cid';

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
  const raw = decode(bytes) as unknown;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('pushLog: not a map');
  const m = lowerKeys(raw as Record<string, unknown>);
  const cidBytes = m.cid;
  if (!(cidBytes instanceof Uint8Array)) throw new Error('pushLog: missing CID');
  const block = m.block ?? new Uint8Array();
  if (!(block instanceof Uint8Array)) throw new Error('pushLog: Block is not bytes');
  return {
    docID: text(m.docid),
    cid: CID.decode(cidBytes),
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

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new Error('pushLog: expected text');
  return v;
}

/** `pushLogReply{}`: the empty CBOR map. */
export const PUSH_LOG_REPLY = new Uint8Array([0xa0]);
