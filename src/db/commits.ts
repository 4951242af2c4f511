// Commit records for `commits` / `latestCommits` / `_version` over core's history walker
// (datamodel §2.5): heads in key order, depth-first through `heads`, visited blocks skipped.

import type { CollectionDefinition } from '../client/index.ts';
import { DefraError } from '../client/index.ts';
import { CID, COMPOSITE_HEAD_FIELD, commitStarts, decodeBase32Lenient, decodeSignatureBlock, getBlock, getBlockBytes, walkCommits as walk } from '../core/index.ts';
import type { CommitView } from '../core/index.ts';
import type { CommitQuery, CommitRecord } from '../query/index.ts';
import type { KVReader } from '../store/index.ts';
import { fromUtf8, toBase64 } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { fieldShortIds, loadDefinitions } from './schema-ops.ts';


export const ErrInvalidCid = (reason: string) => new DefraError('invalid-cid', `invalid cid: ${reason}`);
export const ErrCidNotOfDoc = () => new DefraError('cid-not-of-doc', 'cid does not belong to document');
export const ErrMissingCid = () => new DefraError('missing-cid', 'missing cid');

// Multibase prefixes go-multibase knows (plus CIDv0's `Qm`); anything else is Go's "selected encoding not supported".
const MULTIBASE_PREFIXES = new Set('\x000179fFbBcCvVtThkKzZmMuUp'.split(''));

export function parseCidArg(text: string): CID {
  if (text && !text.startsWith('Qm') && !MULTIBASE_PREFIXES.has(text[0]!)) throw ErrInvalidCid('selected encoding not supported');
  try { return CID.parse(text); } catch (e) {
    // Go's base32 decoder drops trailing bits that multiformats refuses: such a CID is valid
    // there, and merely not found here either
    const bytes = text.startsWith('b') ? decodeBase32Lenient(text.slice(1)) : undefined;
    try { if (bytes) return CID.decode(bytes); } catch { /* the first error is the one to report */ }
    throw ErrInvalidCid(e instanceof Error ? e.message : String(e));
  }
}

/** A CommitView in the query engine's shape (empty link names stay null, as DefraDB renders them). */
export function toRecord(kv: KVReader, v: CommitView): CommitRecord {
  let signature: CommitRecord['signature'] = null;
  const sigCid = v.block.signature;
  const sigBytes = sigCid && getBlockBytes(kv, sigCid);
  if (sigBytes) {
    const s = decodeSignatureBlock(sigBytes);
    signature = { type: s.type, identity: fromUtf8(s.identity), value: toBase64(s.value) };
  }
  return {
    cid: v.cid, height: v.height, delta: v.delta, docID: v.docID ?? '', fieldName: v.fieldName,
    schemaVersionId: v.schemaVersionId, links: v.links as CommitRecord['links'], signature,
  };
}

/** The field short ID a commit query's fieldName names (`C`/`_C` = composite). */
function fieldIdOf(ctx: TxnContext, name: string): number | string {
  if (name === 'C' || name === '_C') return COMPOSITE_HEAD_FIELD;
  for (const def of loadDefinitions(ctx)) {
    const id = fieldShortIds(ctx, def).get(name);
    if (id !== undefined) return id;
  }
  return name;
}

export function* walkCommits(ctx: TxnContext, q: CommitQuery): Generator<CommitRecord> {
  const depth = q.depth && q.depth > 0 ? q.depth : Infinity;
  let starts: CID[];
  if (q.cid) {
    const cid = parseCidArg(q.cid);
    const b = getBlock(ctx.kv, cid);
    if (!b) throw ErrMissingCid();
    if (q.docID && (b.delta.kind === 'collection' || b.delta.docID !== q.docID)) throw ErrCidNotOfDoc();
    starts = [cid];
  } else if (q.docID) {
    starts = commitStarts(ctx.kv, q.fieldName ? { docID: q.docID, fieldId: fieldIdOf(ctx, q.fieldName) } : { docID: q.docID });
  } else {
    starts = commitStarts(ctx.kv);
  }
  for (const v of walk(ctx.kv, starts, depth)) yield toRecord(ctx.kv, v);
}

export function* docHeadCommits(ctx: TxnContext, _def: CollectionDefinition, docID: string): Generator<CommitRecord> {
  yield* walkCommits(ctx, { docID, fieldName: 'C', depth: 1 });
}

