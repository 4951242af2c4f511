import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../client/index.ts';
import { silentLogger } from '../util/index.ts';
import { loadConfig } from './config.ts';
import { MemoryKeyring } from './keyring.ts';
import { Node } from './node.ts';
import type { NodeServices } from './services.ts';
import { settingsFrom } from './settings.ts';

function fakeServices(log: string[], opts: { failHttp?: boolean } = {}): NodeServices {
  return {
    async openDB() {
      log.push('db:open');
      return { store: {} as Store, close: async () => { log.push('db:close'); } };
    },
    async startNet() {
      log.push('net:start');
      return { p2p: {}, info: () => ({ ID: '12D3', Addrs: [] }), stop: async () => { log.push('net:stop'); } };
    },
    async startHttp(o) {
      if (opts.failHttp) throw new Error('address already in use');
      const server = createServer((_req, res) => { res.end(JSON.stringify(o.identity ?? null)); });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      log.push('http:listen');
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise<void>((r) => { log.push('http:close'); server.close(() => r()); }),
      };
    },
  };
}

const settings = (rootdir: string, flags: Record<string, unknown> = {}) =>
  settingsFrom(rootdir, loadConfig({ rootdir, env: {}, flags: { 'api.address': '127.0.0.1:0', ...flags } }).values);

test('start opens db → net → http; stop closes in reverse and releases the lock', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-'));
  const log: string[] = [];
  const kr = new MemoryKeyring();
  const node = new Node(settings(dir), { services: fakeServices(log), logger: silentLogger, keyring: kr });
  await node.start();
  assert.equal(node.state, 'running');
  assert.deepEqual(log, ['db:open', 'net:start', 'http:listen']);
  assert.deepEqual(kr.list(), ['encryption-key', 'node-identity-key', 'peer-key']);
  const identity = await (await fetch(node.url!)).json() as { DID: string };
  assert.match(identity.DID, /^did:key:z7r8o/);
  assert.equal(existsSync(join(dir, 'LOCK.pid')), true);

  const second = new Node(settings(dir), { services: fakeServices([]), logger: silentLogger, keyring: null });
  await assert.rejects(second.start(), /already in use/);

  await node.stop();
  await node.stop();
  assert.deepEqual(log.slice(3), ['http:close', 'net:stop', 'db:close']);
  assert.equal(existsSync(join(dir, 'LOCK.pid')), false);
});

test('--no-p2p skips the network; a failed start unwinds and unlocks', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'node-'));
  const log: string[] = [];
  const node = new Node(settings(dir, { 'net.p2pdisabled': true }), { services: fakeServices(log, { failHttp: true }), logger: silentLogger, keyring: null });
  await assert.rejects(node.start(), /address already in use/);
  assert.deepEqual(log, ['db:open', 'db:close']);
  assert.equal(existsSync(join(dir, 'LOCK.pid')), false);
  assert.equal(node.keys?.peerKeyEphemeral, true);
  assert.equal(node.keys?.identity, undefined);
});
