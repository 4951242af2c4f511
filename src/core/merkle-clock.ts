// AddDelta (datamodel.md §3.1): heads → priority → block → (encrypt, sign) → store → merge →
// update heads. Synchronous on a KV transaction; returns the block as stored and its CID.

import type { CID } from 'multiformats/cid';
import type { KVWriter } from '../store/index.ts';
import { newBlock, encodeBlock, type Block, type DagLink, type Delta } from './block.ts';
import { blockCid } from './cid.ts';
import { listHeads, updateHeads, writeHead } from './heads.ts';
import { putBlockBytes } from './block-store.ts';
import type { MerkleCrdt } from './crdt/crdt.ts';

export interface AddDeltaOptions {
  links?: DagLink[];
  /** Link to an Encryption block; `encrypt` (field blocks only) turns plaintext data into ciphertext. */
  encryption?: { cid: CID; encrypt?: (data: Uint8Array) => Uint8Array };
  /** Sign the unsigned block bytes, store the Signature block, return its CID. */
  sign?: (unsignedBytes: Uint8Array, block: Block) => CID | undefined;
  /** The caller knows the DAG has no heads yet (a fresh document): skips listing them. */
  noHeads?: boolean;
}

const NO_HEADS = { heads: [], maxHeight: 0 };

export interface AddDeltaResult {
  cid: CID;
  /** The block as stored (ciphertext data when encrypted). */
  block: Block;
  bytes: Uint8Array;
  height: number;
  /** The plaintext delta that was merged. */
  delta: Delta;
}

export function addDelta(kv: KVWriter, crdt: MerkleCrdt, delta: Delta, opts: AddDeltaOptions = {}): AddDeltaResult {
  const { heads, maxHeight } = opts.noHeads ? NO_HEADS : listHeads(kv, crdt.headPrefix);
  const height = maxHeight + 1;
  const plain = { ...delta, priority: height } as Delta;
  let stored: Delta = plain;
  const enc = opts.encryption;
  if (enc?.encrypt && (plain.kind === 'lww' || plain.kind === 'counter')) stored = { ...plain, data: enc.encrypt(plain.data) };
  let block = newBlock(stored, opts.links ?? [], heads.map((h) => h.cid), enc ? { encryption: enc.cid } : {});
  let bytes = encodeBlock(block);
  if (opts.sign) {
    const sig = opts.sign(bytes, block);
    if (sig) { block = { ...block, signature: sig }; bytes = encodeBlock(block); }
  }
  const cid = blockCid(bytes);
  putBlockBytes(kv, cid, bytes);
  crdt.merge(kv, plain);
  // with no heads before, none of the links can be one: the block simply becomes the head
  if (opts.noHeads) writeHead(kv, crdt.headPrefix, cid, height);
  else updateHeads(kv, crdt.headPrefix, cid, block, height);
  return { cid, block, bytes, height, delta: plain };
}

/**
 * ProcessBlock for a block received from a peer (already stored): merge its (plaintext) delta
 * and update heads at the block's own priority.
 */
export function processBlock(kv: KVWriter, crdt: MerkleCrdt, cid: CID, block: Block, plaintextDelta: Delta = block.delta): void {
  crdt.merge(kv, plaintextDelta);
  updateHeads(kv, crdt.headPrefix, cid, block, plaintextDelta.priority);
}
