// The bearer token the CLI sends for `-i/--identity` (security.md §(b)): a self-issued JWT
// signed ES256K with the secp256k1 private key, audience = the node address, 15-minute life.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base58btc } from 'multiformats/bases/base58';
import { CliError } from './output.ts';

const b64u = (b: Uint8Array | string) => Buffer.from(b).toString('base64url');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface RawIdentity { PrivateKey: string; PublicKey: string; DID: string; KeyType: 'secp256k1' }

/** `did:key` of a secp256k1 key as DefraDB builds it (multicodec 0xe7 + uncompressed key). */
export function secp256k1Did(privateKey: Uint8Array): string {
  const pub = secp256k1.getPublicKey(privateKey, false);
  const bytes = new Uint8Array(2 + pub.length);
  bytes.set([0xe7, 0x01], 0);
  bytes.set(pub, 2);
  return `did:key:${base58btc.encode(bytes)}`;
}

export function parsePrivateKeyHex(keyHex: string): Uint8Array {
  const s = keyHex.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(s)) throw new CliError('invalid identity: expected a 32-byte secp256k1 private key in hex');
  const key = new Uint8Array(Buffer.from(s, 'hex'));
  if (!secp256k1.utils.isValidSecretKey(key)) throw new CliError('invalid identity: not a valid secp256k1 private key');
  return key;
}

export function rawIdentity(privateKey: Uint8Array): RawIdentity {
  return {
    PrivateKey: hex(privateKey),
    PublicKey: hex(secp256k1.getPublicKey(privateKey, true)),
    DID: secp256k1Did(privateKey),
    KeyType: 'secp256k1',
  };
}

export interface TokenOptions {
  audience: string;
  /** Unix seconds; defaults to now. */
  now?: number;
  lifetimeSeconds?: number;
  authorizedAccount?: string;
}

/** A compact JWS (ES256K): header `{"alg":"ES256K","typ":"JWT"}`, claims sorted as jwx writes them. */
export function identityToken(privateKey: Uint8Array, o: TokenOptions): string {
  const iat = o.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    aud: [o.audience],
    ...(o.authorizedAccount ? { authorized_account: o.authorizedAccount } : {}),
    exp: iat + (o.lifetimeSeconds ?? 15 * 60),
    iat,
    iss: secp256k1Did(privateKey),
    key_type: 'secp256k1',
    nbf: iat,
    sub: hex(secp256k1.getPublicKey(privateKey, true)),
  };
  const input = `${b64u(JSON.stringify({ alg: 'ES256K', typ: 'JWT' }))}.${b64u(JSON.stringify(claims))}`;
  const sig = secp256k1.sign(sha256(new TextEncoder().encode(input)), privateKey, { prehash: false, format: 'compact' });
  return `${input}.${b64u(sig)}`;
}
