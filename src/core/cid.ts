// Content identifiers as DefraDB makes them: CIDv1 + sha2-256, base32-lower text. `raw` (0x55) for
// schema IDs and DocID pre-images, `dag-cbor` (0x71) for blocks (datamodel.md §1.1, §2.1).

import { CID } from 'multiformats/cid';
import { create as createDigest, Digest } from 'multiformats/hashes/digest';
import { base32 } from 'multiformats/bases/base32';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import { allocBytes, latin1String } from '../util/index.ts';

type HashFn = (data: Uint8Array) => Uint8Array;
interface NodeCrypto { hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Uint8Array }
interface NodeProcess { getBuiltinModule?: (id: string) => unknown }

// Node's native one-shot hash when the runtime offers it (about twice noble's speed on the small
// blocks every write hashes); noble everywhere else, so core stays browser-safe.
const sha256: HashFn = (() => {
  const proc = (globalThis as { process?: NodeProcess }).process;
  const c = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
  const hash = c?.hash;
  return hash ? (data: Uint8Array) => hash('sha256', data, 'buffer') : nobleSha256;
})();

export const CODEC_RAW = 0x55;
export const CODEC_DAG_CBOR = 0x71;
const SHA2_256 = 0x12;

export function cidOf(codec: number, bytes: Uint8Array): CID {
  if (codec > 0x7f) return CID.createV1(codec, createDigest(SHA2_256, Uint8Array.from(sha256(bytes))));
  // The hot path (every block and DocID): the CID bytes `01 <codec> 12 20 <digest>` in one
  // ArrayBuffer, the multihash and digest as views of it — the same CID as createV1 makes,
  // without its copies (multiformats copies arrays whose buffer is not an ArrayBuffer yet).
  const all = new Uint8Array(new ArrayBuffer(36));
  all[0] = 1; all[1] = codec; all[2] = SHA2_256; all[3] = 32;
  all.set(sha256(bytes), 4);
  return cidV1Sha256(all);
}

/** The CID whose bytes are `b` (`01 <codec> 12 20 <digest>`, 36 bytes, codec < 0x80): the
 *  multihash and digest are views of `b`, as CID.decode would make them. */
export function cidV1Sha256(b: Uint8Array): CID {
  return new CID(1, b[1]!, new Digest(SHA2_256, 32, b.subarray(4), b.subarray(2)), b);
}

/** A CID from its binary form, copied out of `b`. CIDv1 + sha2-256 with a one-byte codec (every
 *  CID DefraDB makes) is built directly, as `cidOf` does; anything else goes to CID.decode. */
export function cidFromBytes(b: Uint8Array): CID {
  if (b.length === 36 && b[0] === 1 && b[1]! <= 0x7f && b[2] === SHA2_256 && b[3] === 32) {
    const all = new Uint8Array(new ArrayBuffer(36));
    all.set(b);
    return cidV1Sha256(all);
  }
  return CID.decode(new Uint8Array(b)); // a plain copy, even of a Buffer
}

/** `bafkrei…`: CIDv1 raw sha2-256 of the bytes, as text (schema IDs, DocID data CIDs). */
export const rawCidString = (bytes: Uint8Array): string => cidOf(CODEC_RAW, bytes).toString();

/** CIDv1 dag-cbor sha2-256 of encoded block bytes. */
export const blockCid = (blockBytes: Uint8Array): CID => cidOf(CODEC_DAG_CBOR, blockBytes);

export const parseCid = (text: string): CID => CID.parse(text);

/**
 * Block store key suffix: RFC 4648 base32 upper-case, no padding, of the multihash bytes
 * (go-ipfs `dshelp.MultihashToDsKey`), so the codec is not part of the key.
 */
export function multihashKey(cid: CID): string {
  return base32.baseEncode(cid.multihash.bytes).toUpperCase();
}

// Keys are built for every block and head written: RFC 4648 base32 (no padding) straight into
// the key buffer, ~10x faster than multiformats' generic radix encoder, same characters.
const ALPHABET_LOWER = Uint8Array.from('abcdefghijklmnopqrstuvwxyz234567', (c) => c.charCodeAt(0));
const ALPHABET_UPPER = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', (c) => c.charCodeAt(0));

export const base32Length = (bytes: number): number => Math.ceil((bytes * 8) / 5);

/** Writes base32 of `bytes` at `out[at]`; returns the offset after it. */
export function writeBase32(out: Uint8Array, at: number, bytes: Uint8Array, upper: boolean): number {
  const abc = upper ? ALPHABET_UPPER : ALPHABET_LOWER;
  let buffer = 0, bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]) & 0xfff;
    bits += 8;
    while (bits >= 5) { bits -= 5; out[at++] = abc[(buffer >> bits) & 31]; }
  }
  if (bits > 0) out[at++] = abc[(buffer << (5 - bits)) & 31];
  return at;
}

/** `prefix` + the multihash key of `cid` (block store keys). */
export function keyWithMultihash(prefix: Uint8Array, cid: CID): Uint8Array {
  const mh = cid.multihash.bytes;
  const out = allocBytes(prefix.length + base32Length(mh.length));
  out.set(prefix, 0);
  writeBase32(out, prefix.length, mh, true);
  return out;
}

const NO_PREFIX = new Uint8Array(0);

/** The CID's text form, as `toString()` gives it, without multiformats' generic encoder. */
export function cidText(cid: CID): string {
  if (cid.version !== 1) return cid.toString();
  const bytes = keyWithCidText(NO_PREFIX, cid);
  return latin1String(bytes);
}

/**
 * Base32 (lower-case, no padding) text to bytes as Go's decoder reads it: bits left over after
 * the last whole byte are dropped, where multiformats rejects them. Undefined for other chars.
 */
export function decodeBase32Lenient(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0, bits = 0, at = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c >= 97 && c <= 122 ? c - 97 : c >= 50 && c <= 55 ? c - 24 : -1; // a-z, 2-7
    if (v < 0) return undefined;
    buffer = ((buffer << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) { bits -= 8; out[at++] = (buffer >> bits) & 0xff; }
  }
  return out;
}

/** A cheap map key for a CID: its bytes, one char per byte (toString() base32-encodes the
 *  first time for every CID object, and CIDs decoded from blocks are always new objects). */
export function cidKey(cid: CID): string {
  const holder = cid as unknown as { [KEY]?: string };
  let key = holder[KEY];
  if (key === undefined) {
    key = latin1String(cid.bytes);
    // not enumerable: deep equality, spreads and JSON see the CID as before (a frozen CID
    // just goes without the cache)
    if (Object.isExtensible(holder)) Object.defineProperty(holder, KEY, { value: key });
  }
  return key;
}
/** A CID is keyed several times on its way (fetch, receipt, store, merge): built once and kept
 *  on the CID itself (a WeakMap lookup cost ~4x more, and its table grows with every CID). */
const KEY = Symbol('cidKey');

/** `prefix` + the CID's text form (`b` + base32 of a CIDv1; other versions via toString). */
export function keyWithCidText(prefix: Uint8Array, cid: CID): Uint8Array {
  if (cid.version !== 1) {
    const t = cid.toString();
    const out = new Uint8Array(prefix.length + t.length);
    out.set(prefix, 0);
    for (let i = 0; i < t.length; i++) out[prefix.length + i] = t.charCodeAt(i);
    return out;
  }
  const b = cid.bytes;
  const out = allocBytes(prefix.length + 1 + base32Length(b.length));
  out.set(prefix, 0);
  out[prefix.length] = 0x62; // 'b'
  writeBase32(out, prefix.length + 1, b, false);
  return out;
}

export { CID };
