// Which blocks a DefraDB block needs (p2p.md §5): `heads` (previous versions), `links` (field
// blocks, or composites for collection blocks) and `signature`. The `encryption` link is left
// out: encryption blocks live in the encstore and come from the KMS, not from bitswap.

import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { CODEC_DAG_CBOR } from '../core/index.ts';

export function blockLinks(cid: CID, bytes: Uint8Array): CID[] {
  if (cid.code !== CODEC_DAG_CBOR) return [];
  let node: unknown;
  try {
    node = dagCbor.decode(bytes);
  } catch {
    return [];
  }
  if (node === null || typeof node !== 'object') return [];
  const b = node as { heads?: unknown; links?: unknown; signature?: unknown };
  const out: CID[] = [];
  const add = (v: unknown) => { const c = CID.asCID(v); if (c) out.push(c); };
  if (Array.isArray(b.heads)) b.heads.forEach(add);
  if (Array.isArray(b.links)) for (const l of b.links) add((l as { link?: unknown } | null)?.link);
  add(b.signature);
  return out;
}
