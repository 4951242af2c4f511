// The node identity's public form (`GET /node/identity`): hex public key and DefraDB's did:key
// (secp256k1: multicodec 0xe7 + the *uncompressed* key, as DefraDB does; ed25519: 0xed + key).
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { base58btc } from 'multiformats/bases/base58';
import type { NodeIdentityKey } from './node-keys.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface PublicIdentity { PublicKey: string; DID: string }

export function didKey(codec: number[], key: Uint8Array): string {
  const bytes = new Uint8Array(codec.length + key.length);
  bytes.set(codec, 0);
  bytes.set(key, codec.length);
  return `did:key:${base58btc.encode(bytes)}`;
}

export function publicIdentity(k: NodeIdentityKey): PublicIdentity {
  if (k.type === 'ed25519') {
    const pub = ed25519.getPublicKey(k.privateKey.subarray(0, 32));
    return { PublicKey: hex(pub), DID: didKey([0xed, 0x01], pub) };
  }
  const compressed = secp256k1.getPublicKey(k.privateKey, true);
  const uncompressed = secp256k1.getPublicKey(k.privateKey, false);
  return { PublicKey: hex(compressed), DID: didKey([0xe7, 0x01], uncompressed) };
}
