// CAR backups (beyond DefraDB): the whole Merkle DAG of the exported collections — every block
// reachable from each document's composite heads and from branchable collections' heads, plus
// signature blocks — as one CARv1 file whose roots are those heads. Import stores the blocks
// (each checked against its CID) and merges every root through the normal merge path, so the
// restored node has the full history (`commits` equal) and rebuilt indexes.

import { defraError } from '../client/index.ts';
import {
  cidOf, collectionHeadPrefix, COMPOSITE_HEAD_FIELD, decodeBlock, decodeCar, docHeadPrefix, encodeCarHeader,
  encodeCarSection, getBlock, getBlockBytes, hasBlock, headsUnder, putBlockBytes,
} from '../core/index.ts';
import type { CID } from '../core/index.ts';
import { concatBytes } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { docLayout, listDocIDs } from './doc-store.ts';
import { ErrCorruptBlock, ErrMissingBlock, mergeHead } from './merge.ts';
import { catalogOf } from './schema-ops.ts';
import type { CollectionDefinition } from '../client/index.ts';

export const ErrUnknownSchemaVersion = defraError('backup-schema-version', 'backup references an unknown schema version');

/** Progress of a long backup operation (blocks written or merged so far). */
export type BackupProgress = (op: 'export' | 'import', done: number, total: number | undefined) => void;

const REPORT_EVERY = 1000;

/** Heads of the exported collections: collection DAG heads first, then each document's composite heads. */
function exportRoots(ctx: TxnContext, defs: readonly CollectionDefinition[]): CID[] {
  const roots: CID[] = [];
  for (const def of defs) {
    roots.push(...headsUnder(ctx.kv, collectionHeadPrefix(docLayout(ctx, def).col)));
    for (const docID of listDocIDs(ctx, def, true)) roots.push(...headsUnder(ctx.kv, docHeadPrefix(docID, COMPOSITE_HEAD_FIELD)));
  }
  return roots;
}

/** The CARv1 bytes of the given collections' DAGs (roots = their heads). */
export function encodeCarBackup(ctx: TxnContext, defs: readonly CollectionDefinition[], progress?: BackupProgress): Uint8Array {
  const roots = exportRoots(ctx, defs);
  const sections: Uint8Array[] = [encodeCarHeader(roots)];
  const seen = new Set<string>();
  const signatures = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length) {
    const cid = stack.pop()!;
    const key = cid.toString();
    if (seen.has(key)) continue;
    seen.add(key);
    const bytes = getBlockBytes(ctx.kv, cid);
    if (!bytes) throw ErrMissingBlock(key);
    sections.push(encodeCarSection(cid, bytes));
    if (seen.size % REPORT_EVERY === 0) progress?.('export', seen.size, undefined);
    if (signatures.has(key)) continue; // signature blocks are leaves
    const block = decodeBlock(bytes);
    if (block.signature) signatures.add(block.signature.toString());
    const next = [...block.heads, ...block.links.map((l) => l.cid), ...(block.signature ? [block.signature] : [])];
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
  progress?.('export', seen.size, seen.size);
  return concatBytes(...sections);
}

/** Stores the CAR's blocks and merges each root (composite or collection head). */
export async function carImport(ctx: TxnContext, bytes: Uint8Array): Promise<void> {
  const progress = ctx.env.backupProgress;
  const { roots, blocks } = decodeCar(bytes);
  for (const b of blocks) {
    const key = b.cid.toString();
    if (cidOf(b.cid.code, b.bytes).toString() !== key) throw ErrCorruptBlock(key);
    if (!hasBlock(ctx.kv, b.cid)) putBlockBytes(ctx.kv, b.cid, b.bytes);
  }
  const catalog = catalogOf(ctx);
  let done = 0;
  for (const root of roots) {
    const block = getBlock(ctx.kv, root);
    if (!block) throw ErrMissingBlock(root.toString());
    const d = block.delta;
    if (d.kind !== 'composite' && d.kind !== 'collection') continue;
    const def = catalog.byVersionID(d.schemaVersionID);
    if (!def) throw ErrUnknownSchemaVersion({ SchemaVersionID: d.schemaVersionID });
    await mergeHead(ctx, { docID: d.kind === 'composite' ? d.docID : '', cid: root, collectionID: def.version.CollectionID });
    if (++done % REPORT_EVERY === 0) progress?.('import', done, roots.length);
  }
  progress?.('import', done, roots.length);
}
