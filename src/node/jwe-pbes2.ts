// JWE compact serialization with PBES2-HS512+A256KW / A256GCM: the at-rest format of DefraDB's
// file keyring (security.md §(a); jwx defaults, RFC 7516/7518). Implemented on node:crypto so
// the keyring needs no extra dependency; Go's reader accepts p2c <= 10000, so we write 10000.
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';

const ALG = 'PBES2-HS512+A256KW';
const ENC = 'A256GCM';
export const PBES2_COUNT = 10000;
const KW_IV = Buffer.from('A6A6A6A6A6A6A6A6', 'hex'); // RFC 3394 default IV

export class JweDecryptError extends Error {
  readonly code = 'jwe-decrypt';
  constructor(message: string) {
    super(message);
    this.name = 'JweDecryptError';
  }
}

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const unb64u = (s: string) => Buffer.from(s, 'base64url');

function deriveKek(password: Uint8Array, p2s: Uint8Array, p2c: number): Buffer {
  const salt = Buffer.concat([Buffer.from(ALG, 'utf8'), Buffer.from([0]), p2s]);
  return pbkdf2Sync(password, salt, p2c, 32, 'sha512');
}

/** Fixed randomness for tests (the spec's vector); production leaves it undefined. */
export interface JweRandom { p2s?: Uint8Array; cek?: Uint8Array; iv?: Uint8Array }

export function encryptPbes2(payload: Uint8Array, password: Uint8Array, rnd: JweRandom = {}): string {
  const p2s = rnd.p2s ?? randomBytes(32);
  const cek = rnd.cek ?? randomBytes(32);
  const iv = rnd.iv ?? randomBytes(12);
  const header = b64u(Buffer.from(JSON.stringify({ alg: ALG, enc: ENC, p2c: PBES2_COUNT, p2s: b64u(p2s) })));
  const kw = createCipheriv('id-aes256-wrap', deriveKek(password, p2s, PBES2_COUNT), KW_IV);
  const wrapped = Buffer.concat([kw.update(cek), kw.final()]);
  const gcm = createCipheriv('aes-256-gcm', cek, iv);
  gcm.setAAD(Buffer.from(header, 'ascii'));
  const ct = Buffer.concat([gcm.update(payload), gcm.final()]);
  return [header, b64u(wrapped), b64u(iv), b64u(ct), b64u(gcm.getAuthTag())].join('.');
}

export function decryptPbes2(jwe: string, password: Uint8Array): Uint8Array {
  const parts = jwe.trim().split('.');
  if (parts.length !== 5) throw new JweDecryptError('invalid JWE compact serialization');
  const [headerB64, ekB64, ivB64, ctB64, tagB64] = parts as [string, string, string, string, string];
  let header: { alg?: unknown; enc?: unknown; p2c?: unknown; p2s?: unknown };
  try {
    header = JSON.parse(unb64u(headerB64).toString('utf8'));
  } catch {
    throw new JweDecryptError('invalid JWE header');
  }
  if (header.alg !== ALG || header.enc !== ENC) {
    throw new JweDecryptError(`unsupported JWE algorithm ${String(header.alg)}/${String(header.enc)}`);
  }
  const p2c = Number(header.p2c);
  if (!Number.isInteger(p2c) || p2c < 1 || p2c > PBES2_COUNT) throw new JweDecryptError('invalid JWE p2c');
  if (typeof header.p2s !== 'string') throw new JweDecryptError('invalid JWE p2s');
  let cek: Buffer;
  try {
    const unwrap = createDecipheriv('id-aes256-wrap', deriveKek(password, unb64u(header.p2s), p2c), KW_IV);
    cek = Buffer.concat([unwrap.update(unb64u(ekB64)), unwrap.final()]);
  } catch {
    // AES key wrap carries an integrity check: failure here means a wrong password.
    throw new JweDecryptError('failed to decrypt: wrong secret');
  }
  try {
    const gcm = createDecipheriv('aes-256-gcm', cek, unb64u(ivB64));
    gcm.setAAD(Buffer.from(headerB64, 'ascii'));
    gcm.setAuthTag(unb64u(tagB64));
    return new Uint8Array(Buffer.concat([gcm.update(unb64u(ctB64)), gcm.final()]));
  } catch {
    throw new JweDecryptError('failed to decrypt: corrupt content');
  }
}
