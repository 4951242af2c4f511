// Verifies the self-issued bearer JWTs of `Authorization: Bearer …` (security.md §(b),
// defradb:http/auth.go): public key from `sub` + `key_type`, time claims with zero skew, `aud`
// containing the lower-cased Host, then the ES256K (high-S accepted) or EdDSA signature.
import { ed25519 } from '@noble/curves/ed25519.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { didKey } from './node-identity.ts';

/** The identity a verified token stands for. */
export interface TokenIdentity {
  PublicKey: string;
  DID: string;
  KeyType: 'secp256k1' | 'ed25519';
  /** The verified token itself (for ACP engines that forward it). */
  token: string;
}

export class TokenError extends Error {
  readonly code = 'forbidden';
  constructor(reason: string) {
    super(`forbidden: ${reason}`);
    this.name = 'TokenError';
  }
}

const fromB64u = (s: string) => new Uint8Array(Buffer.from(s, 'base64url'));
const fromHex = (s: string) => {
  if (!/^([0-9a-f]{2})+$/i.test(s)) throw new TokenError('invalid sub');
  return new Uint8Array(Buffer.from(s, 'hex'));
};

export function verifyToken(token: string, host: string, nowSeconds = Math.floor(Date.now() / 1000)): TokenIdentity {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenError('malformed token');
  const [h, p, sigB64] = parts as [string, string, string];
  let header: { alg?: unknown };
  let claims: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  } catch {
    throw new TokenError('malformed token');
  }
  const keyType = claims.key_type;
  if (keyType !== 'secp256k1' && keyType !== 'ed25519') throw new TokenError('missing or unknown key_type');
  if (typeof claims.sub !== 'string') throw new TokenError('missing sub');
  const pub = fromHex(claims.sub);

  for (const [name, cmp] of [['exp', (v: number) => nowSeconds < v], ['nbf', (v: number) => nowSeconds >= v], ['iat', (v: number) => nowSeconds >= v]] as const) {
    const v = claims[name];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !cmp(v)) throw new TokenError(`invalid ${name}`);
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  if (!aud.map((a) => String(a).toLowerCase()).includes(host.toLowerCase())) throw new TokenError('invalid audience');

  const input = new TextEncoder().encode(`${h}.${p}`);
  const sig = fromB64u(sigB64);
  let ok = false;
  try {
    if (keyType === 'secp256k1') {
      ok = header.alg === 'ES256K' && sig.length === 64 &&
        secp256k1.verify(sig, sha256(input), pub, { prehash: false, lowS: false, format: 'compact' });
    } else {
      ok = header.alg === 'EdDSA' && ed25519.verify(sig, input, pub);
    }
  } catch {
    ok = false;
  }
  if (!ok) throw new TokenError('invalid signature');
  const did = keyType === 'secp256k1'
    ? didKey([0xe7, 0x01], secp256k1.Point.fromBytes(pub).toBytes(false))
    : didKey([0xed, 0x01], pub);
  return { PublicKey: claims.sub, DID: did, KeyType: keyType, token };
}

/** The HttpAuth the node hands to the HTTP server. */
export function bearerAuth(now?: () => number) {
  return {
    verify: async (token: string, host: string): Promise<unknown> => verifyToken(token, host, now?.()),
  };
}
