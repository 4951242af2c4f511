// Head sets (datamodel.md §3.2): `<prefix><cid string>` → LEB128 height. A DAG may have several
// heads after concurrent merges; the next local block links all of them at max height + 1.

import { CID } from 'multiformats/cid';
import type { KVReader, KVWriter } from '../store/index.ts';
import { fromAscii, headKey } from './keys.ts';
import { encodeLeb128, decodeLeb128 } from './varint.ts';
import { hasBlock } from './block-store.ts';
import type { Block } from './block.ts';

export interface HeadEntry { cid: CID; height: number }

/** Current heads under a head prefix, in key order, and their maximum height (0 when none). */
export function listHeads(kv: KVReader, prefix: Uint8Array): { heads: HeadEntry[]; maxHeight: number } {
  const heads: HeadEntry[] = [];
  let maxHeight = 0;
  for (const { key, value } of kv.iterate({ prefix })) {
    const height = decodeLeb128(value);
    heads.push({ cid: CID.parse(fromAscii(key, prefix.length)), height });
    if (height > maxHeight) maxHeight = height;
  }
  return { heads, maxHeight };
}

export const headCids = (kv: KVReader, prefix: Uint8Array): CID[] => listHeads(kv, prefix).heads.map((h) => h.cid);

export const isHead = (kv: KVReader, prefix: Uint8Array, cid: CID): boolean => kv.has(headKey(prefix, cid));
export const writeHead = (kv: KVWriter, prefix: Uint8Array, cid: CID, height: number): void =>
  kv.put(headKey(prefix, cid), encodeLeb128(height));
export const deleteHead = (kv: KVWriter, prefix: Uint8Array, cid: CID): void => kv.delete(headKey(prefix, cid));

/**
 * updateHeads after processing block B: with no heads B becomes a head; every parent or link that
 * is a current head is replaced by B; one that is merely known (in the block store) adds B.
 */
export function updateHeads(kv: KVWriter, prefix: Uint8Array, cid: CID, block: Block, height: number): void {
  // B's head key is written once, however many parents or links ask for it (same final state)
  let add = block.heads.length === 0;
  const visit = (l: CID) => {
    if (isHead(kv, prefix, l)) { deleteHead(kv, prefix, l); add = true; }
    else if (!add && hasBlock(kv, l)) add = true;
  };
  for (const h of block.heads) visit(h);
  for (const l of block.links) visit(l.cid);
  if (add) writeHead(kv, prefix, cid, height);
}
