// DefraDB's file keyring (security.md §(a)): one file per key, named after the key, holding a
// PBES2-HS512+A256KW / A256GCM JWE of the raw key bytes, encrypted with the keyring secret.
// Files are written 0600 (Go writes 0755; a deliberate hardening, still readable by Go).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptPbes2, encryptPbes2, JweDecryptError } from './jwe-pbes2.ts';

export class KeyringError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'KeyringError';
    this.code = code;
  }
}

export const ErrMissingSecret = () => new KeyringError('missing-secret', 'missing keyring secret');
export const ErrKeyNotFound = (name: string) => new KeyringError('key-not-found', `key not found: ${name}`);
export const ErrWrongSecret = (name: string) => new KeyringError('wrong-secret',
  `could not decrypt keyring key "${name}": wrong keyring secret (DEFRA_KEYRING_SECRET) or corrupt key file`);

export interface Keyring {
  get(name: string): Uint8Array;
  has(name: string): boolean;
  set(name: string, key: Uint8Array): void;
  list(): string[];
}

/** Key names become file names: refuse anything that could leave the directory. */
function checkName(name: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') {
    throw new KeyringError('invalid-key-name', `invalid key name: ${name}`);
  }
}

export class FileKeyring implements Keyring {
  readonly dir: string;
  readonly #secret: Uint8Array;

  constructor(dir: string, secret: string) {
    if (!secret) throw ErrMissingSecret();
    this.dir = dir;
    this.#secret = new TextEncoder().encode(secret);
  }

  has(name: string): boolean {
    checkName(name);
    return existsSync(join(this.dir, name));
  }

  get(name: string): Uint8Array {
    checkName(name);
    const path = join(this.dir, name);
    if (!existsSync(path)) throw ErrKeyNotFound(name);
    try {
      return decryptPbes2(readFileSync(path, 'utf8'), this.#secret);
    } catch (e) {
      if (e instanceof JweDecryptError) throw ErrWrongSecret(name);
      throw e;
    }
  }

  set(name: string, key: Uint8Array): void {
    checkName(name);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, name);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, encryptPbes2(key, this.#secret), { mode: 0o600 });
    renameSync(tmp, path); // atomic: a crash never leaves a half-written key
  }

  list(): string[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((n) => !n.includes('.tmp-') && statSync(join(this.dir, n)).isFile())
      .sort();
  }
}

/** A keyring in memory (tests, and the ephemeral keys of `--no-keyring`). */
export class MemoryKeyring implements Keyring {
  readonly #keys = new Map<string, Uint8Array>();
  has(name: string): boolean { return this.#keys.has(name); }
  get(name: string): Uint8Array {
    const k = this.#keys.get(name);
    if (!k) throw ErrKeyNotFound(name);
    return k;
  }
  set(name: string, key: Uint8Array): void { this.#keys.set(name, key); }
  list(): string[] { return [...this.#keys.keys()].sort(); }
}

export interface KeyringSettings { disabled: boolean; backend: string; path: string; secret: string }

/** The node's keyring per config, or undefined with `--no-keyring`. */
export function openKeyring(s: KeyringSettings): Keyring | undefined {
  if (s.disabled) return undefined;
  if (s.backend === 'system') {
    throw new KeyringError('unsupported-backend',
      'the system keyring backend is not supported by defradb-ts; use --keyring-backend file');
  }
  if (s.backend !== 'file') throw new KeyringError('unsupported-backend', `invalid keyring backend: ${s.backend}`);
  return new FileKeyring(s.path, s.secret);
}
