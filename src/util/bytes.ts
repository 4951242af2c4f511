// Byte helpers shared by every layer. Uint8Array only, so the browser-safe folders stay Node-free.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const utf8 = (s: string): Uint8Array => encoder.encode(s);
export const fromUtf8 = (b: Uint8Array): string => decoder.decode(b);

/**
 * Bytes [start, end) as a string of one char per byte (ASCII/latin-1), built flat. A `+=` loop
 * over chars builds a rope with a node per char, which V8 keeps (and the GC copies) for as long
 * as the string lives unflattened.
 */
export function latin1String(b: Uint8Array, start = 0, end = b.length): string {
  const CHUNK = 4096; // apply() passes each byte as an argument
  if (end - start <= CHUNK) {
    const whole = start === 0 && end === b.length; // no view to allocate (cidKey's case)
    return String.fromCharCode.apply(null, (whole ? b : b.subarray(start, end)) as unknown as number[]);
  }
  const parts: string[] = [];
  for (let i = start; i < end; i += CHUNK) parts.push(String.fromCharCode.apply(null, b.subarray(i, Math.min(end, i + CHUNK)) as unknown as number[]));
  return parts.join('');
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Lexicographic byte order: negative, zero or positive like a comparator. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a[i] - b[i];
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

export const equalBytes = (a: Uint8Array, b: Uint8Array): boolean => compareBytes(a, b) === 0;

export function startsWith(b: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > b.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[i] !== prefix[i]) return false;
  return true;
}

/** The smallest key greater than every key with this prefix, or undefined when none exists (all 0xff). */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  const end = prefix.slice();
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) { end[i]++; return end.subarray(0, i + 1); }
  }
  return undefined;
}

const hexChars = '0123456789abcdef';
export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += hexChars[x >> 4] + hexChars[x & 15];
  return s;
}

export function fromHex(h: string): Uint8Array {
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new Error(`invalid hex string`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** Standard padded base64, as Go's encoding/json writes []byte. */
export function toBase64(b: Uint8Array): string {
  let s = '';
  let i = 0;
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s += b64[n >> 18] + b64[(n >> 12) & 63] + b64[(n >> 6) & 63] + b64[n & 63];
  }
  if (i < b.length) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8);
    s += b64[n >> 18] + b64[(n >> 12) & 63] + (i + 1 < b.length ? b64[(n >> 6) & 63] : '=') + '=';
  }
  return s;
}

export function fromBase64(s: string): Uint8Array {
  const clean = s.replace(/=+$/, '');
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0, acc = 0, o = 0;
  for (const c of clean) {
    const v = b64.indexOf(c === '-' ? '+' : c === '_' ? '/' : c);
    if (v < 0) throw new Error('invalid base64 string');
    acc = (acc << 6) | v; bits += 6;
    if (bits >= 8) { bits -= 8; out[o++] = (acc >> bits) & 0xff; }
  }
  return out.subarray(0, o);
}
