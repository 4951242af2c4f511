// System store keys (datamodel.md §4.5). src/core has no key helpers for these yet, so the few
// the schema catalog needs live here; they are plain `/db/system/…` strings as bytes.

const enc = new TextEncoder();
const SYSTEM = '/db/system';

export const systemKeys = {
  schemaVersion: (versionID: string) => enc.encode(`${SYSTEM}/schema/version/v/${versionID}`),
  schemaVersionPrefix: () => enc.encode(`${SYSTEM}/schema/version/v/`),
  schemaHistory: (root: string, versionID: string) => enc.encode(`${SYSTEM}/schema/version/r/${root}/${versionID}`),
  schemaHistoryPrefix: (root: string) => enc.encode(`${SYSTEM}/schema/version/r/${root}/`),
  collection: (versionID: string) => enc.encode(`${SYSTEM}/collection/id/${versionID}`),
  collectionPrefix: () => enc.encode(`${SYSTEM}/collection/id/`),
  collectionName: (name: string) => enc.encode(`${SYSTEM}/collection/name/${name}`),
  collectionShortID: (collectionID: string) => enc.encode(`${SYSTEM}/collection/shortID/${collectionID}`),
  fieldShortID: (colShortID: number, field: string) => enc.encode(`${SYSTEM}/field/shortID/${colShortID}/${field}`),
  fieldShortIDPrefix: (colShortID: number) => enc.encode(`${SYSTEM}/field/shortID/${colShortID}/`),
  collectionSeq: () => enc.encode(`${SYSTEM}/seq/collection`),
  fieldSeq: (colShortID: number) => enc.encode(`${SYSTEM}/seq/field/${colShortID}`),
  indexSeq: (collectionID: string) => enc.encode(`${SYSTEM}/seq/index/${collectionID}`),
};

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
