// doc-sync request and reply bodies (p2p.md §6.2), CBOR with lower-case tags in struct order.

import { encode, decode } from 'cborg';
import type { CID } from 'multiformats/cid';
import { cidFromBytes } from '../../core/index.ts';
import { keepOrder, lowerKeys } from './push-log.ts';

export interface DocSyncResult { docID: string; heads: CID[] }
export interface DocSyncReply { results: DocSyncResult[]; sender: string }

export const encodeDocSyncRequest = (docIDs: string[]): Uint8Array =>
  encode({ docIDs }, { mapSorter: keepOrder });

export function decodeDocSyncRequest(bytes: Uint8Array): string[] {
  const m = asMap(decode(bytes));
  const ids = m.docids ?? [];
  if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) throw new Error('doc-sync: bad docIDs');
  return ids as string[];
}

export function encodeDocSyncReply(r: DocSyncReply): Uint8Array {
  const results = r.results.length === 0 ? null
    : r.results.map((x) => ({ docID: x.docID, heads: x.heads.map((c) => c.bytes) }));
  return encode({ results, sender: r.sender }, { mapSorter: keepOrder });
}

export function decodeDocSyncReply(bytes: Uint8Array): DocSyncReply {
  const m = asMap(decode(bytes));
  const results: DocSyncResult[] = [];
  for (const item of (Array.isArray(m.results) ? m.results : [])) {
    const r = asMap(item);
    const heads = (Array.isArray(r.heads) ? r.heads : []).map((h: unknown) => {
      if (!(h instanceof Uint8Array)) throw new Error('doc-sync: head is not bytes');
      return cidFromBytes(h);
    });
    results.push({ docID: typeof r.docid === 'string' ? r.docid : '', heads });
  }
  return { results, sender: typeof m.sender === 'string' ? m.sender : '' };
}

function asMap(v: unknown): Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) {
    throw new Error('doc-sync: not a map');
  }
  return lowerKeys(v as Record<string, unknown>);
}
