// A small CBOR decoder for field values and DocID pre-images (definite and indefinite lengths,
// as fxamacker accepts both on read). Ints become `number` when safe, else `bigint`; floats of
// any width become `number`; maps become plain objects with text keys; tag 42 is left as bytes.

import { latin1String } from '../util/index.ts';

export class CborDecodeError extends Error {
  readonly code = 'cbor-decode';
  constructor(message: string) {
    super(message);
    this.name = 'CborDecodeError';
  }
}

export type Decoded = null | undefined | boolean | number | bigint | string | Uint8Array | Decoded[] | { [k: string]: Decoded };

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const dv8 = new DataView(new ArrayBuffer(8));

function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 31) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

class Reader {
  readonly b: Uint8Array;
  p: number;
  constructor(b: Uint8Array, p = 0) { this.b = b; this.p = p; }

  need(n: number): void {
    if (this.p + n > this.b.length) throw new CborDecodeError('unexpected EOF');
  }

  u8(): number { this.need(1); return this.b[this.p++]; }

  /** Argument of a head with additional info `ai`. Returns number when safe, else bigint. */
  arg(ai: number): number | bigint {
    const b = this.b;
    if (ai < 24) return ai;
    if (ai === 24) { this.need(1); return b[this.p++]; }
    if (ai === 25) { this.need(2); const v = (b[this.p] << 8) | b[this.p + 1]; this.p += 2; return v; }
    if (ai === 26) {
      this.need(4);
      const v = ((b[this.p] << 24) >>> 0) + ((b[this.p + 1] << 16) | (b[this.p + 2] << 8) | b[this.p + 3]);
      this.p += 4;
      return v;
    }
    if (ai === 27) {
      this.need(8);
      const hi = ((b[this.p] << 24) >>> 0) + ((b[this.p + 1] << 16) | (b[this.p + 2] << 8) | b[this.p + 3]);
      const lo = ((b[this.p + 4] << 24) >>> 0) + ((b[this.p + 5] << 16) | (b[this.p + 6] << 8) | b[this.p + 7]);
      this.p += 8;
      if (hi < 0x200000) return hi * 0x100000000 + lo;
      return (BigInt(hi) << 32n) | BigInt(lo);
    }
    throw new CborDecodeError(`invalid additional information ${ai}`);
  }

  len(ai: number): number {
    const n = this.arg(ai);
    if (typeof n !== 'number') throw new CborDecodeError('length too large');
    return n;
  }

  item(): Decoded {
    const ib = this.u8();
    const major = ib >> 5;
    const ai = ib & 31;
    switch (major) {
      case 0: return this.arg(ai);
      case 1: {
        const n = this.arg(ai);
        if (typeof n === 'number') {
          const v = -1 - n;
          return Number.isSafeInteger(v) ? v : -1n - BigInt(n);
        }
        return -1n - n;
      }
      case 2: return ai === 31 ? this.chunks(2) : this.slice(this.len(ai));
      case 3: {
        if (ai === 31) return textDecoder.decode(this.chunks(3));
        const n = this.len(ai);
        return this.str(n);
      }
      case 4: {
        const out: Decoded[] = [];
        if (ai === 31) { while (this.peekBreak() === false) out.push(this.item()); return out; }
        const n = this.len(ai);
        for (let i = 0; i < n; i++) out.push(this.item());
        return out;
      }
      case 5: {
        const out: { [k: string]: Decoded } = {};
        const indef = ai === 31;
        const n = indef ? Infinity : this.len(ai);
        for (let i = 0; i < n; i++) {
          if (indef && this.peekBreak()) break;
          const k = this.item();
          const key = typeof k === 'string' ? k : String(k);
          const v = this.item();
          if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
          else out[key] = v;
        }
        return out;
      }
      case 6: this.arg(ai); return this.item();
      default: return this.simple(ai);
    }
  }

  private simple(ai: number): Decoded {
    const b = this.b;
    switch (ai) {
      case 20: return false;
      case 21: return true;
      case 22: return null;
      case 23: return undefined;
      case 25: { this.need(2); const v = half((b[this.p] << 8) | b[this.p + 1]); this.p += 2; return v; }
      case 26: { this.need(4); for (let i = 0; i < 4; i++) dv8.setUint8(i, b[this.p + i]); this.p += 4; return dv8.getFloat32(0); }
      case 27: { this.need(8); for (let i = 0; i < 8; i++) dv8.setUint8(i, b[this.p + i]); this.p += 8; return dv8.getFloat64(0); }
      default: throw new CborDecodeError(`unsupported simple value ${ai}`);
    }
  }

  private peekBreak(): boolean {
    this.need(1);
    if (this.b[this.p] === 0xff) { this.p++; return true; }
    return false;
  }

  private slice(n: number): Uint8Array {
    this.need(n);
    const out = this.b.slice(this.p, this.p + n);
    this.p += n;
    return out;
  }

  private str(n: number): string {
    this.need(n);
    const b = this.b;
    const start = this.p;
    const end = start + n;
    // ASCII fast path: avoids TextDecoder for short keys and values.
    if (n < 64) {
      let ascii = true;
      for (let i = start; i < end; i++) if (b[i] > 0x7f) { ascii = false; break; }
      this.p = end;
      return ascii ? latin1String(b, start, end) : textDecoder.decode(b.subarray(start, end));
    }
    this.p = end;
    return textDecoder.decode(b.subarray(start, end));
  }

  private chunks(major: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    while (!this.peekBreak()) {
      const ib = this.u8();
      if (ib >> 5 !== major) throw new CborDecodeError('invalid indefinite-length chunk');
      const part = this.slice(this.len(ib & 31));
      parts.push(part);
      total += part.length;
    }
    const out = new Uint8Array(total);
    let o = 0;
    for (const p of parts) { out.set(p, o); o += p.length; }
    return out;
  }
}

/** Decode one CBOR item that must span all of `bytes`. */
export function decodeCbor(bytes: Uint8Array): Decoded {
  const r = new Reader(bytes);
  const v = r.item();
  if (r.p !== bytes.length) throw new CborDecodeError('extraneous data');
  return v;
}
