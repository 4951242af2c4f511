// Which blocks a DefraDB block needs (p2p.md §5): `heads` (previous versions), `links` (field
// blocks, or composites for collection blocks) and `signature`. The `encryption` link is left
// out: encryption blocks live in the encstore and come from the KMS, not from bitswap.
//
// Every fetched block is read here. DefraDB's own blocks go through core's block reader, and the
// decoded block is kept for the merge; any other common shape (a map of strings, integers, byte
// strings, arrays, maps and CID links) is walked in place without building the decoded block;
// anything else (floats, other tags, indefinite lengths, trailing bytes) takes the full DAG-CBOR
// decoder.

import * as dagCbor from '@ipld/dag-cbor';
import { CID } from 'multiformats/cid';
import { cidFromBytes, CODEC_DAG_CBOR, readBlock, type Block } from '../core/index.ts';

export function blockLinks(cid: CID, bytes: Uint8Array): CID[] {
  return readLinks(cid, bytes).links;
}

/**
 * The links, and the decoded block when it is a DefraDB block in its usual layout (core's
 * reader): a merge of it then needs no second decode. Other shapes are scanned or decoded here.
 */
export function readLinks(cid: CID, bytes: Uint8Array): { links: CID[]; block?: Block } {
  if (cid.code !== CODEC_DAG_CBOR) return { links: [] };
  const block = readBlock(bytes);
  if (block) {
    const links = [...block.heads];
    for (const l of block.links) links.push(l.cid);
    if (block.signature) links.push(block.signature);
    return { links, block };
  }
  return { links: scanLinks(bytes) ?? decodedLinks(bytes) };
}

function decodedLinks(bytes: Uint8Array): CID[] {
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

/** Not a shape the scanner handles: use the decoder. */
class Unsupported extends Error {}

const CID_TAG = 42;
const utf8 = new TextDecoder();

/** The links in heads, links[].link and signature, in that order; undefined when unsupported. */
function scanLinks(bytes: Uint8Array): CID[] | undefined {
  const r = new Reader(bytes);
  try {
    const { major, arg } = r.head();
    if (major !== 5) return undefined;
    const found = { heads: [] as CID[], links: [] as CID[], signature: [] as CID[] };
    for (let i = 0; i < arg; i++) {
      const key = r.text();
      if (key === 'heads') r.array(() => r.link(found.heads));
      else if (key === 'links') r.array(() => r.map((k) => (k === 'link' ? r.link(found.links) : r.skip())));
      else if (key === 'signature') r.link(found.signature);
      else r.skip();
    }
    if (!r.atEnd()) return undefined;
    return [...found.heads, ...found.links, ...found.signature];
  } catch {
    return undefined; // unsupported shape or malformed bytes: the decoder decides
  }
}

class Reader {
  readonly #b: Uint8Array;
  #off = 0;
  constructor(b: Uint8Array) { this.#b = b; }

  atEnd(): boolean { return this.#off === this.#b.length; }

  head(): { major: number; arg: number } {
    const first = this.#byte();
    const major = first >> 5;
    const info = first & 31;
    if (info < 24) return { major, arg: info };
    if (info > 27 || (major === 7 && info > 24)) throw new Unsupported(); // floats, indefinite
    let arg = 0;
    for (let n = 1 << (info - 24); n > 0; n--) arg = arg * 256 + this.#byte();
    if (!Number.isSafeInteger(arg)) throw new Unsupported();
    return { major, arg };
  }

  text(): string {
    const { major, arg } = this.head();
    if (major !== 3) throw new Unsupported();
    return utf8.decode(this.#take(arg));
  }

  array(each: () => void): void {
    const { major, arg } = this.head();
    if (major !== 4) { this.#skipBody(major, arg); return; } // not a list: no links there
    for (let i = 0; i < arg; i++) each();
  }

  map(each: (key: string) => void): void {
    const { major, arg } = this.head();
    if (major !== 5) { this.#skipBody(major, arg); return; }
    for (let i = 0; i < arg; i++) each(this.text());
  }

  /** A CID link (tag 42 over 0x00 ‖ CID bytes) goes to `out`; any other value is skipped. */
  link(out: CID[]): void {
    const { major, arg } = this.head();
    if (major !== 6) { this.#skipBody(major, arg); return; }
    if (arg !== CID_TAG) throw new Unsupported();
    const inner = this.head();
    if (inner.major !== 2) throw new Unsupported();
    const b = this.#take(inner.arg);
    if (b.length < 2 || b[0] !== 0) throw new Unsupported();
    out.push(cidFromBytes(b.subarray(1)));
  }

  skip(): void {
    const { major, arg } = this.head();
    this.#skipBody(major, arg);
  }

  #skipBody(major: number, arg: number): void {
    switch (major) {
      case 0: case 1: return;
      case 2: case 3: this.#take(arg); return;
      case 4: for (let i = 0; i < arg; i++) this.skip(); return;
      case 5: for (let i = 0; i < 2 * arg; i++) this.skip(); return;
      case 6: {
        if (arg !== CID_TAG) throw new Unsupported();
        const inner = this.head();
        if (inner.major !== 2) throw new Unsupported();
        this.#take(inner.arg);
        return;
      }
      default: // simple values: false, true, null only
        if (arg < 20 || arg > 22) throw new Unsupported();
    }
  }

  #byte(): number {
    if (this.#off >= this.#b.length) throw new RangeError('cbor: truncated');
    return this.#b[this.#off++]!;
  }

  #take(n: number): Uint8Array {
    if (this.#off + n > this.#b.length) throw new RangeError('cbor: truncated');
    const out = this.#b.subarray(this.#off, this.#off + n);
    this.#off += n;
    return out;
  }
}
