// Blocks by CID in the KV (`/db/blocks/<multihash>`; encryption blocks under `/db/enc/`).

import type { CID } from 'multiformats/cid';
import type { KVReader, KVWriter } from '../store/index.ts';
import { blockKey, encBlockKey } from './keys.ts';
import { decodeBlock, type Block } from './block.ts';

export const putBlockBytes = (kv: KVWriter, cid: CID, bytes: Uint8Array): void => kv.put(blockKey(cid), bytes);
export const getBlockBytes = (kv: KVReader, cid: CID): Uint8Array | undefined => kv.get(blockKey(cid));
export const hasBlock = (kv: KVReader, cid: CID): boolean => kv.has(blockKey(cid));

export function getBlock(kv: KVReader, cid: CID): Block | undefined {
  const b = kv.get(blockKey(cid));
  return b && decodeBlock(b);
}

export const putEncBlockBytes = (kv: KVWriter, cid: CID, bytes: Uint8Array): void => kv.put(encBlockKey(cid), bytes);
export const getEncBlockBytes = (kv: KVReader, cid: CID): Uint8Array | undefined => kv.get(encBlockKey(cid));
