// Unsigned LEB128 varints (protobuf, multiformats, length-prefixed streams).

export function encodeVarint(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`varint: bad value ${n}`);
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
  return Uint8Array.from(out);
}

/** Decodes at `off`; returns undefined when the buffer ends mid-varint. */
export function decodeVarint(buf: Uint8Array, off = 0): { value: number; next: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = off; i < buf.length; i++) {
    const b = buf[i];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return { value, next: i + 1 };
    scale *= 0x80;
    if (i - off >= 8) throw new RangeError('varint: too long');
  }
  return undefined;
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  let len = 0;
  for (const p of parts) len += p.length;
  const out = new Uint8Array(len);
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

/** Varint length prefix + body (libp2p's `it-length-prefixed` framing). */
export const lengthPrefixed = (body: Uint8Array): Uint8Array => concatBytes([encodeVarint(body.length), body]);
