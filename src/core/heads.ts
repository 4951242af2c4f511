// Head sets (datamodel.md §3.2). A DAG may have several heads after concurrent merges; the next
// local block links all of them at max height + 1. A set is named by its prefix: a document's
// sets (`docHeadPrefix`) live together in one per-document key (doc-heads.ts), a collection's
// (`collectionHeadPrefix`) as `<prefix><cid string>` → LEB128 height, a key per head.

import { CID } from 'multiformats/cid';
import type { KVReader, KVWriter } from '../store/index.ts';
import { fromAscii, headKey } from './keys.ts';
import { encodeLeb128, decodeLeb128 } from './varint.ts';
import { hasBlock } from './block-store.ts';
import type { Block } from './block.ts';
import { docHeadTarget, insertHead, loadDocHeads, saveDocHeads, type DocHeads } from './doc-heads.ts';

export interface HeadEntry { cid: CID; height: number }

/** A document head set: the doc's loaded sets and the field ID; undefined for a per-key set. */
function docSet(kv: KVReader, prefix: Uint8Array): { docID: string; fid: string; sets: DocHeads } | undefined {
  const t = docHeadTarget(prefix);
  if (!t) return undefined;
  if (t.fid === undefined) throw new Error('a head set needs a field ID');
  return { docID: t.docID, fid: t.fid, sets: loadDocHeads(kv, t.docID) };
}

const indexOf = (set: readonly HeadEntry[] | undefined, cid: CID): number => (set ? set.findIndex((e) => e.cid.equals(cid)) : -1);

/** Current heads under a head prefix, in key order (CID text), and their maximum height (0 when none). */
export function listHeads(kv: KVReader, prefix: Uint8Array): { heads: HeadEntry[]; maxHeight: number } {
  let heads: HeadEntry[];
  const d = docSet(kv, prefix);
  if (d) {
    heads = (d.sets.get(d.fid) ?? []).slice();
  } else {
    heads = [];
    for (const { key, value } of kv.iterate({ prefix })) heads.push({ cid: CID.parse(fromAscii(key, prefix.length)), height: decodeLeb128(value) });
  }
  let maxHeight = 0;
  for (const h of heads) if (h.height > maxHeight) maxHeight = h.height;
  return { heads, maxHeight };
}

export const headCids = (kv: KVReader, prefix: Uint8Array): CID[] => listHeads(kv, prefix).heads.map((h) => h.cid);

export function isHead(kv: KVReader, prefix: Uint8Array, cid: CID): boolean {
  const d = docSet(kv, prefix);
  return d ? indexOf(d.sets.get(d.fid), cid) >= 0 : kv.has(headKey(prefix, cid));
}

export function writeHead(kv: KVWriter, prefix: Uint8Array, cid: CID, height: number): void {
  const d = docSet(kv, prefix);
  if (!d) return kv.put(headKey(prefix, cid), encodeLeb128(height));
  let set = d.sets.get(d.fid);
  if (!set) d.sets.set(d.fid, (set = []));
  insertHead(set, cid, height);
  saveDocHeads(kv, d.docID, d.sets);
}

export function deleteHead(kv: KVWriter, prefix: Uint8Array, cid: CID): void {
  const d = docSet(kv, prefix);
  if (!d) return kv.delete(headKey(prefix, cid));
  const set = d.sets.get(d.fid);
  const i = indexOf(set, cid);
  if (!set || i < 0) return;
  set.splice(i, 1);
  if (set.length === 0) d.sets.delete(d.fid);
  saveDocHeads(kv, d.docID, d.sets);
}

/**
 * updateHeads after processing block B: with no heads B becomes a head; every parent or link that
 * is a current head is replaced by B; one that is merely known (in the block store) adds B.
 */
export function updateHeads(kv: KVWriter, prefix: Uint8Array, cid: CID, block: Block, height: number): void {
  const d = docSet(kv, prefix);
  const set = d ? d.sets.get(d.fid) ?? [] : undefined;
  /** Removes `l` from the set when it is a head; whether it was. */
  const dropHead = (l: CID): boolean => {
    if (set) {
      const i = indexOf(set, l);
      if (i >= 0) set.splice(i, 1);
      return i >= 0;
    }
    const key = headKey(prefix, l);
    if (!kv.has(key)) return false;
    kv.delete(key);
    return true;
  };
  // B is added once, however many parents or links ask for it (same final state)
  let add = block.heads.length === 0;
  const visit = (l: CID) => {
    if (dropHead(l)) add = true;
    else if (!add && hasBlock(kv, l)) add = true;
  };
  for (const h of block.heads) visit(h);
  for (const l of block.links) visit(l.cid);
  // a replaced head is always followed by B, so the set only changes when B is added
  if (!add) return;
  if (!d || !set) return kv.put(headKey(prefix, cid), encodeLeb128(height));
  insertHead(set, cid, height);
  d.sets.set(d.fid, set);
  saveDocHeads(kv, d.docID, d.sets);
}
