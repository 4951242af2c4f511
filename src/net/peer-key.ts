// The node's libp2p identity: Ed25519, stored by the keyring as 64 raw bytes (Go
// `ed25519.PrivateKey` = seed‖pub; p2p.md §1). Without a stored key the identity is ephemeral.

import { generateKeyPair, generateKeyPairFromSeed, privateKeyFromRaw } from '@libp2p/crypto/keys';
import { peerIdFromPrivateKey } from '@libp2p/peer-id';
import type { PrivateKey } from '@libp2p/interface';

export async function peerKeyFromKeyring(raw: Uint8Array | undefined): Promise<PrivateKey> {
  if (raw === undefined) return generateKeyPair('Ed25519');
  if (raw.length === 64) return privateKeyFromRaw(raw);
  if (raw.length === 32) return generateKeyPairFromSeed('Ed25519', raw);
  throw new Error(`peer key must be 64 bytes (seed‖pub), got ${raw.length}`);
}

/** A fresh key in the keyring's format, for node's first start. */
export async function newKeyringPeerKey(): Promise<Uint8Array> {
  return (await generateKeyPair('Ed25519')).raw;
}

export const peerIdOf = (key: PrivateKey): string => peerIdFromPrivateKey(key).toString();
