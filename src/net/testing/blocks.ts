// Builds small DefraDB-shaped block chains (composite → field blocks, heads → previous) for tests.

import * as dagCbor from '@ipld/dag-cbor';
import type { CID } from 'multiformats/cid';
import { blockCid } from '../../core/index.ts';
import type { BlockStore } from '../deps.ts';

export interface BuiltBlock { cid: CID; bytes: Uint8Array }

export function makeBlock(node: Record<string, unknown>): BuiltBlock {
  const bytes = Uint8Array.from(dagCbor.encode(node));
  return { cid: blockCid(bytes), bytes };
}

/** One commit of a doc: a field block plus a composite linking it; heads chain the previous. */
export function commit(docID: string, value: number, prev?: { field: CID; composite: CID }) {
  const field = makeBlock({
    delta: { docID: new TextEncoder().encode(docID), fieldName: 'age', priority: value, data: Uint8Array.of(value) },
    ...(prev ? { heads: [prev.field] } : {}),
  });
  const composite = makeBlock({
    delta: { docID: new TextEncoder().encode(docID), priority: value, status: 1 },
    ...(prev ? { heads: [prev.composite] } : {}),
    links: [{ name: 'age', link: field.cid }],
  });
  return { field, composite, all: [field, composite] };
}

/** A chain of `n` commits; returns every block and the last composite. */
export function chain(docID: string, n: number) {
  const blocks: BuiltBlock[] = [];
  let prev: { field: CID; composite: CID } | undefined;
  let head!: BuiltBlock;
  for (let i = 1; i <= n; i++) {
    const c = commit(docID, i, prev);
    blocks.push(...c.all);
    prev = { field: c.field.cid, composite: c.composite.cid };
    head = c.composite;
  }
  return { blocks, head };
}

export async function putAll(store: BlockStore, blocks: BuiltBlock[]): Promise<void> {
  for (const b of blocks) await store.put(b.cid, b.bytes);
}
