// The node's libp2p identity: Ed25519, stored by the keyring as 64 raw bytes (Go
// `ed25519.PrivateKey` = seed‖pub; p2p.md §1). Without a stored key the identity is ephemeral.

import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { generateKeyPair, generateKeyPairFromSeed, privateKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { PrivateKey } from '@libp2p/interface';

export async function peerKeyFromKeyring(raw: Uint8Array | undefined): Promise<PrivateKey> {
  if (raw === undefined) return withCachedSigner(await generateKeyPair('Ed25519'));
  if (raw.length === 64) return withCachedSigner(privateKeyFromRaw(raw));
  if (raw.length === 32) return withCachedSigner(await generateKeyPairFromSeed('Ed25519', raw));
  throw new Error(`peer key must be 64 bytes (seed‖pub), got ${raw.length}`);
}

/** @libp2p/crypto rebuilds a node KeyObject from JWK for every Ed25519 signature (every pubsub
 *  message is signed, StrictSign): sign with one built once instead. Ed25519 signatures are
 *  deterministic, so the bytes are the same. */
function withCachedSigner(key: PrivateKey): PrivateKey {
  if (key.type !== 'Ed25519' || key.raw.length !== 64) return key;
  let keyObject: KeyObject | undefined;
  const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64url');
  Object.defineProperty(key, 'sign', {
    value(message: Uint8Array | { subarray(): Uint8Array }, options?: { signal?: AbortSignal }): Uint8Array {
      options?.signal?.throwIfAborted();
      keyObject ??= createPrivateKey({
        format: 'jwk',
        key: { crv: 'Ed25519', kty: 'OKP', d: b64(key.raw.subarray(0, 32)), x: b64(key.raw.subarray(32)) },
      });
      return sign(null, message instanceof Uint8Array ? message : message.subarray(), keyObject);
    },
  });
  return key;
}

/** A fresh key in the keyring's format, for node's first start. */
export async function newKeyringPeerKey(): Promise<Uint8Array> {
  return (await generateKeyPair('Ed25519')).raw;
}

export const peerIdOf = (key: PrivateKey): string => peerIdFromPrivateKey(key).toString();
