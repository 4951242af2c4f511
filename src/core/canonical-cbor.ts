// fxamacker/cbor "CanonicalEncOptions" as DefraDB uses it for DocID pre-images and field values
// (datamodel.md §1.2, §1.3): shortest ints, shortest EXACT float (16/32/64), NaN f97e00, ±Inf as
// float16, map keys length-first then bytewise, definite lengths. Floats are typed by the caller
// (a Float field holding 33 is a float), so the encoder exposes typed writers plus a generic
// `writeValue` over a small value model where `CborFloat` marks a float.

import { copyBytes } from '../util/index.ts';

/** A float in the generic value model. `width` 32 = a Go float32 (never widened past 32 bits). */
export class CborFloat {
  readonly value: number;
  readonly width: 32 | 64;
  constructor(value: number, width: 32 | 64 = 64) {
    this.value = value;
    this.width = width;
  }
}

/** Generic value model: ints are integral `number`s or `bigint`s, floats are `CborFloat`. */
export type CborValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | CborFloat
  | CborValue[]
  | { [key: string]: CborValue };

const f64 = new Float64Array(1);
const f64u8 = new Uint8Array(f64.buffer);
const f32 = new Float32Array(1);
const f32u32 = new Uint32Array(f32.buffer);
const LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const textEncoder = new TextEncoder();

/** float16 bits of x when x is exactly representable as float16 (incl. subnormals), else -1. */
export function exactFloat16Bits(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  if (x === Infinity) return 0x7c00;
  if (x === -Infinity) return 0xfc00;
  if (Math.fround(x) !== x) return -1;
  f32[0] = x;
  const bits = f32u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exp = ((bits >>> 23) & 0xff) - 127;
  const mant = bits & 0x7fffff;
  if (exp === -127 && mant === 0) return sign; // ±0
  if (exp >= -14 && exp <= 15) {
    if ((mant & 0x1fff) !== 0) return -1;
    return sign | ((exp + 15) << 10) | (mant >>> 13);
  }
  if (exp >= -24 && exp < -14) {
    const full = 0x800000 | mant;
    const shift = -(exp + 1);
    if ((full & ((1 << shift) - 1)) !== 0) return -1;
    return sign | (full >>> shift);
  }
  return -1;
}

/** Growable byte writer. One instance can be reused (`reset`) to avoid allocations. */
export class CborWriter {
  buf: Uint8Array;
  pos = 0;
  constructor(size = 256) {
    this.buf = new Uint8Array(size);
  }

  reset(): this { this.pos = 0; return this; }

  /** A copy of the bytes written so far (slab-allocated: see util/byte-slab.ts). */
  finish(): Uint8Array { return copyBytes(this.buf.subarray(0, this.pos)); }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void { this.ensure(1); this.buf[this.pos++] = b; }

  raw(bytes: Uint8Array): void { this.ensure(bytes.length); this.buf.set(bytes, this.pos); this.pos += bytes.length; }

  /** Major type + argument, shortest form. `n` is a non-negative safe integer. */
  head(major: number, n: number): void {
    this.ensure(9);
    const b = this.buf;
    const m = major << 5;
    if (n < 24) b[this.pos++] = m | n;
    else if (n < 0x100) { b[this.pos++] = m | 24; b[this.pos++] = n; }
    else if (n < 0x10000) { b[this.pos++] = m | 25; b[this.pos++] = n >>> 8; b[this.pos++] = n & 0xff; }
    else if (n < 0x100000000) {
      b[this.pos++] = m | 26;
      b[this.pos++] = n >>> 24; b[this.pos++] = (n >>> 16) & 0xff; b[this.pos++] = (n >>> 8) & 0xff; b[this.pos++] = n & 0xff;
    } else this.head64(major, BigInt(n));
  }

  private head64(major: number, n: bigint): void {
    if (n < 0x100000000n) { this.head(major, Number(n)); return; }
    this.ensure(9);
    this.buf[this.pos++] = (major << 5) | 27;
    for (let s = 56n; s >= 0n; s -= 8n) this.buf[this.pos++] = Number((n >> s) & 0xffn);
  }

  /** Integer (int64 or uint64 range), shortest form. */
  int(v: number | bigint): void {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) { this.int(BigInt(v)); return; }
      if (v >= 0) this.head(0, v); else this.head(1, -1 - v);
      return;
    }
    if (v >= 0n) this.head64(0, v); else this.head64(1, -1n - v);
  }

  /** float64 value, shortest exact float (canonical options). */
  float(x: number): void {
    const h = exactFloat16Bits(x);
    if (h >= 0) { this.ensure(3); this.buf[this.pos++] = 0xf9; this.buf[this.pos++] = h >>> 8; this.buf[this.pos++] = h & 0xff; return; }
    if (Math.fround(x) === x) { this.float32Full(x); return; }
    this.float64Full(x);
  }

  /** float32 value: float16 if exact, else 4 bytes. */
  float32(x: number): void { this.float(Math.fround(x)); }

  /** Always `fb` + 8 bytes (fxamacker default options for a float64). */
  float64Full(x: number): void {
    this.ensure(9);
    this.buf[this.pos++] = 0xfb;
    f64[0] = x;
    if (LE) for (let i = 7; i >= 0; i--) this.buf[this.pos++] = f64u8[i];
    else for (let i = 0; i < 8; i++) this.buf[this.pos++] = f64u8[i];
  }

  /** Always `fa` + 4 bytes (fxamacker default options for a float32). */
  float32Full(x: number): void {
    this.ensure(5);
    f32[0] = x;
    const u = f32u32[0];
    const b = this.buf;
    b[this.pos++] = 0xfa; b[this.pos++] = u >>> 24; b[this.pos++] = (u >>> 16) & 0xff; b[this.pos++] = (u >>> 8) & 0xff; b[this.pos++] = u & 0xff;
  }

  bool(v: boolean): void { this.byte(v ? 0xf5 : 0xf4); }
  nil(): void { this.byte(0xf6); }

  text(s: string): void {
    // Fast path for ASCII, the common case for field names and values.
    const n = s.length;
    let ascii = n < 4096;
    if (ascii) for (let i = 0; i < n; i++) if (s.charCodeAt(i) > 0x7f) { ascii = false; break; }
    if (ascii) {
      this.head(3, n);
      this.ensure(n);
      const b = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
      this.pos = p;
      return;
    }
    const bytes = textEncoder.encode(s);
    this.head(3, bytes.length);
    this.raw(bytes);
  }

  bytes(v: Uint8Array): void { this.head(2, v.length); this.raw(v); }
  arrayHeader(n: number): void { this.head(4, n); }
  mapHeader(n: number): void { this.head(5, n); }

  /** Generic value, canonical options. `numbersAsFloat`: every JS number is a float64 (JSON trees). */
  value(v: CborValue, numbersAsFloat = false): void {
    if (v === null || v === undefined) { this.nil(); return; }
    switch (typeof v) {
      case 'boolean': this.bool(v); return;
      case 'number':
        if (numbersAsFloat || !Number.isInteger(v)) this.float(v); else this.int(v);
        return;
      case 'bigint': this.int(v); return;
      case 'string': this.text(v); return;
    }
    if (v instanceof CborFloat) { if (v.width === 32) this.float32(v.value); else this.float(v.value); return; }
    if (v instanceof Uint8Array) { this.bytes(v); return; }
    if (Array.isArray(v)) {
      this.arrayHeader(v.length);
      for (const x of v) this.value(x, numbersAsFloat);
      return;
    }
    const keys = sortedKeys(Object.keys(v));
    this.mapHeader(keys.length);
    for (const k of keys) { this.text(k); this.value(v[k], numbersAsFloat); }
  }
}

/** RFC 7049 canonical key order: shorter encoded key first, then bytewise. */
export function compareCanonicalKeys(a: string, b: string): number {
  const la = utf8Length(a), lb = utf8Length(b);
  if (la !== lb) return la - lb;
  if (a === b) return 0;
  const ea = textEncoder.encode(a), eb = textEncoder.encode(b);
  for (let i = 0; i < ea.length; i++) if (ea[i] !== eb[i]) return ea[i] - eb[i];
  return 0;
}

export function sortedKeys(keys: string[]): string[] {
  return keys.sort(compareCanonicalKeys);
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

const shared = new CborWriter(1024);

/** Encode a generic value with canonical options. */
export function encodeCanonical(v: CborValue, numbersAsFloat = false): Uint8Array {
  shared.reset().value(v, numbersAsFloat);
  return shared.finish();
}

/** Encode with a writer callback on a shared scratch buffer; returns a copy. */
export function encodeWith(fn: (w: CborWriter) => void): Uint8Array {
  shared.reset();
  fn(shared);
  return shared.finish();
}

/** fxamacker *default* options, as counters store their totals: float64 always `fb`, float32 `fa`. */
export function encodeDefaultNumber(v: number | bigint, kind: 'int' | 'float64' | 'float32'): Uint8Array {
  return encodeWith((w) => {
    if (kind === 'int') w.int(v);
    else if (kind === 'float32') w.float32Full(Number(v));
    else w.float64Full(Number(v));
  });
}

