// Integer encodings used in keys and values (datamodel.md §4, §7.7):
// - order-preserving varints (CockroachDB EncodeUvarintAscending / EncodeVarintAscending) for
//   collection and index IDs in data keys and int values in index keys;
// - LEB128 uvarints for priorities and head heights.

export const INT_MIN = 0x80;
export const INT_MAX = 0xfd;
const INT_MAX_WIDTH = 8;
const INT_ZERO = INT_MIN + INT_MAX_WIDTH; // 0x88
const INT_SMALL = INT_MAX - INT_ZERO - INT_MAX_WIDTH; // 109

export class VarintError extends Error {
  readonly code = 'varint';
}

function byteLen(v: bigint): number {
  let n = 0;
  while (v > 0n) { n++; v >>= 8n; }
  return n;
}

/** Order-preserving unsigned varint; a uint64 as number or bigint. */
export function encodeUvarintAscending(v: number | bigint): Uint8Array {
  if (typeof v === 'number' && v >= 0 && v <= INT_SMALL) return Uint8Array.of(INT_ZERO + v);
  const b = BigInt(v);
  if (b < 0n) throw new VarintError('negative uvarint');
  if (b <= BigInt(INT_SMALL)) return Uint8Array.of(INT_ZERO + Number(b));
  const n = byteLen(b);
  const out = new Uint8Array(n + 1);
  out[0] = INT_MAX - 8 + n;
  for (let i = n; i >= 1; i--) out[i] = Number((b >> BigInt((n - i) * 8)) & 0xffn);
  return out;
}

const toNum = (b: bigint): number | bigint => (b <= BigInt(Number.MAX_SAFE_INTEGER) && b >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(b) : b);

/** Decode an ascending uvarint at `off`; returns [value, next offset]. */
export function decodeUvarintAscending(b: Uint8Array, off = 0): [number | bigint, number] {
  const m = b[off];
  if (m === undefined) throw new VarintError('insufficient bytes to decode uvarint value');
  if (m >= INT_ZERO && m <= INT_ZERO + INT_SMALL) return [m - INT_ZERO, off + 1];
  const n = m - (INT_MAX - 8);
  if (n < 1 || n > 8 || off + 1 + n > b.length) throw new VarintError(`invalid uvarint length of ${n}`);
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[off + 1 + i]);
  return [toNum(v), off + 1 + n];
}

/** Order-preserving signed varint (int64). */
export function encodeVarintAscending(v: number | bigint): Uint8Array {
  const b = BigInt(v);
  if (b >= 0n) return encodeUvarintAscending(b);
  let n: number;
  if (b >= -0xffn) n = 1;
  else if (b >= -0xffffn) n = 2;
  else if (b >= -0xffffffn) n = 3;
  else if (b >= -0xffffffffn) n = 4;
  else if (b >= -0xffffffffffn) n = 5;
  else if (b >= -0xffffffffffffn) n = 6;
  else if (b >= -0xffffffffffffffn) n = 7;
  else n = 8;
  const out = new Uint8Array(n + 1);
  out[0] = INT_MIN + 8 - n;
  const u = BigInt.asUintN(64, b);
  for (let i = n; i >= 1; i--) out[i] = Number((u >> BigInt((n - i) * 8)) & 0xffn);
  return out;
}

export function decodeVarintAscending(b: Uint8Array, off = 0): [number | bigint, number] {
  const m = b[off];
  if (m === undefined) throw new VarintError('insufficient bytes to decode varint value');
  if (m >= INT_ZERO) return decodeUvarintAscending(b, off);
  if (m < INT_MIN) throw new VarintError(`unknown varint marker ${m}`);
  const n = INT_ZERO - m;
  if (off + 1 + n > b.length) throw new VarintError('insufficient bytes to decode varint value');
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[off + 1 + i]);
  v = BigInt.asIntN(64, v | (~0n << BigInt(n * 8)));
  return [toNum(v), off + 1 + n];
}

/** Descending signed varint: the ascending encoding of ^v. */
export const encodeVarintDescending = (v: number | bigint): Uint8Array => encodeVarintAscending(~BigInt(v));
export function decodeVarintDescending(b: Uint8Array, off = 0): [number | bigint, number] {
  const [v, next] = decodeVarintAscending(b, off);
  return [toNum(~BigInt(v)), next];
}

/** LEB128 unsigned varint (Go binary.PutUvarint). */
export function encodeLeb128(v: number): Uint8Array {
  const out = new Uint8Array(uvarintSize(v));
  putUvarint(out, 0, v);
  return out;
}

export const decodeLeb128 = (b: Uint8Array, off = 0): number =>
  new Leb128Cursor(b, off, () => new VarintError('truncated uvarint')).next();

/** Reads LEB128 uvarints one after another; `at` is the offset after the last one read. */
export class Leb128Cursor {
  readonly bytes: Uint8Array;
  at: number;
  readonly #truncated: () => Error;

  /** `truncated` makes the error thrown when the bytes end inside a uvarint. */
  constructor(bytes: Uint8Array, at: number, truncated: () => Error) {
    this.bytes = bytes;
    this.at = at;
    this.#truncated = truncated;
  }

  next(): number {
    const b = this.bytes;
    let v = 0, mul = 1, i = this.at;
    for (;;) {
      if (i >= b.length) throw this.#truncated();
      const x = b[i++];
      v += (x & 0x7f) * mul;
      if (x < 0x80) break;
      mul *= 0x80;
    }
    this.at = i;
    return v;
  }
}

/** Byte length of the LEB128 uvarint of `n`. */
export function uvarintSize(n: number): number {
  let s = 1;
  while (n >= 0x80) { n = Math.floor(n / 0x80); s++; }
  return s;
}

/** Writes the LEB128 uvarint of `n` at `out[at]`; returns the offset after it. */
export function putUvarint(out: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) { out[at++] = (n & 0x7f) | 0x80; n = Math.floor(n / 0x80); }
  out[at++] = n;
  return at;
}

/** 8-byte big-endian uint64 (sequence values in the system store). */
export function encodeUint64BE(v: number | bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(v));
  return out;
}

export const decodeUint64BE = (b: Uint8Array): number =>
  Number(new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(0));
