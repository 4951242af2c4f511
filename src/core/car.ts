// CARv1 (content-addressable archive, ipld.io/specs/transport/car/carv1): a varint-framed
// dag-cbor header `{roots: [CID…], version: 1}` followed by sections `varint(len) cid block`,
// where len covers the CID bytes plus the block bytes. Varints are unsigned LEB128.

import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { DefraError } from '../client/index.ts';
import { concatBytes } from '../util/index.ts';

export const ErrInvalidCar = (reason: string) => new DefraError('invalid-car', 'invalid CAR file', { Reason: reason });

export function encodeUvarint(n: number): Uint8Array {
  const out: number[] = [];
  while (n >= 0x80) { out.push((n % 0x80) | 0x80); n = Math.floor(n / 0x80); }
  out.push(n);
  return Uint8Array.from(out);
}

/** `[value, bytes read]`; throws on a truncated or over-long varint. */
export function decodeUvarint(b: Uint8Array, off: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 8; i++) {
    const x = b[off + i];
    if (x === undefined) throw ErrInvalidCar('truncated varint');
    v += (x & 0x7f) * mul;
    if (x < 0x80) return [v, i + 1];
    mul *= 0x80;
  }
  throw ErrInvalidCar('varint too long');
}

/** The framed header: varint(len) + dag-cbor `{roots, version: 1}`. */
export function encodeCarHeader(roots: readonly CID[]): Uint8Array {
  const h = dagCbor.encode({ roots: [...roots], version: 1 });
  return concatBytes(...[encodeUvarint(h.length), h]);
}

/** One framed section: varint(len(cid)+len(block)) + cid bytes + block bytes. */
export function encodeCarSection(cid: CID, block: Uint8Array): Uint8Array {
  return concatBytes(...[encodeUvarint(cid.bytes.length + block.length), cid.bytes, block]);
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
