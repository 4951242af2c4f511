// The IPLD block model of DefraDB (datamodel.md §2.1): a keyed-union delta, optional heads,
// links, encryption and signature links. DAG-CBOR with @ipld/dag-cbor; empty optionals omitted;
// heads and links sorted by CID *string*; docID carried as the ASCII bytes of "bae-…".

import * as dagCbor from '@ipld/dag-cbor';
import type { CID } from 'multiformats/cid';
import { DefraError } from '../client/index.ts';
import { utf8, fromUtf8 } from '../util/index.ts';
import { blockCid, cidText } from './cid.ts';
import { CborWriter } from './canonical-cbor.ts';
import { readBlock } from './block-reader.ts';

export const DocStatus = { Active: 1, Deleted: 2 } as const;
export type DocStatus = (typeof DocStatus)[keyof typeof DocStatus];

/** The link name and field name used for composite blocks in commit results. */
export const COMPOSITE_FIELD_NAME = '_C';
export const HEAD_LINK_NAME = '_head';

export interface LwwDelta {
  kind: 'lww'; docID: string; fieldName: string; priority: number; schemaVersionID: string; data: Uint8Array;
}
export interface CounterDelta {
  kind: 'counter'; docID: string; fieldName: string; priority: number; nonce: number | bigint;
  schemaVersionID: string; data: Uint8Array;
}
export interface CompositeDelta { kind: 'composite'; docID: string; priority: number; schemaVersionID: string; status: DocStatus }
export interface CollectionDelta { kind: 'collection'; priority: number; schemaVersionID: string }
export type Delta = LwwDelta | CounterDelta | CompositeDelta | CollectionDelta;
export type FieldDelta = LwwDelta | CounterDelta;

export interface DagLink { name: string; cid: CID }

export interface Block {
  delta: Delta;
  /** Parents in the same DAG, sorted by CID string. */
  heads: CID[];
  /** Composite → field blocks, collection → composites; sorted by CID string. */
  links: DagLink[];
  encryption?: CID;
  signature?: CID;
}

export const ErrInvalidBlock = (reason: string) => new DefraError('invalid-block', 'failed to decode block', { Reason: reason });

/** Sorted by CID text, each text made once (sorting compares each element many times). */
function sortByCid<T>(items: readonly T[], cidOfItem: (x: T) => CID): T[] {
  const keyed = items.map((x) => ({ k: cidText(cidOfItem(x)), x }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return keyed.map((e) => e.x);
}

/** Replay order of blocks from one DAG: priority (height), then CID text. */
export function byPriorityThenCid(a: { cid: CID; block: Block }, b: { cid: CID; block: Block }): number {
  const d = a.block.delta.priority - b.block.delta.priority;
  if (d !== 0) return d;
  const x = cidText(a.cid), y = cidText(b.cid);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** coreblock.New: a block with heads and links sorted by CID string. */
export function newBlock(delta: Delta, links: DagLink[] = [], heads: CID[] = [], extra: { encryption?: CID; signature?: CID } = {}): Block {
  const b: Block = {
    delta,
    heads: heads.length > 1 ? sortByCid(heads, (h) => h) : heads,
    links: links.length > 1 ? sortByCid(links, (l) => l.cid) : links,
  };
  if (extra.encryption) b.encryption = extra.encryption;
  if (extra.signature) b.signature = extra.signature;
  return b;
}

function deltaNode(d: Delta): Record<string, unknown> {
  switch (d.kind) {
    case 'lww':
      return { lww: { docID: utf8(d.docID), fieldName: d.fieldName, priority: d.priority, schemaVersionID: d.schemaVersionID, data: d.data } };
    case 'counter':
      return { counter: { docID: utf8(d.docID), fieldName: d.fieldName, priority: d.priority, nonce: d.nonce, schemaVersionID: d.schemaVersionID, data: d.data } };
    case 'composite':
      return { composite: { docID: utf8(d.docID), priority: d.priority, schemaVersionID: d.schemaVersionID, status: d.status } };
    case 'collection':
      return { collection: { priority: d.priority, schemaVersionID: d.schemaVersionID } };
  }
}

/** DAG-CBOR bytes of a block, exactly as Go DefraDB writes them (hand-rolled: the hot path). */
export function encodeBlock(b: Block): Uint8Array {
  const w = blockWriter.reset();
  let n = 1;
  if (b.heads.length) n++;
  if (b.links.length) n++;
  if (b.signature) n++;
  if (b.encryption) n++;
  // Keys in DAG-CBOR order (length-first, then bytewise): delta, heads, links, signature, encryption.
  w.mapHeader(n);
  w.text('delta');
  writeDelta(w, b.delta);
  if (b.heads.length) {
    w.text('heads');
    w.arrayHeader(b.heads.length);
    for (const h of b.heads) writeLink(w, h);
  }
  if (b.links.length) {
    w.text('links');
    w.arrayHeader(b.links.length);
    for (const l of b.links) { w.mapHeader(2); w.text('link'); writeLink(w, l.cid); w.text('name'); w.text(l.name); }
  }
  if (b.signature) { w.text('signature'); writeLink(w, b.signature); }
  if (b.encryption) { w.text('encryption'); writeLink(w, b.encryption); }
  return w.finish();
}

const blockWriter = new CborWriter(512);

function writeLink(w: CborWriter, cid: CID): void {
  w.byte(0xd8); w.byte(42);
  const bytes = cid.bytes;
  w.head(2, bytes.length + 1);
  w.byte(0);
  w.raw(bytes);
}

function writeDocId(w: CborWriter, docID: string): void {
  w.head(2, docID.length);
  for (let i = 0; i < docID.length; i++) w.byte(docID.charCodeAt(i) & 0xff);
}

function writeDelta(w: CborWriter, d: Delta): void {
  w.mapHeader(1);
  switch (d.kind) {
    case 'lww':
      w.text('lww'); w.mapHeader(5);
      w.text('data'); w.bytes(d.data);
      w.text('docID'); writeDocId(w, d.docID);
      w.text('priority'); w.int(d.priority);
      w.text('fieldName'); w.text(d.fieldName);
      w.text('schemaVersionID'); w.text(d.schemaVersionID);
      return;
    case 'counter':
      w.text('counter'); w.mapHeader(6);
      w.text('data'); w.bytes(d.data);
      w.text('docID'); writeDocId(w, d.docID);
      w.text('nonce'); w.int(d.nonce);
      w.text('priority'); w.int(d.priority);
      w.text('fieldName'); w.text(d.fieldName);
      w.text('schemaVersionID'); w.text(d.schemaVersionID);
      return;
    case 'composite':
      w.text('composite'); w.mapHeader(4);
      w.text('docID'); writeDocId(w, d.docID);
      w.text('status'); w.int(d.status);
      w.text('priority'); w.int(d.priority);
      w.text('schemaVersionID'); w.text(d.schemaVersionID);
      return;
    case 'collection':
      w.text('collection'); w.mapHeader(2);
      w.text('priority'); w.int(d.priority);
      w.text('schemaVersionID'); w.text(d.schemaVersionID);
  }
}

/** The same bytes through @ipld/dag-cbor (reference encoder, used to cross-check). */
export function encodeBlockReference(b: Block): Uint8Array {
  const node: Record<string, unknown> = { delta: deltaNode(b.delta) };
  if (b.heads.length) node.heads = b.heads;
  if (b.links.length) node.links = b.links.map((l) => ({ name: l.name, link: l.cid }));
  if (b.encryption) node.encryption = b.encryption;
  if (b.signature) node.signature = b.signature;
  return dagCbor.encode(node);
}

/** Encode and hash: the block bytes and their CID. */
export function encodeBlockWithCid(b: Block): { bytes: Uint8Array; cid: CID } {
  const bytes = encodeBlock(b);
  return { bytes, cid: blockCid(bytes) };
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !(x instanceof Uint8Array);
const asCid = (x: unknown, what: string): CID => {
  const c = x as CID | null;
  if (!c || c.asCID !== c) throw ErrInvalidBlock(`${what} is not a link`);
  return c;
};
const str = (x: unknown, what: string): string => { if (typeof x !== 'string') throw ErrInvalidBlock(`${what} is not a string`); return x; };
const bytes = (x: unknown, what: string): Uint8Array => { if (!(x instanceof Uint8Array)) throw ErrInvalidBlock(`${what} is not bytes`); return x; };
const int = (x: unknown, what: string): number => {
  if (typeof x === 'number' && Number.isInteger(x)) return x;
  if (typeof x === 'bigint') return Number(x);
  throw ErrInvalidBlock(`${what} is not an int`);
};

function decodeDelta(node: unknown): Delta {
  if (!isObj(node)) throw ErrInvalidBlock('delta is not a map');
  const keys = Object.keys(node);
  if (keys.length !== 1) throw ErrInvalidBlock('delta must have exactly one member');
  const kind = keys[0];
  const d = node[kind];
  if (!isObj(d)) throw ErrInvalidBlock('delta body is not a map');
  switch (kind) {
    case 'lww':
      return { kind, docID: fromUtf8(bytes(d.docID, 'docID')), fieldName: str(d.fieldName, 'fieldName'), priority: int(d.priority, 'priority'), schemaVersionID: str(d.schemaVersionID, 'schemaVersionID'), data: d.data === undefined ? new Uint8Array() : bytes(d.data, 'data') };
    case 'counter': {
      const nonce = d.nonce;
      if (typeof nonce !== 'number' && typeof nonce !== 'bigint') throw ErrInvalidBlock('nonce is not an int');
      return { kind, docID: fromUtf8(bytes(d.docID, 'docID')), fieldName: str(d.fieldName, 'fieldName'), priority: int(d.priority, 'priority'), nonce, schemaVersionID: str(d.schemaVersionID, 'schemaVersionID'), data: d.data === undefined ? new Uint8Array() : bytes(d.data, 'data') };
    }
    case 'composite': {
      const status = int(d.status, 'status');
      if (status !== 1 && status !== 2) throw ErrInvalidBlock('invalid status');
      return { kind, docID: fromUtf8(bytes(d.docID, 'docID')), priority: int(d.priority, 'priority'), schemaVersionID: str(d.schemaVersionID, 'schemaVersionID'), status };
    }
    case 'collection':
      return { kind, priority: int(d.priority, 'priority'), schemaVersionID: str(d.schemaVersionID, 'schemaVersionID') };
    default:
      throw ErrInvalidBlock(`unknown delta type ${kind}`);
  }
}

/**
 * Decode block bytes (the order of heads and links is kept as stored). Byte strings and CIDs in
 * the result may be views into `data`.
 */
export function decodeBlock(data: Uint8Array): Block {
  return readBlock(data) ?? decodeBlockGeneric(data);
}

/** decodeBlock through @ipld/dag-cbor: any valid DAG-CBOR layout (and its errors). */
export function decodeBlockGeneric(data: Uint8Array): Block {
  let node: unknown;
  try { node = dagCbor.decode(data); } catch (e) { throw ErrInvalidBlock((e as Error).message); }
  if (!isObj(node)) throw ErrInvalidBlock('block is not a map');
  const b: Block = {
    delta: decodeDelta(node.delta),
    heads: Array.isArray(node.heads) ? node.heads.map((h) => asCid(h, 'head')) : [],
    links: Array.isArray(node.links)
      ? node.links.map((l) => {
        if (!isObj(l)) throw ErrInvalidBlock('link is not a map');
        return { name: str(l.name, 'link name'), cid: asCid(l.link, 'link') };
      })
      : [],
  };
  if (node.encryption !== undefined) b.encryption = asCid(node.encryption, 'encryption');
  if (node.signature !== undefined) b.signature = asCid(node.signature, 'signature');
  return b;
}

/** Field name as `commits` reports it: the field, `_C` for composites, null for collection blocks. */
export function blockFieldName(b: Block): string | null {
  switch (b.delta.kind) {
    case 'lww': case 'counter': return b.delta.fieldName;
    case 'composite': return COMPOSITE_FIELD_NAME;
    case 'collection': return null;
  }
}

export const blockDocId = (b: Block): string | null => (b.delta.kind === 'collection' ? null : b.delta.docID);
export const blockData = (b: Block): Uint8Array | null =>
  b.delta.kind === 'lww' || b.delta.kind === 'counter' ? b.delta.data : null;
export const isCompositeBlock = (b: Block): boolean => b.delta.kind === 'composite';

/** Encryption block (stored in the encstore): `{docID, fieldName?, key}`. */
export interface EncryptionBlock { docID: string; fieldName?: string; key: Uint8Array }

export function encodeEncryptionBlock(e: EncryptionBlock): Uint8Array {
  const node: Record<string, unknown> = { docID: utf8(e.docID), key: e.key };
  if (e.fieldName) node.fieldName = e.fieldName;
  return dagCbor.encode(node);
}

export function decodeEncryptionBlock(data: Uint8Array): EncryptionBlock {
  const n = dagCbor.decode(data) as Record<string, unknown>;
  if (!isObj(n)) throw ErrInvalidBlock('encryption block is not a map');
  const e: EncryptionBlock = { docID: fromUtf8(bytes(n.docID, 'docID')), key: bytes(n.key, 'key') };
  if (typeof n.fieldName === 'string') e.fieldName = n.fieldName;
  return e;
}

/** Signature block: `{header: {type, identity}, value}`; identity is the ASCII hex public key. */
export interface SignatureBlock { type: string; identity: Uint8Array; value: Uint8Array }

export function encodeSignatureBlock(s: SignatureBlock): Uint8Array {
  return dagCbor.encode({ header: { type: s.type, identity: s.identity }, value: s.value });
}

export function decodeSignatureBlock(data: Uint8Array): SignatureBlock {
  const n = dagCbor.decode(data) as Record<string, unknown>;
  if (!isObj(n) || !isObj(n.header)) throw ErrInvalidBlock('signature block is not a map');
  return { type: str(n.header.type, 'type'), identity: bytes(n.header.identity, 'identity'), value: bytes(n.value, 'value') };
}

/** The bytes a signature covers: the block as stored, minus its signature link. */
export const unsignedBlockBytes = (b: Block): Uint8Array => encodeBlock({ ...b, signature: undefined });
