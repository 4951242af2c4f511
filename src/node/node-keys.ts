// The node's keys (http-cli.md B.3/B.6, security.md §(a)): `peer-key` (Ed25519, 64 bytes
// seed‖public, Go layout), `encryption-key` (AES-256) and `node-identity-key`
// (`<keyType>:` ‖ raw private key). Loaded from the keyring, created there when missing.
import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import type { Keyring } from './keyring.ts';

export const PEER_KEY = 'peer-key';
export const ENCRYPTION_KEY = 'encryption-key';
export const NODE_IDENTITY_KEY = 'node-identity-key';

export type KeyType = 'secp256k1' | 'ed25519';

export interface NodeIdentityKey {
  type: KeyType;
  /** secp256k1: 32-byte scalar; ed25519: 64 bytes seed‖public. */
  privateKey: Uint8Array;
}

export interface NodeKeys {
  /** Ed25519 private key, 64 bytes (seed‖public). */
  peerKey: Uint8Array;
  /** True when the peer key is random for this run only (`--no-keyring`). */
  peerKeyEphemeral: boolean;
  encryptionKey?: Uint8Array;
  identity?: NodeIdentityKey;
}

/** A new Ed25519 private key in Go's 64-byte layout. */
export function newEd25519Key(): Uint8Array {
  const seed = ed25519.utils.randomSecretKey();
  const out = new Uint8Array(64);
  out.set(seed, 0);
  out.set(ed25519.getPublicKey(seed), 32);
  return out;
}

export const newSecp256k1Key = (): Uint8Array => secp256k1.utils.randomSecretKey();
export const newAesKey = (): Uint8Array => new Uint8Array(randomBytes(32));

export function newIdentityKey(type: KeyType): NodeIdentityKey {
  return { type, privateKey: type === 'ed25519' ? newEd25519Key() : newSecp256k1Key() };
}

export function encodeIdentityKey(k: NodeIdentityKey): Uint8Array {
  const prefix = new TextEncoder().encode(`${k.type}:`);
  const out = new Uint8Array(prefix.length + k.privateKey.length);
  out.set(prefix, 0);
  out.set(k.privateKey, prefix.length);
  return out;
}

/** Decodes `<type>:<raw>`; the legacy form is 32 raw secp256k1 bytes with no prefix. */
export function decodeIdentityKey(bytes: Uint8Array): { key: NodeIdentityKey; legacy: boolean } {
  const colon = bytes.indexOf(0x3a);
  if (colon > 0 && colon <= 10) {
    const type = new TextDecoder().decode(bytes.subarray(0, colon));
    if (type === 'secp256k1' || type === 'ed25519') {
      return { key: { type, privateKey: bytes.slice(colon + 1) }, legacy: false };
    }
  }
  if (bytes.length === 32) return { key: { type: 'secp256k1', privateKey: bytes.slice() }, legacy: true };
  throw new Error('invalid node identity key in keyring');
}

export interface LoadKeysOptions {
  noEncryption?: boolean;
  defaultKeyType?: KeyType;
  /** With no keyring, development mode still gets an (ephemeral) node identity. */
  development?: boolean;
}

/** Loads (creating when missing) the node keys; with no keyring they are ephemeral. */
export function loadNodeKeys(keyring: Keyring | undefined, opts: LoadKeysOptions = {}): NodeKeys {
  const keyType = opts.defaultKeyType ?? 'secp256k1';
  if (!keyring) {
    return {
      peerKey: newEd25519Key(),
      peerKeyEphemeral: true,
      identity: opts.development ? newIdentityKey(keyType) : undefined,
    };
  }
  let peerKey: Uint8Array;
  if (keyring.has(PEER_KEY)) {
    peerKey = keyring.get(PEER_KEY);
  } else {
    peerKey = newEd25519Key();
    keyring.set(PEER_KEY, peerKey);
  }
  let encryptionKey: Uint8Array | undefined;
  if (!opts.noEncryption) {
    if (keyring.has(ENCRYPTION_KEY)) {
      encryptionKey = keyring.get(ENCRYPTION_KEY);
    } else {
      encryptionKey = newAesKey();
      keyring.set(ENCRYPTION_KEY, encryptionKey);
    }
  }
  let identity: NodeIdentityKey;
  if (keyring.has(NODE_IDENTITY_KEY)) {
    const { key, legacy } = decodeIdentityKey(keyring.get(NODE_IDENTITY_KEY));
    identity = key;
    if (legacy) keyring.set(NODE_IDENTITY_KEY, encodeIdentityKey(key)); // migrate in place, as Go does
  } else {
    identity = newIdentityKey(keyType);
    keyring.set(NODE_IDENTITY_KEY, encodeIdentityKey(identity));
  }
  return { peerKey, peerKeyEphemeral: false, encryptionKey, identity };
}

/** `defradb keyring generate`: new encryption and peer keys, overwriting existing ones. */
export function generateKeys(keyring: Keyring, opts: { noEncryption?: boolean; noPeerKey?: boolean } = {}): string[] {
  const made: string[] = [];
  if (!opts.noEncryption) {
    keyring.set(ENCRYPTION_KEY, newAesKey());
    made.push(ENCRYPTION_KEY);
  }
  if (!opts.noPeerKey) {
    keyring.set(PEER_KEY, newEd25519Key());
    made.push(PEER_KEY);
  }
  return made;
}
