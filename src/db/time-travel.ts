// Time travel (`cid:` on a query, datamodel §3.8): replay the document's composite DAG from
// genesis up to the target composite into a scratch in-memory store with the same CRDT merges,
// then read the document from there.

import type { CollectionDefinition } from '../client/index.ts';
import { DefraError } from '../client/index.ts';
import { CompositeCrdt, byPriorityThenCid, getBlock, processBlock } from '../core/index.ts';
import type { Block, CID } from '../core/index.ts';
import { MemoryStore } from '../store/index.ts';
import type { TxnContext } from './context.ts';
import { parseCidArg } from './commits.ts';
import { docLayout, fieldCrdt, readDocFrom } from './doc-store.ts';
import type { StoredDoc } from './doc-store.ts';
import { fieldShortIds } from './schema-ops.ts';

/** Composite blocks reachable from `cid` through `heads`, parents before children. */
export function compositeHistory(ctx: TxnContext, cid: CID): { cid: CID; block: Block }[] {
  const out: { cid: CID; block: Block }[] = [];
  const seen = new Set<string>();
  const stack = [cid];
  while (stack.length) {
    const c = stack.pop()!;
    if (seen.has(c.toString())) continue;
    seen.add(c.toString());
    const block = getBlock(ctx.kv, c);
    if (!block) continue;
    out.push({ cid: c, block });
    stack.push(...block.heads);
  }
  return out.sort(byPriorityThenCid);
}

/** Newest composite block of `docID` linked from the collection history below `cid` (DFS, newest first). */
function compositeAtCollectionCommit(ctx: TxnContext, cid: CID, docID: string): { cid: CID; block: Block } | undefined {
  const seen = new Set<string>();
  const stack = [cid];
  while (stack.length) {
    const c = stack.pop()!;
    if (seen.has(c.toString())) continue;
    seen.add(c.toString());
    const block = getBlock(ctx.kv, c);
    if (!block || block.delta.kind !== 'collection') continue;
    for (const link of block.links) {
      const child = getBlock(ctx.kv, link.cid);
      if (child?.delta.kind === 'composite' && child.delta.docID === docID) return { cid: link.cid, block: child };
    }
    stack.push(...[...block.heads].reverse());
  }
  return undefined;
}

export async function readDocAtCommit(ctx: TxnContext, def: CollectionDefinition, docID: string, cidText: string): Promise<StoredDoc | undefined> {
  let target = parseCidArg(cidText);
  let head = getBlock(ctx.kv, target);
  if (!head) throw new DefraError('block-not-found', `failed to get block in blockstore: ipld: could not find ${cidText}`);
  if (head.delta.kind === 'collection') {
    // A branchable collection's commit: the document as of its newest composite at or before it.
    const found = compositeAtCollectionCommit(ctx, target, docID);
    if (!found) return undefined;
    ({ cid: target, block: head } = found);
  }
  if (head.delta.kind !== 'composite' || head.delta.docID !== docID) return undefined;
  const layout = docLayout(ctx, def);
  const ids = fieldShortIds(ctx, def);
  const scratch = new MemoryStore();
  const kv = scratch.newTxn();
  const sv = def.schema.VersionID;
  for (const { cid, block } of compositeHistory(ctx, target)) {
    processBlock(kv, new CompositeCrdt({ colShortId: layout.col, docID, schemaVersionID: sv }), cid, block);
    for (const link of block.links) {
      const field = def.schema.Fields.find((f) => f.Name === link.name);
      const id = field && ids.get(field.Name);
      const child = id !== undefined ? getBlock(ctx.kv, link.cid) : undefined;
      if (!field || id === undefined || !child) continue;
      processBlock(kv, fieldCrdt(layout, docID, field, id, sv), link.cid, child);
    }
  }
  const doc = readDocFrom(kv, layout, docID, true);
  kv.discard();
  await scratch.close();
  return doc;
}
