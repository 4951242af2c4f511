// CARv1 (content-addressable archive, ipld.io/specs/transport/car/carv1): a varint-framed
// dag-cbor header `{roots: [CID…], version: 1}` followed by sections `varint(len) cid block`,
// where len covers the CID bytes plus the block bytes. Varints are unsigned LEB128.

import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { DefraError } from '../client/index.ts';
import { concatBytes } from '../util/index.ts';
import { encodeLeb128, Leb128Cursor } from './varint.ts';

export const ErrInvalidCar = (reason: string) => new DefraError('invalid-car', 'invalid CAR file', { Reason: reason });

/** `[value, bytes read]` of the LEB128 varint at `off`; throws on a truncated or over-long one. */
export function decodeUvarint(b: Uint8Array, off: number): [number, number] {
  const cur = new Leb128Cursor(b, off, () => ErrInvalidCar('truncated varint'));
  const v = cur.next();
  if (cur.at - off > 8) throw ErrInvalidCar('varint too long');
  return [v, cur.at - off];
}

/** The framed header: varint(len) + dag-cbor `{roots, version: 1}`. */
export function encodeCarHeader(roots: readonly CID[]): Uint8Array {
  const h = dagCbor.encode({ roots: [...roots], version: 1 });
  return concatBytes(...[encodeLeb128(h.length), h]);
}

/** One framed section: varint(len(cid)+len(block)) + cid bytes + block bytes. */
export function encodeCarSection(cid: CID, block: Uint8Array): Uint8Array {
  return concatBytes(...[encodeLeb128(cid.bytes.length + block.length), cid.bytes, block]);
}

export interface CarContents {
  roots: CID[];
  blocks: { cid: CID; bytes: Uint8Array }[];
}

/** Parses a whole CARv1 file (blocks are not hash-checked here). */
export function decodeCar(b: Uint8Array): CarContents {
  const [hlen, n] = decodeUvarint(b, 0);
  if (hlen === 0 || n + hlen > b.length) throw ErrInvalidCar('bad header length');
  let header: unknown;
  try { header = dagCbor.decode(b.subarray(n, n + hlen)); } catch (e) { throw ErrInvalidCar(`header: ${(e as Error).message}`); }
  const h = header as { version?: unknown; roots?: unknown };
  if (h === null || typeof h !== 'object' || h.version !== 1) throw ErrInvalidCar('not a CARv1 header');
  if (!Array.isArray(h.roots) || !h.roots.every((r) => CID.asCID(r) !== null)) throw ErrInvalidCar('bad roots');
  const roots = h.roots.map((r) => CID.asCID(r)!);
  const blocks: CarContents['blocks'] = [];
  let off = n + hlen;
  while (off < b.length) {
    const [len, m] = decodeUvarint(b, off);
    const start = off + m;
    const end = start + len;
    if (len === 0 || end > b.length) throw ErrInvalidCar('truncated section');
    let cid: CID;
    let rest: Uint8Array;
    try { [cid, rest] = CID.decodeFirst(b.subarray(start, end)); } catch (e) { throw ErrInvalidCar(`section CID: ${(e as Error).message}`); }
    blocks.push({ cid, bytes: rest.slice() });
    off = end;
  }
  return { roots, blocks };
}

/** A cheap sniff: does this start like a CARv1 file (and not like JSON)? */
export function looksLikeCar(b: Uint8Array): boolean {
  if (b.length < 2) return false;
  try {
    const [hlen, n] = decodeUvarint(b, 0);
    if (hlen === 0 || n + hlen > b.length) return false;
    const h = dagCbor.decode(b.subarray(n, n + hlen)) as { version?: unknown };
    return h !== null && typeof h === 'object' && h.version === 1;
  } catch {
    return false;
  }
}
