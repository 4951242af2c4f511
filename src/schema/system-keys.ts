// System store keys come from src/core (keys.ts, datamodel.md §4.5); this file only adds the
// 8-byte big-endian counter codec of the `/seq/*` keys.

/** 8-byte big-endian counter value. */
export function encodeSeq(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n));
  return b;
}

export function decodeSeq(b: Uint8Array | undefined): number {
  if (!b || b.length !== 8) return 0;
  return Number(new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0));
}
