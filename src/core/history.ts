// Commit history (datamodel.md §2.5): start from the heads in key order (collection heads `/c/`
// before doc heads `/d/<docID>`; within a doc by field ID string, `C` after the digits, then CID
// text — as Go's per-head keys sort), walk `heads` depth-first and skip visited CIDs.
// `latestCommits` is depth 1 from the composite heads.

import { CID } from 'multiformats/cid';
import type { KVReader } from '../store/index.ts';
import { buildKey, fromAscii, HEADS_PREFIX, docHeadPrefix, docHeadsPrefix, collectionHeadPrefix } from './keys.ts';
import { getBlock } from './block-store.ts';
import { allDocHeadCids, decodeDocHeads, docHeadTarget, docIdOfHeadsKey, loadDocHeads } from './doc-heads.ts';
import { blockFieldName, blockDocId, blockData, HEAD_LINK_NAME, type Block } from './block.ts';

export interface CommitLink { name: string | null; cid: string }
export interface CommitView {
  cid: string;
  height: number;
  schemaVersionId: string;
  docID: string | null;
  fieldName: string | null;
  /** Raw delta data (CBOR or ciphertext); null for composite and collection blocks. */
  delta: Uint8Array | null;
  links: CommitLink[];
  block: Block;
}

export function commitView(cid: CID, block: Block): CommitView {
  return {
    cid: cid.toString(),
    height: block.delta.priority,
    schemaVersionId: block.delta.schemaVersionID,
    docID: blockDocId(block),
    fieldName: blockFieldName(block),
    delta: blockData(block),
    links: [
      ...block.heads.map((h) => ({ name: HEAD_LINK_NAME, cid: h.toString() })),
      ...block.links.map((l) => ({ name: l.name === '' ? null : l.name, cid: l.cid.toString() })),
    ],
    block,
  };
}

/** Head CIDs under a head prefix (a set, a document, a collection or all heads), in key order. */
export function headsUnder(kv: KVReader, prefix: Uint8Array): CID[] {
  const doc = docHeadTarget(prefix);
  if (doc) {
    const sets = loadDocHeads(kv, doc.docID);
    return doc.fid === undefined ? allDocHeadCids(sets) : (sets.get(doc.fid) ?? []).map((e) => e.cid);
  }
  const out: CID[] = [];
  for (const { key, value } of kv.iterate({ prefix })) {
    if (docIdOfHeadsKey(key) !== undefined) { out.push(...allDocHeadCids(decodeDocHeads(value))); continue; }
    const s = fromAscii(key);
    out.push(CID.parse(s.slice(s.lastIndexOf('/') + 1)));
  }
  return out;
}

/** Start points for `commits`: all heads, one doc's heads, or one field's (`C` = composite). */
export function commitStarts(kv: KVReader, scope: { docID?: string; fieldId?: number | string; colShortId?: number } = {}): CID[] {
  if (scope.docID !== undefined && scope.fieldId !== undefined) return headsUnder(kv, docHeadPrefix(scope.docID, scope.fieldId));
  if (scope.docID !== undefined) return headsUnder(kv, docHeadsPrefix(scope.docID));
  if (scope.colShortId !== undefined) return headsUnder(kv, collectionHeadPrefix(scope.colShortId));
  return headsUnder(kv, buildKey(HEADS_PREFIX, '/'));
}

/** Depth-first walk through `heads` (the last one first) from each start; depth 1 = the starts only. */
export function* walkCommits(kv: KVReader, starts: readonly CID[], depth = Infinity): Generator<CommitView> {
  const seen = new Set<string>();
  function* visit(cid: CID, d: number): Generator<CommitView> {
    const key = cid.toString();
    if (seen.has(key)) return;
    seen.add(key);
    const block = getBlock(kv, cid);
    if (!block) return;
    yield commitView(cid, block);
    if (d + 1 > depth) return;
    // last head first: Go pushes each head to the front of its queue in turn
    for (let i = block.heads.length - 1; i >= 0; i--) yield* visit(block.heads[i]!, d + 1);
  }
  for (const s of starts) yield* visit(s, 1);
}
