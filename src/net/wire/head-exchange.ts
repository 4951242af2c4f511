// Head exchange (beyond DefraDB v0.19, which has none; p2p.md §6.4). On every new connection
// each side asks the other, on protocol HEAD_EXCHANGE_PROTOCOL, for the current heads of the
// documents it follows; the answer streams back in length-prefixed CBOR batches.
//   request  {collectionIDs: [text], docIDs: [text]}
//   response {docs: [{docID, collectionID, heads: [bytes CID]}]}   (repeated, then stream end)

import { encode, decode } from 'cborg';
import type { CID } from 'multiformats/cid';
import { cidFromBytes } from '../../core/index.ts';
import { keepOrder, lowerKeys } from './push-log.ts';

export const HEAD_EXCHANGE_PROTOCOL = '/defradb-ts/heads/1.0.0';

export interface HeadsRequest { collectionIDs: string[]; docIDs: string[] }
export interface DocHeads { docID: string; collectionID: string; heads: CID[] }

export const encodeHeadsRequest = (r: HeadsRequest): Uint8Array =>
  encode({ collectionIDs: r.collectionIDs, docIDs: r.docIDs }, { mapSorter: keepOrder });

export function decodeHeadsRequest(bytes: Uint8Array): HeadsRequest {
  const m = lowerKeys(decode(bytes) as Record<string, unknown>);
  return { collectionIDs: strings(m.collectionids), docIDs: strings(m.docids) };
}

export function encodeHeadsBatch(docs: DocHeads[]): Uint8Array {
  return encode({
    docs: docs.map((d) => ({ docID: d.docID, collectionID: d.collectionID, heads: d.heads.map((c) => c.bytes) })),
  }, { mapSorter: keepOrder });
}

export function decodeHeadsBatch(bytes: Uint8Array): DocHeads[] {
  const m = lowerKeys(decode(bytes) as Record<string, unknown>);
  const docs = Array.isArray(m.docs) ? m.docs : [];
  return docs.map((raw: unknown) => {
    const d = lowerKeys(raw as Record<string, unknown>);
    const heads = (Array.isArray(d.heads) ? d.heads : []).map((h: unknown) => cidFromBytes(h as Uint8Array));
    return { docID: String(d.docid ?? ''), collectionID: String(d.collectionid ?? ''), heads };
  });
}

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error('heads: expected text list');
  return v as string[];
}
