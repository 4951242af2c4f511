// The fast path of decodeBlock: a reader for blocks laid out exactly as encodeBlock (and Go
// DefraDB) writes them — canonical DAG-CBOR, keys in canonical order, ASCII text. Anything else
// returns undefined and the caller decodes with @ipld/dag-cbor, so the reader only has to accept
// a subset of what the reference decoder accepts and give the same result for it. Every block
// the network receives and every merge reads goes through here; the generic decoder built a
// token list and an object tree per block, then the Block from that.
//
// Byte strings and CIDs in the result are views into `data` (as multiformats' own decoders
// make them): callers pass buffers they do not reuse.

import type { CID } from 'multiformats/cid';
import { latin1String } from '../util/index.ts';
import type { Block, DagLink, Delta } from './block.ts';
import { cidV1Sha256 } from './cid.ts';

const SHA2_256 = 0x12;

/**
 * Recently decoded texts, by a hash of their bytes: a block's schema version ID, field name and
 * docID recur block after block, and one shared string beats a new one per block for the GC.
 */
const recent: string[] = new Array(256).fill('');

/** The ASCII bytes [start, end) as a flat string (a recent equal one when there is one). */
function asciiText(d: Uint8Array, start: number, end: number): string {
  const n = end - start;
  let h = n;
  for (let i = start; i < end; i++) {
    const c = d[i];
    if (c > 0x7f) throw GIVE_UP;
    h = (Math.imul(h, 31) + c) | 0;
  }
  const slot = (h ^ (h >>> 8) ^ (h >>> 16)) & 255;
  const prev = recent[slot];
  if (prev.length === n) {
    let same = true;
    for (let i = 0; i < n; i++) if (prev.charCodeAt(i) !== d[start + i]) { same = false; break; }
    if (same) return prev;
  }
  return (recent[slot] = latin1String(d, start, end));
}

/** Why the fast path gave up; never thrown past readBlock. */
const GIVE_UP = Symbol('give-up');

class Reader {
  readonly data: Uint8Array;
  at = 0;
  constructor(data: Uint8Array) { this.data = data; }

  /** A head of major type `major` with a shortest-form argument below 2^32. */
  head(major: number): number {
    const d = this.data;
    if (this.at >= d.length) throw GIVE_UP;
    const b = d[this.at++];
    if (b >> 5 !== major) throw GIVE_UP;
    const info = b & 31;
    if (info < 24) return info;
    let n: number;
    if (info === 24) { n = this.byteAt(); if (n < 24) throw GIVE_UP; return n; }
    if (info === 25) { n = (this.byteAt() << 8) | this.byteAt(); if (n < 0x100) throw GIVE_UP; return n; }
    if (info === 26) {
      n = ((this.byteAt() << 24) >>> 0) + ((this.byteAt() << 16) | (this.byteAt() << 8) | this.byteAt());
      if (n < 0x10000) throw GIVE_UP;
      return n;
    }
    throw GIVE_UP; // 64-bit arguments and indefinite lengths: the generic path
  }

  private byteAt(): number {
    if (this.at >= this.data.length) throw GIVE_UP;
    return this.data[this.at++];
  }

  /** Steps over the content of a string head of major type `major`; returns where it starts. */
  private span(major: number): number {
    const n = this.head(major);
    const start = this.at;
    if (start + n > this.data.length) throw GIVE_UP;
    this.at = start + n;
    return start;
  }

  /** A text string of ASCII only, compared against `want` when given. */
  text(want?: string): string {
    const start = this.span(3);
    const d = this.data, n = this.at - start;
    if (want === undefined) return asciiText(d, start, this.at);
    if (n !== want.length) throw GIVE_UP;
    for (let i = 0; i < n; i++) if (d[start + i] !== want.charCodeAt(i)) throw GIVE_UP;
    return want;
  }

  bytes(): Uint8Array {
    const start = this.span(2);
    return this.data.subarray(start, this.at);
  }

  /** ASCII bytes as a string (the docID is carried as bytes). */
  asciiBytes(): string {
    const start = this.span(2);
    return asciiText(this.data, start, this.at);
  }

  uint(): number { return this.head(0); }

  /** An integer as @ipld/dag-cbor gives it: a number when safe, else a bigint. */
  int(): number | bigint {
    const d = this.data;
    if (this.at >= d.length) throw GIVE_UP;
    const major = d[this.at] >> 5;
    if (major > 1) throw GIVE_UP;
    let v: number | bigint;
    if ((d[this.at] & 31) === 27) {
      if (this.at + 9 > d.length) throw GIVE_UP;
      let u = 0n;
      for (let i = 1; i <= 8; i++) u = (u << 8n) | BigInt(d[this.at + i]);
      if (u < 0x100000000n) throw GIVE_UP; // not the shortest form
      this.at += 9;
      const big = major === 1 ? -1n - u : u;
      v = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    } else {
      v = major === 1 ? -1 - this.head(1) : this.head(0);
    }
    return v;
  }

  /** Tag 42 + bytes 0x00 + CID bytes. */
  link(): CID {
    const d = this.data;
    if (d[this.at] !== 0xd8 || d[this.at + 1] !== 42) throw GIVE_UP;
    this.at += 2;
    const b = this.bytes();
    // CIDv1 + sha2-256, the only kind DefraDB writes: built directly (what CID.decode gives)
    if (b.length !== 37 || b[0] !== 0 || b[1] !== 1 || b[2] > 0x7f || b[3] !== SHA2_256 || b[4] !== 32) throw GIVE_UP;
    return cidV1Sha256(b.subarray(1));
  }
}

function readDelta(r: Reader): Delta {
  if (r.head(5) !== 1) throw GIVE_UP;
  const kind = r.text();
  switch (kind) {
    case 'lww':
    case 'counter': {
      // a counter delta is an LWW one plus its nonce, in canonical key order
      const counter = kind === 'counter';
      if (r.head(5) !== (counter ? 6 : 5)) throw GIVE_UP;
      r.text('data'); const data = r.bytes();
      r.text('docID'); const docID = r.asciiBytes();
      let nonce: number | bigint = 0;
      if (counter) { r.text('nonce'); nonce = r.int(); }
      r.text('priority'); const priority = r.uint();
      r.text('fieldName'); const fieldName = r.text();
      r.text('schemaVersionID'); const schemaVersionID = r.text();
      return counter
        ? { kind, docID, fieldName, priority, nonce, schemaVersionID, data }
        : { kind, docID, fieldName, priority, schemaVersionID, data };
    }
    case 'composite': {
      if (r.head(5) !== 4) throw GIVE_UP;
      r.text('docID'); const docID = r.asciiBytes();
      r.text('status'); const status = r.uint();
      r.text('priority'); const priority = r.uint();
      r.text('schemaVersionID'); const schemaVersionID = r.text();
      if (status !== 1 && status !== 2) throw GIVE_UP;
      return { kind, docID, priority, schemaVersionID, status };
    }
    case 'collection': {
      if (r.head(5) !== 2) throw GIVE_UP;
      r.text('priority'); const priority = r.uint();
      r.text('schemaVersionID'); const schemaVersionID = r.text();
      return { kind, priority, schemaVersionID };
    }
    default:
      throw GIVE_UP;
  }
}

/** The block, or undefined when `data` is not in encodeBlock's exact layout. */
export function readBlock(data: Uint8Array): Block | undefined {
  const r = new Reader(data);
  try {
    let members = r.head(5);
    if (members < 1 || members > 5) return undefined;
    r.text('delta');
    const block: Block = { delta: readDelta(r), heads: [], links: [] };
    // the optional members follow in canonical key order; each may be absent
    const next = (): string | undefined => (--members > 0 ? r.text() : undefined);
    let key = next();
    if (key === 'heads') {
      const n = r.head(4);
      if (n === 0) return undefined; // encodeBlock omits empty lists
      for (let i = 0; i < n; i++) block.heads.push(r.link());
      key = next();
    }
    if (key === 'links') {
      const n = r.head(4);
      if (n === 0) return undefined;
      const links: DagLink[] = block.links;
      for (let i = 0; i < n; i++) {
        if (r.head(5) !== 2) return undefined;
        r.text('link'); const cid = r.link();
        r.text('name'); const name = r.text();
        links.push({ name, cid });
      }
      key = next();
    }
    if (key === 'signature') { block.signature = r.link(); key = next(); }
    if (key === 'encryption') { block.encryption = r.link(); key = next(); }
    if (key !== undefined || members > 0 || r.at !== data.length) return undefined;
    return block;
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}
