import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptPbes2, encryptPbes2 } from './jwe-pbes2.ts';
import { FileKeyring, MemoryKeyring, openKeyring } from './keyring.ts';
import { decodeIdentityKey, encodeIdentityKey, loadNodeKeys, generateKeys, NODE_IDENTITY_KEY } from './node-keys.ts';

const hex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const secret = new TextEncoder().encode('correct horse battery staple');
const peerKey = hex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60' +
  'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');
// security.md §(a) vector (fixed p2s = 32×07, CEK = 32×09, IV = 12×05).
const VECTOR = 'eyJhbGciOiJQQkVTMi1IUzUxMitBMjU2S1ciLCJlbmMiOiJBMjU2R0NNIiwicDJjIjoxMDAwMCwicDJzIjoiQndjSEJ3Y0hCd2NIQndjSEJ3Y0hCd2NIQndjSEJ3Y0hCd2NIQndjSEJ3YyJ9.GGNss7TRtaNtODBZRU_S3Mb6xS7YaQzKOEcVOj_bWy7eMnzQ2PabiQ.BQUFBQUFBQUFBQUF.UhYHy-QlRi34oB8KT4NFsUWFd_nO4d_Vck-6onZZ329_HGa-8HNI8JQmKalVPSEy7Y9pwOuHD9_zsjzwOEJoog.xLa-ZCp8dH2hE1cdyBiCHQ';

test('decrypts the security.md keyring vector', () => {
  assert.deepEqual(decryptPbes2(VECTOR, secret), peerKey);
});

test('encrypts byte-identically to the vector with fixed randomness', () => {
  const jwe = encryptPbes2(peerKey, secret, { p2s: new Uint8Array(32).fill(7), cek: new Uint8Array(32).fill(9), iv: new Uint8Array(12).fill(5) });
  assert.equal(jwe, VECTOR);
});

test('wrong secret is a clear error', () => {
  assert.throws(() => decryptPbes2(VECTOR, new TextEncoder().encode('nope')), /wrong secret/);
  const dir = mkdtempSync(join(tmpdir(), 'kr-'));
  new FileKeyring(dir, 'right').set('peer-key', peerKey);
  assert.throws(() => new FileKeyring(dir, 'wrong').get('peer-key'), (e: Error & { code?: string }) =>
    e.code === 'wrong-secret' && /wrong keyring secret/.test(e.message));
});

test('file keyring round-trip, list, file mode, missing key and missing secret', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'kr-')), 'keys');
  const kr = new FileKeyring(dir, 's3cret');
  assert.deepEqual(kr.list(), []);
  kr.set('peer-key', peerKey);
  kr.set('my-key', hex('abcd'));
  assert.deepEqual(kr.get('peer-key'), peerKey);
  assert.deepEqual(new FileKeyring(dir, 's3cret').get('my-key'), hex('abcd'));
  assert.deepEqual(kr.list(), ['my-key', 'peer-key']);
  assert.equal(statSync(join(dir, 'peer-key')).mode & 0o777, 0o600);
  assert.match(readFileSync(join(dir, 'peer-key'), 'utf8'), /^eyJhbGciOiJQQkVTMi1IUzUxMitBMjU2S1ciLCJlbmMiOiJBMjU2R0NNIi/);
  assert.throws(() => kr.get('nope'), /key not found: nope/);
  assert.throws(() => kr.set('../evil', hex('00')), /invalid key name/);
  assert.throws(() => new FileKeyring(dir, ''), /missing keyring secret/);
  assert.equal(openKeyring({ disabled: true, backend: 'file', path: dir, secret: '' }), undefined);
  assert.throws(() => openKeyring({ disabled: false, backend: 'file', path: dir, secret: '' }), /missing keyring secret/);
});

test('node keys are created once and then reused', () => {
  const kr = new MemoryKeyring();
  const a = loadNodeKeys(kr);
  assert.equal(a.peerKey.length, 64);
  assert.equal(a.encryptionKey?.length, 32);
  assert.equal(a.identity?.type, 'secp256k1');
  assert.equal(a.identity?.privateKey.length, 32);
  assert.deepEqual(kr.list(), ['encryption-key', 'node-identity-key', 'peer-key']);
  assert.equal(new TextDecoder().decode(kr.get(NODE_IDENTITY_KEY).subarray(0, 10)), 'secp256k1:');
  const b = loadNodeKeys(kr);
  assert.deepEqual(b.peerKey, a.peerKey);
  assert.deepEqual(b.identity, a.identity);
  assert.equal(b.peerKeyEphemeral, false);
});

test('legacy raw node identity is migrated; no keyring means ephemeral keys', () => {
  const kr = new MemoryKeyring();
  const raw = new Uint8Array(32).fill(3);
  kr.set(NODE_IDENTITY_KEY, raw);
  const k = loadNodeKeys(kr, { noEncryption: true });
  assert.deepEqual(k.identity?.privateKey, raw);
  assert.equal(k.encryptionKey, undefined);
  assert.deepEqual(decodeIdentityKey(kr.get(NODE_IDENTITY_KEY)), { key: { type: 'secp256k1', privateKey: raw }, legacy: false });
  assert.deepEqual(encodeIdentityKey({ type: 'ed25519', privateKey: hex('01') }), new TextEncoder().encode('ed25519:\x01'));
  const e = loadNodeKeys(undefined);
  assert.equal(e.peerKeyEphemeral, true);
  assert.equal(e.identity, undefined);
  assert.equal(loadNodeKeys(undefined, { development: true, defaultKeyType: 'ed25519' }).identity?.type, 'ed25519');
});

test('generate overwrites encryption-key and peer-key only', () => {
  const kr = new MemoryKeyring();
  kr.set('peer-key', peerKey);
  assert.deepEqual(generateKeys(kr), ['encryption-key', 'peer-key']);
  assert.notDeepEqual(kr.get('peer-key'), peerKey);
  assert.deepEqual(generateKeys(kr, { noEncryption: true, noPeerKey: true }), []);
});
