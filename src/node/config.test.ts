import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import YAML from 'yaml';
import { envNameOf, loadConfig } from './config.ts';
import { parseListenAddress, settingsFrom } from './settings.ts';
import { parseDotenv, loadDotenv } from './dotenv.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'cfg-'));

test('first start writes config.yaml with the defaults; client loads do not', () => {
  const a = tmp();
  const r = loadConfig({ rootdir: a, env: {}, writeIfMissing: true });
  assert.equal(r.created, true);
  const doc = YAML.parse(readFileSync(join(a, 'config.yaml'), 'utf8'));
  assert.equal(doc.api.address, '127.0.0.1:9181');
  assert.equal(doc.datastore.badger.path, 'data');
  assert.deepEqual(doc.net.p2paddresses, ['/ip4/127.0.0.1/tcp/9171']);
  assert.equal(loadConfig({ rootdir: a, env: {}, writeIfMissing: true }).created, false);
  const b = tmp();
  assert.equal(loadConfig({ rootdir: b, env: {} }).created, false);
});

test('precedence: flags > env > file > defaults; keys case-insensitive', () => {
  const dir = tmp();
  writeFileSync(join(dir, 'config.yaml'), 'API:\n  Address: 127.0.0.1:1111\nlog:\n  level: error\nnet:\n  p2pDisabled: true\n');
  const base = loadConfig({ rootdir: dir, env: {} }).values;
  assert.equal(base.get('api.address'), '127.0.0.1:1111');
  assert.equal(base.get('log.level'), 'error');
  assert.equal(base.get('net.p2pdisabled'), true);
  assert.equal(base.get('datastore.maxtxnretries'), 5);

  const env = { DEFRA_API_ADDRESS: '127.0.0.1:2222', DEFRA_LOG_LEVEL: 'debug', DEFRA_NET_P2PDISABLED: 'false',
    DEFRA_API_ALLOWED_ORIGINS: 'http://a.com, http://b.com', DEFRA_DATASTORE_MAXTXNRETRIES: '9', DEFRA_KEYRING_SECRET: 'pw' };
  const e = loadConfig({ rootdir: dir, env }).values;
  assert.equal(e.get('api.address'), '127.0.0.1:2222');
  assert.equal(e.get('log.level'), 'debug');
  assert.equal(e.get('net.p2pdisabled'), false);
  assert.deepEqual(e.get('api.allowed-origins'), ['http://a.com', 'http://b.com']);
  assert.equal(e.get('datastore.maxtxnretries'), 9);
  assert.equal(e.get('keyring.secret'), 'pw');

  const f = loadConfig({ rootdir: dir, env, flags: { 'api.address': 'localhost:3333', 'net.p2pdisabled': true } }).values;
  assert.equal(f.get('api.address'), 'localhost:3333');
  assert.equal(f.get('net.p2pdisabled'), true);
  assert.equal(f.get('log.level'), 'debug');
  assert.equal(envNameOf('api.allowed-origins'), 'DEFRA_API_ALLOWED_ORIGINS');
  assert.throws(() => loadConfig({ rootdir: dir, env: { DEFRA_NET_P2PDISABLED: 'maybe' } }), /invalid boolean/);
});

test('settings: store kinds, relative paths, url forms, TLS paths', () => {
  const dir = tmp();
  const s = settingsFrom(dir, loadConfig({ rootdir: dir, env: {} }).values);
  assert.deepEqual(s.store, { kind: 'lmdb', path: join(dir, 'data'), syncWrites: false });
  const synced = settingsFrom(dir, loadConfig({ rootdir: dir, env: { DEFRA_DATASTORE_LMDB_SYNCWRITES: 'true' } }).values);
  assert.equal(synced.store.syncWrites, true);
  assert.equal(s.keyring.path, join(dir, 'keys'));
  assert.deepEqual(s.api.address, { host: '127.0.0.1', port: 9181 });
  assert.equal(s.api.tls, undefined);
  const m = settingsFrom(dir, loadConfig({ rootdir: dir, env: {}, flags: { 'datastore.store': 'memory' } }).values);
  assert.equal(m.store.kind, 'memory');
  assert.equal(settingsFrom(dir, loadConfig({ rootdir: dir, env: {}, flags: { 'datastore.store': 'badger' } }).values).store.kind, 'lmdb');
  assert.throws(() => settingsFrom(dir, loadConfig({ rootdir: dir, env: {}, flags: { 'datastore.store': 'nope' } }).values), /invalid store type/);
  assert.deepEqual(parseListenAddress('localhost:9182'), { host: 'localhost', port: 9182 });
  assert.deepEqual(parseListenAddress('0.0.0.0:9181'), { host: '0.0.0.0', port: 9181 });
  assert.deepEqual(parseListenAddress('http://127.0.0.1:80/'), { host: '127.0.0.1', port: 80 });
  assert.deepEqual(parseListenAddress(':9000'), { host: '0.0.0.0', port: 9000 });
  assert.throws(() => parseListenAddress('localhost:x'), /invalid port/);
  // --tls alone means <rootdir>/certs/server.crt|key, which must exist.
  assert.throws(() => settingsFrom(dir, loadConfig({ rootdir: dir, env: {}, flags: { 'api.tls': true } }).values), /TLS certificate not found: .*certs\/server\.crt/);
  mkdirSync(join(dir, 'certs'));
  writeFileSync(join(dir, 'certs', 'server.crt'), 'x');
  writeFileSync(join(dir, 'certs', 'server.key'), 'x');
  assert.deepEqual(settingsFrom(dir, loadConfig({ rootdir: dir, env: {}, flags: { 'api.tls': true } }).values).api.tls,
    { certPath: join(dir, 'certs', 'server.crt'), keyPath: join(dir, 'certs', 'server.key') });
  writeFileSync(join(dir, 'c.pem'), 'x');
  const t = settingsFrom(dir, loadConfig({ rootdir: dir, env: {}, flags: { 'api.pubkeypath': 'c.pem' } }).values).api.tls;
  assert.equal(t?.certPath, join(dir, 'c.pem'));
});

test('dotenv: parse and load without overriding', () => {
  assert.deepEqual(parseDotenv('# c\nexport DEFRA_KEYRING_SECRET="a b"\nX=1 # note\nY=\'q\'\n'), { DEFRA_KEYRING_SECRET: 'a b', X: '1', Y: 'q' });
  const dir = tmp();
  writeFileSync(join(dir, '.env'), 'A=from-file\nB=from-file\n');
  const env: NodeJS.ProcessEnv = { A: 'already' };
  assert.deepEqual(loadDotenv(join(dir, '.env'), env), ['B']);
  assert.deepEqual(env, { A: 'already', B: 'from-file' });
  assert.deepEqual(loadDotenv(join(dir, 'missing'), env), []);
});
