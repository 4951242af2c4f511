// HPACK (RFC 7541): HTTP/2 header compression, for the gRPC of `/defra/0.0.1` (p2p.md §6.1).
// The decoder is complete (static and dynamic tables, Huffman, size updates), since peers such
// as grpc-go and nghttp2 use all of it. The encoder writes only indexed static entries and
// literals without indexing, so it keeps no state and a header block can be built once and reused.

import { latin1String } from '../../util/index.ts';

/** A header field: name and value as one char per octet. */
export type Header = readonly [name: string, value: string];

export class HpackError extends Error {}

// RFC 7541 Appendix A.
const STATIC: Header[] = [
  [':authority', ''], [':method', 'GET'], [':method', 'POST'], [':path', '/'], [':path', '/index.html'],
  [':scheme', 'http'], [':scheme', 'https'], [':status', '200'], [':status', '204'], [':status', '206'],
  [':status', '304'], [':status', '400'], [':status', '404'], [':status', '500'], ['accept-charset', ''],
  ['accept-encoding', 'gzip, deflate'], ['accept-language', ''], ['accept-ranges', ''], ['accept', ''],
  ['access-control-allow-origin', ''], ['age', ''], ['allow', ''], ['authorization', ''], ['cache-control', ''],
  ['content-disposition', ''], ['content-encoding', ''], ['content-language', ''], ['content-length', ''],
  ['content-location', ''], ['content-range', ''], ['content-type', ''], ['cookie', ''], ['date', ''],
  ['etag', ''], ['expect', ''], ['expires', ''], ['from', ''], ['host', ''], ['if-match', ''],
  ['if-modified-since', ''], ['if-none-match', ''], ['if-range', ''], ['if-unmodified-since', ''],
  ['last-modified', ''], ['link', ''], ['location', ''], ['max-forwards', ''], ['proxy-authenticate', ''],
  ['proxy-authorization', ''], ['range', ''], ['referer', ''], ['refresh', ''], ['retry-after', ''],
  ['server', ''], ['set-cookie', ''], ['strict-transport-security', ''], ['transfer-encoding', ''],
  ['user-agent', ''], ['vary', ''], ['via', ''], ['www-authenticate', ''],
];

// RFC 7541 Appendix B gives each symbol's code; the code is canonical (codes of one length are
// consecutive in symbol order, each length continuing from the last), so the lengths define it.
// Symbols 0..255, then EOS (256).
const CODE_LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];
const EOS = 256;
const MAX_CODE = 30;

/** Canonical decoding tables: per length, the first code and where its symbols start. */
const huffman = (() => {
  const order = CODE_LENGTHS.map((_, sym) => sym).sort((a, b) => CODE_LENGTHS[a]! - CODE_LENGTHS[b]! || a - b);
  const count = new Int32Array(MAX_CODE + 1);
  for (const len of CODE_LENGTHS) count[len]!++;
  const firstCode = new Int32Array(MAX_CODE + 2);
  const firstIndex = new Int32Array(MAX_CODE + 2);
  let code = 0, index = 0;
  for (let len = 1; len <= MAX_CODE; len++) {
    firstCode[len] = code;
    firstIndex[len] = index;
    code = (code + count[len]!) << 1;
    index += count[len]!;
  }
  return { symbols: Int32Array.from(order), count, firstCode, firstIndex };
})();

/** A symbol's code (tests: the table against RFC 7541's published codes). */
export function huffmanCode(sym: number): { code: number; bits: number } {
  const bits = CODE_LENGTHS[sym]!;
  const rank = huffman.symbols.indexOf(sym) - huffman.firstIndex[bits]!;
  return { code: huffman.firstCode[bits]! + rank, bits };
}

export function huffmanDecode(src: Uint8Array, start: number, end: number): string {
  const { symbols, count, firstCode, firstIndex } = huffman;
  const out: number[] = [];
  let code = 0, len = 0, ones = true; // `ones`: the bits of the code under way are all 1s (padding)
  for (let i = start; i < end; i++) {
    const byte = src[i]!;
    for (let bit = 7; bit >= 0; bit--) {
      const b = (byte >> bit) & 1;
      code = (code << 1) | b;
      len++;
      ones &&= b === 1;
      const rank = code - firstCode[len]!;
      if (rank >= 0 && rank < count[len]!) {
        const sym = symbols[firstIndex[len]! + rank]!;
        if (sym === EOS) throw new HpackError('hpack: EOS in string');
        out.push(sym);
        code = 0; len = 0; ones = true;
      } else if (len >= MAX_CODE) {
        throw new HpackError('hpack: bad huffman code');
      }
    }
  }
  // what is left must be a prefix of EOS (all 1s) shorter than a byte
  if (len > 7 || !ones) throw new HpackError('hpack: bad huffman padding');
  return latin1String(Uint8Array.from(out));
}

const entrySize = (h: Header) => h[0].length + h[1].length + 32;

/** Decodes header blocks in order; one per connection direction (the dynamic table is shared state). */
export class HpackDecoder {
  #table: Header[] = []; // newest first
  #size = 0;
  #maxSize: number;
  readonly #limit: number;

  /** `maxTableSize`: our SETTINGS_HEADER_TABLE_SIZE (4096 unless announced otherwise). */
  constructor(maxTableSize = 4096) {
    this.#maxSize = maxTableSize;
    this.#limit = maxTableSize;
  }

  decode(block: Uint8Array): Header[] {
    const headers: Header[] = [];
    let p = 0;
    let fieldSeen = false;
    const int = (prefixBits: number): number => {
      if (p >= block.length) throw new HpackError('hpack: truncated integer');
      const max = (1 << prefixBits) - 1;
      let v = block[p++]! & max;
      if (v < max) return v;
      let shift = 0;
      for (;;) {
        if (p >= block.length) throw new HpackError('hpack: truncated integer');
        const b = block[p++]!;
        v += (b & 0x7f) * 2 ** shift;
        shift += 7;
        if (b < 0x80) break;
        if (shift > 28) throw new HpackError('hpack: integer too large');
      }
      return v;
    };
    const str = (): string => {
      if (p >= block.length) throw new HpackError('hpack: truncated string');
      const huff = (block[p]! & 0x80) !== 0;
      const len = int(7);
      if (p + len > block.length) throw new HpackError('hpack: truncated string');
      const s = huff ? huffmanDecode(block, p, p + len) : latin1String(block, p, p + len);
      p += len;
      return s;
    };
    while (p < block.length) {
      const b = block[p]!;
      if (b & 0x80) { // indexed field
        headers.push(this.#entry(int(7)));
        fieldSeen = true;
      } else if (b & 0x40) { // literal with incremental indexing
        const idx = int(6);
        const h: Header = [idx === 0 ? str() : this.#entry(idx)[0], str()];
        headers.push(h);
        this.#insert(h);
        fieldSeen = true;
      } else if (b & 0x20) { // dynamic table size update: only before the first field
        if (fieldSeen) throw new HpackError('hpack: table size update after a field');
        const size = int(5);
        if (size > this.#limit) throw new HpackError('hpack: table size update above the limit');
        this.#maxSize = size;
        this.#evict(0);
      } else { // literal without indexing (0000) or never indexed (0001)
        const idx = int(4);
        headers.push([idx === 0 ? str() : this.#entry(idx)[0], str()]);
        fieldSeen = true;
      }
    }
    return headers;
  }

  #entry(idx: number): Header {
    if (idx === 0) throw new HpackError('hpack: index 0');
    if (idx <= STATIC.length) return STATIC[idx - 1]!;
    const h = this.#table[idx - STATIC.length - 1];
    if (!h) throw new HpackError(`hpack: index ${idx} out of range`);
    return h;
  }

  #insert(h: Header): void {
    const size = entrySize(h);
    this.#evict(size);
    if (size > this.#maxSize) return; // larger than the table: it empties it and is not kept
    this.#table.unshift(h);
    this.#size += size;
  }

  #evict(room: number): void {
    while (this.#table.length > 0 && this.#size + room > this.#maxSize) this.#size -= entrySize(this.#table.pop()!);
  }
}

/**
 * A header block of the given fields: static entries that match exactly are indexed, the rest
 * are literals without indexing (static name index where there is one), without Huffman.
 */
export function encodeHeaders(headers: readonly Header[]): Uint8Array {
  const out: number[] = [];
  const int = (v: number, prefixBits: number, first: number) => {
    const max = (1 << prefixBits) - 1;
    if (v < max) { out.push(first | v); return; }
    out.push(first | max);
    v -= max;
    while (v >= 0x80) { out.push((v & 0x7f) | 0x80); v = Math.floor(v / 0x80); }
    out.push(v);
  };
  const str = (s: string) => {
    int(s.length, 7, 0);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c > 0xff) throw new HpackError('hpack: header chars must be octets');
      out.push(c);
    }
  };
  for (const [name, value] of headers) {
    const exact = STATIC.findIndex(([n, v]) => n === name && v === value);
    if (exact >= 0) { int(exact + 1, 7, 0x80); continue; }
    const named = STATIC.findIndex(([n]) => n === name);
    int(named + 1, 4, 0x00); // named === -1 → index 0: the name follows as a literal
    if (named < 0) str(name);
    str(value);
  }
  return Uint8Array.from(out);
}
