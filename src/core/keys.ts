// Key layouts of the shared ordered KV (datamodel.md §4). Sub-stores are prefix concatenations.
// Data keys carry the collection short ID as an order-preserving binary varint, head keys as
// decimal text; doc IDs are the 40-char strings; field short IDs decimal text. Document values
// are one record per document (doc-record.ts), not Go's key per field.

import type { CID } from 'multiformats/cid';
import { keyWithCidText, keyWithMultihash } from './cid.ts';
import { encodeUvarintAscending } from './varint.ts';
import { latin1String } from '../util/index.ts';

export const SYSTEM_PREFIX = '/db/system';
export const DATA_PREFIX = '/db/data';
export const HEADS_PREFIX = '/db/heads';
export const BLOCKS_PREFIX = '/db/blocks';
export const ENC_PREFIX = '/db/enc';
export const PEER_PREFIX = '/db/ps';

/** Head-key field ID of the composite DAG. */
export const COMPOSITE_HEAD_FIELD = 'C';
export const DOC_ID_LENGTH = 40;

/** Writes ASCII text into a fresh buffer (every key component here is ASCII). */
export function ascii(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Key bytes as text (every key component here is ASCII). */
export const fromAscii = (b: Uint8Array, start = 0, end = b.length): string => latin1String(b, start, end);

/** Concatenate byte parts and ASCII strings into one key. */
export function buildKey(...parts: (string | Uint8Array)[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    if (typeof p === 'string') for (let i = 0; i < p.length; i++) out[o++] = p.charCodeAt(i);
    else { out.set(p, o); o += p.length; }
  }
  return out;
}

const colCache = new Map<number, Uint8Array>();
/** `/db/data/<C>` for a collection short ID (cached: it is on every data key). */
export function collectionDataPrefix(colShortId: number): Uint8Array {
  let p = colCache.get(colShortId);
  if (!p) { p = buildKey(DATA_PREFIX, '/', encodeUvarintAscending(colShortId)); colCache.set(colShortId, p); }
  return p;
}

/** `/db/data/<C>/<uvarintAsc indexID>/` — prefix of a secondary index. */
export const indexPrefix = (col: number, indexId: number): Uint8Array =>
  buildKey(collectionDataPrefix(col), '/', encodeUvarintAscending(indexId), '/');

/** `/db/data/collection/vi/<C>/<item>` — materialized view cache item. */
export const viewItemKey = (col: number, item: number): Uint8Array =>
  buildKey(DATA_PREFIX, '/collection/vi/', encodeUvarintAscending(col), '/', encodeUvarintAscending(item));
export const viewItemPrefix = (col: number): Uint8Array =>
  buildKey(DATA_PREFIX, '/collection/vi/', encodeUvarintAscending(col), '/');

// ---- heads (/db/heads) ----

/**
 * `/db/heads/d/<docID>/<fieldId>/` — names the head set of one field DAG (`C` = composite). Its
 * heads are stored in the document's one heads key `/db/heads/d/<docID>` (doc-heads.ts).
 */
export const docHeadPrefix = (docID: string, fieldId: number | string): Uint8Array =>
  DocHeadPrefix.make(buildKey(HEADS_PREFIX, '/d/', docID, '/', String(fieldId), '/'), docID, String(fieldId));
/** `/db/heads/d/<docID>/` — every head of a document. */
export const docHeadsPrefix = (docID: string): Uint8Array => DocHeadPrefix.make(buildKey(HEADS_PREFIX, '/d/', docID, '/'), docID, undefined);

/**
 * A document head-set prefix that remembers the docID and field it names: every block write
 * asks the heads code which set a prefix names, and parsing it back from bytes was a tenth of a
 * create. Copies (slice, subarray) are plain Uint8Arrays and get parsed.
 */
export class DocHeadPrefix extends Uint8Array {
  static get [Symbol.species](): Uint8ArrayConstructor { return Uint8Array; }
  target: { docID: string; fid: string | undefined } = { docID: '', fid: undefined };

  static make(bytes: Uint8Array, docID: string, fid: string | undefined): DocHeadPrefix {
    const p = new DocHeadPrefix(bytes.length);
    p.set(bytes);
    p.target = { docID, fid };
    return p;
  }
}
/** `/db/heads/c/<col decimal>/` — head set of a branchable collection DAG. */
export const collectionHeadPrefix = (col: number): Uint8Array => buildKey(HEADS_PREFIX, '/c/', String(col), '/');
/** `<prefix><cid string>`: the key of one head of a per-key (collection) head set. */
export const headKey = (prefix: Uint8Array, cid: CID | string): Uint8Array =>
  typeof cid === 'string' ? buildKey(prefix, cid) : keyWithCidText(prefix, cid);

/** A stored heads key: a document's (all its head sets in the value) or one collection head. */
export interface HeadKey { kind: 'doc' | 'collection'; docID?: string; fieldId?: string; colShortId?: number; cid?: string }

export function parseHeadKey(key: Uint8Array): HeadKey | undefined {
  const s = fromAscii(key);
  if (!s.startsWith(HEADS_PREFIX + '/')) return undefined;
  const parts = s.slice(HEADS_PREFIX.length + 1).split('/');
  if (parts[0] === 'd' && parts.length === 2) return { kind: 'doc', docID: parts[1] };
  if (parts[0] === 'c' && parts.length === 3) return { kind: 'collection', colShortId: Number(parts[1]), cid: parts[2] };
  return undefined;
}

// ---- blocks ----

/** `/db/blocks/<BASE32 multihash>` */
const BLOCKS_KEY_PREFIX = buildKey(BLOCKS_PREFIX, '/');
const ENC_KEY_PREFIX = buildKey(ENC_PREFIX, '/');
export const blockKey = (cid: CID): Uint8Array => keyWithMultihash(BLOCKS_KEY_PREFIX, cid);
/** `/db/enc/<BASE32 multihash>` — encryption blocks. */
export const encBlockKey = (cid: CID): Uint8Array => keyWithMultihash(ENC_KEY_PREFIX, cid);

// ---- system store (/db/system, §4.5) ----

const sys = (...p: string[]): Uint8Array => buildKey(SYSTEM_PREFIX, ...p);
export const systemKeys = {
  schemaVersion: (versionId: string) => sys('/schema/version/v/', versionId),
  schemaVersionPrefix: () => sys('/schema/version/v/'),
  schemaHistory: (root: string, versionId: string) => sys('/schema/version/r/', root, '/', versionId),
  schemaHistoryPrefix: (root: string) => sys('/schema/version/r/', root, '/'),
  collectionVersion: (collectionVersionId: string) => sys('/collection/id/', collectionVersionId),
  collectionVersionPrefix: () => sys('/collection/id/'),
  collectionName: (name: string) => sys('/collection/name/', name),
  collectionNamePrefix: () => sys('/collection/name/'),
  collectionShortId: (collectionId: string) => sys('/collection/shortID/', collectionId),
  collectionShortIdPrefix: () => sys('/collection/shortID/'),
  fieldShortId: (colShortId: number, fieldName: string) => sys('/field/shortID/', String(colShortId), '/', fieldName),
  fieldShortIdPrefix: (colShortId: number) => sys('/field/shortID/', String(colShortId), '/'),
  collectionSeq: () => sys('/seq/collection'),
  fieldSeq: (colShortId: number) => sys('/seq/field/', String(colShortId)),
  indexSeq: (collectionId: string) => sys('/seq/index/', collectionId),
  p2pCollection: (id: string) => sys('/p2p/collection/', id),
  p2pCollectionPrefix: () => sys('/p2p/collection/'),
  p2pDocument: (docID: string) => sys('/p2p/document/', docID),
  p2pDocumentPrefix: () => sys('/p2p/document/'),
  nodeAccessControl: () => sys('/nac'),
};
