// Merging a remote DAG (datamodel §3.7): fetch every missing block reachable from the remote head
// into the block store, find the composites (or collection blocks) this node has not merged yet,
// and replay them parents-first with CRDTs built from the LOCAL definition: composite, then each
// linked field block (fields unknown locally are skipped). A deleted document is never revived.
// Finally the document's secondary index entries are re-synced.

import type { CollectionDefinition } from '../client/index.ts';
import { DefraError } from '../client/index.ts';
import {
  CID, CollectionCrdt, CompositeCrdt, blockCid, byPriorityThenCid, cidKey, withWriteBatch, collectionHeadPrefix, decodeBlock, docHeadPrefix, COMPOSITE_HEAD_FIELD,
  getBlock, hasBlock, isHead, listHeads, processBlock, putBlockBytes,
} from '../core/index.ts';
import type { Block } from '../core/index.ts';
import type { TxnContext } from './context.ts';
import { docLayout, fieldCrdt, readDoc } from './doc-store.ts';
import { indexDocChange } from './index-maintenance.ts';
import { catalogOf, fieldShortIds } from './schema-ops.ts';

/** Where missing blocks come from (the network's block exchange, another db in tests, …). */
export interface BlockSource {
  get(cid: CID): Promise<Uint8Array | undefined>;
}

export interface MergeRequest {
  /** Empty for a collection-level (branchable) head. */
  docID: string;
  cid: CID;
  collectionID: string;
}

export const ErrMissingBlock = (cid: string) => new DefraError('block-not-found', 'block not found', { CID: cid });
export const ErrCorruptBlock = (cid: string) => new DefraError('block-mismatch', 'block does not match its CID', { CID: cid });

/** Stores every block reachable from `root` that is not local yet (checking each hash). */
export async function fetchDag(ctx: TxnContext, root: CID, source?: BlockSource): Promise<void> {
  const stack = [root];
  const seen = new Set<string>();
  while (stack.length) {
    const cid = stack.pop()!;
    const key = cidKey(cid);
    if (seen.has(key) || storedBlocks(ctx)?.(key) || hasBlock(ctx.kv, cid)) continue;
    seen.add(key);
    const bytes = source ? await source.get(cid) : undefined;
    if (!bytes) throw ErrMissingBlock(key);
    if (!blockCid(bytes).equals(cid)) throw ErrCorruptBlock(key);
    const block = decodeBlock(bytes);
    stack.push(...block.heads, ...block.links.map((l) => l.cid));
    putBlockBytes(ctx.kv, cid, bytes);
  }
}

interface Pending { cid: CID; block: Block }

/** A block known to be stored: its bytes, and its decoded form when the caller has it. */
export interface StoredBlock { bytes: Uint8Array; block?: Block }
/** Blocks known to be stored, by cidKey (see Database.mergeMany). */
export type StoredBlocks = (key: string) => StoredBlock | undefined;
/** The transaction memo key under which mergeMany leaves its StoredBlocks. */
export const STORED_BLOCKS = 'merge-stored-blocks';

const storedBlocks = (ctx: TxnContext): StoredBlocks | undefined =>
  ctx.memoize<StoredBlocks | undefined>(STORED_BLOCKS, () => undefined);

/** A block decoded once per transaction (content never changes for a CID): a field block is read
 *  to apply its composite and again to walk its own history. Misses are not remembered. */
function blockOf(ctx: TxnContext, cid: CID): Block | undefined {
  const cache = ctx.memoize('merge-blocks', () => new Map<string, Block>());
  const key = cidKey(cid);
  let block = cache.get(key);
  if (!block) {
    const stored = storedBlocks(ctx)?.(key);
    block = stored ? (stored.block ?? decodeBlock(stored.bytes)) : getBlock(ctx.kv, cid);
    if (block) cache.set(key, block);
  }
  return block;
}

/**
 * The blocks of one DAG reachable from `root` that are not yet merged, parents first. A block is
 * merged iff it is a current head or an ancestor of one; only ancestors at or above the lowest
 * candidate priority need visiting to decide that. `noHeads`: the caller knows the head set is
 * empty (nothing is merged), so it is neither probed nor listed. `hadHeads` tells whether it
 * had any head.
 */
function unmerged(ctx: TxnContext, headPrefix: Uint8Array, root: CID, noHeads = false): { pending: Pending[]; hadHeads: boolean } {
  const found = new Map<string, Pending>();
  const stack = [root];
  while (stack.length) {
    const cid = stack.pop()!;
    const key = cidKey(cid);
    if (found.has(key) || (!noHeads && isHead(ctx.kv, headPrefix, cid))) continue;
    const block = blockOf(ctx, cid);
    if (!block) continue;
    found.set(key, { cid, block });
    stack.push(...block.heads);
  }
  if (found.size === 0) return { pending: [], hadHeads: !noHeads };
  const walk = noHeads ? [] : listHeads(ctx.kv, headPrefix).heads.map((h) => h.cid);
  if (walk.length === 0) return { pending: [...found.values()].sort(byPriorityThenCid), hadHeads: false };
  const minPriority = Math.min(...[...found.values()].map((p) => p.block.delta.priority));
  const merged = new Set<string>();
  while (walk.length) {
    const cid = walk.pop()!;
    const key = cidKey(cid);
    if (merged.has(key)) continue;
    merged.add(key);
    const b = blockOf(ctx, cid);
    if (!b) continue;
    for (const h of b.heads) if (!merged.has(cidKey(h))) {
      const parent = blockOf(ctx, h);
      if (parent && parent.delta.priority >= minPriority) walk.push(h);
    }
  }
  return { pending: [...found.values()].filter((p) => !merged.has(cidKey(p.cid))).sort(byPriorityThenCid), hadHeads: true };
}

export const unmergedBlocks = (ctx: TxnContext, headPrefix: Uint8Array, root: CID): Pending[] => unmerged(ctx, headPrefix, root).pending;

/** Applies one composite and its field blocks with the local definition. `freshDoc`: the document
 *  had no heads before this composite, so its field head sets are empty too (they only ever
 *  change together with the composite's, in one transaction). */
function applyComposite(ctx: TxnContext, def: CollectionDefinition, p: Pending, freshDoc = false): void {
  withWriteBatch(ctx.kv, () => {
    const d = p.block.delta;
    if (d.kind !== 'composite') return;
    const layout = docLayout(ctx, def);
    const ids = fieldShortIds(ctx, def);
    const sv = def.schema.VersionID;
    processBlock(ctx.kv, new CompositeCrdt({ colShortId: layout.col, docID: d.docID, schemaVersionID: sv }), p.cid, p.block);
    for (const link of p.block.links) {
      const field = def.schema.Fields.find((f) => f.Name === link.name);
      const id = field ? ids.get(field.Name) : undefined;
      const child = id !== undefined ? blockOf(ctx, link.cid) : undefined;
      if (!field || id === undefined || !child) continue; // unknown locally: skipped
      const crdt = fieldCrdt(layout, d.docID, field, id, sv);
      // A field block can be shared by several composites (same value, same parents on two
      // nodes): merging it again would re-add it as a head, or add a counter twice.
      for (const q of unmerged(ctx, crdt.headPrefix, link.cid, freshDoc).pending) processBlock(ctx.kv, crdt, q.cid, q.block);
    }
  });
}

/** Merges one document DAG head, then re-syncs its index entries. */
function mergeDoc(ctx: TxnContext, def: CollectionDefinition, docID: string, root: CID): void {
  const { pending, hadHeads } = unmerged(ctx, docHeadPrefix(docID, COMPOSITE_HEAD_FIELD), root);
  if (pending.length === 0) return;
  // the document is read back only to re-sync its index entries
  const indexed = (def.version.Indexes ?? []).length > 0;
  const before = indexed ? readDoc(ctx, def, docID, false) : undefined;
  pending.forEach((p, i) => applyComposite(ctx, def, p, i === 0 && !hadHeads));
  if (indexed) indexDocChange(ctx, def, docID, before, readDoc(ctx, def, docID, false));
}

/** Merges a branchable collection's DAG head: each new collection block, then its composites. */
function mergeCollection(ctx: TxnContext, def: CollectionDefinition, root: CID): void {
  const layout = docLayout(ctx, def);
  const prefix = collectionHeadPrefix(layout.col);
  const crdt = new CollectionCrdt({ colShortId: layout.col, schemaVersionID: def.schema.VersionID });
  for (const p of unmergedBlocks(ctx, prefix, root)) {
    processBlock(ctx.kv, crdt, p.cid, p.block);
    for (const link of p.block.links) {
      const child = blockOf(ctx, link.cid);
      if (child?.delta.kind === 'composite') mergeDoc(ctx, def, child.delta.docID, link.cid);
    }
  }
}

/** Fetches (when needed) and merges a remote head into this transaction. */
export async function mergeHead(ctx: TxnContext, req: MergeRequest, source?: BlockSource): Promise<void> {
  await fetchDag(ctx, req.cid, source);
  // memoized: a batch of merges (Database.mergeMany) shares one transaction
  const defs = ctx.memoize(`merge-defs:${req.collectionID}`, () => catalogOf(ctx).byRoot(req.collectionID));
  const def = defs.find((d) => d.version.IsActive) ?? defs[0];
  if (!def) throw new DefraError('collection-not-found', 'collection not found', { CollectionID: req.collectionID });
  if (req.docID) mergeDoc(ctx, def, req.docID, req.cid);
  else mergeCollection(ctx, def, req.cid);
}
