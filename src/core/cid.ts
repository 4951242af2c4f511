// Content identifiers as DefraDB makes them: CIDv1 + sha2-256, base32-lower text. `raw` (0x55) for
// schema IDs and DocID pre-images, `dag-cbor` (0x71) for blocks (datamodel.md §1.1, §2.1).

import { CID } from 'multiformats/cid';
import { create as createDigest, Digest } from 'multiformats/hashes/digest';
import { base32 } from 'multiformats/bases/base32';
import { sha256 } from '@noble/hashes/sha2.js';

export const CODEC_RAW = 0x55;
export const CODEC_DAG_CBOR = 0x71;
const SHA2_256 = 0x12;

export function cidOf(codec: number, bytes: Uint8Array): CID {
  if (codec > 0x7f) return CID.createV1(codec, createDigest(SHA2_256, sha256(bytes)));
  // The hot path (every block and DocID): the CID bytes `01 <codec> 12 20 <digest>` in one
  // ArrayBuffer, the multihash and digest as views of it — the same CID as createV1 makes,
  // without its copies (multiformats copies arrays whose buffer is not an ArrayBuffer yet).
  const all = new Uint8Array(new ArrayBuffer(36));
  all[0] = 1; all[1] = codec; all[2] = SHA2_256; all[3] = 32;
  all.set(sha256(bytes), 4);
  return new CID(1, codec, new Digest(SHA2_256, 32, all.subarray(4), all.subarray(2)), all);
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

export { CID };
