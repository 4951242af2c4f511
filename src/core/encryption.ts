// Block encryption (datamodel.md §2.3): delta data becomes nonce(12) ‖ AES-256-GCM ciphertext ‖
// tag(16); empty plaintext stays empty. The cipher is pluggable so core stays Node-free (Node
// passes one built on node:crypto, a browser one on a sync AES). Test mode reproduces Go's
// deterministic key and nonce.

import type { CID } from 'multiformats/cid';
import { utf8, concatBytes } from '../util/index.ts';
import { encodeEncryptionBlock } from './block.ts';
import { blockCid } from './cid.ts';

export interface AesGcmCipher {
  /** AES-256-GCM with no additional data: ciphertext ‖ 16-byte tag. */
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Inverse of seal; throws when the tag does not verify. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array;
}

export const NONCE_LENGTH = 12;
/** Go test binaries use the first 12 bytes of "deterministic nonce for testing". */
export const TEST_MODE_NONCE = utf8('deterministi');

/** Go test-mode key: (fieldName + docID + "examplekey1234567890examplekey12")[0:32]. */
export const testModeEncryptionKey = (docID: string, fieldName = ''): Uint8Array =>
  utf8((fieldName + docID + 'examplekey1234567890examplekey12').slice(0, 32));

export function randomKey(): Uint8Array { return crypto.getRandomValues(new Uint8Array(32)); }
export function randomNonce12(): Uint8Array { return crypto.getRandomValues(new Uint8Array(NONCE_LENGTH)); }

export function encryptData(cipher: AesGcmCipher, key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array {
  if (plaintext.length === 0) return plaintext;
  return concatBytes(nonce, cipher.seal(key, nonce, plaintext));
}

export function decryptData(cipher: AesGcmCipher, key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length === 0) return data;
  return cipher.open(key, data.subarray(0, NONCE_LENGTH), data.subarray(NONCE_LENGTH));
}

/** The Encryption block a delta links to, with its CID (stored in the encstore). */
export function makeEncryptionBlock(docID: string, key: Uint8Array, fieldName?: string): { bytes: Uint8Array; cid: CID } {
  const bytes = encodeEncryptionBlock({ docID, key, ...(fieldName ? { fieldName } : {}) });
  return { bytes, cid: blockCid(bytes) };
}
