// Server-level behaviour: CORS, TLS, bearer auth and identity scoping, the P2P/ACP facades, the
// static-asset hook, graceful close with in-flight requests and open SSE streams.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DB } from '../../client/index.ts';
import { createHttpClient } from '../index.ts';
import type { ACPApi, P2PApi, PeerInfo } from '../api.ts';
import { rawRequest, startHarness } from '../../../test/http/http-harness.ts';
import { FakeStore } from '../../../test/http/fake-store.ts';

describe('CORS', () => {
  it('exact origins: preflight headers, allowed and refused origins and headers', async () => {
    const h = await startHarness({ allowedOrigins: ['http://App.test'] });
    try {
      const pre = await h.call('OPTIONS', '/api/v0/graphql', { headers: {
        Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'Content-Type, Authorization',
      } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers['access-control-allow-origin'], 'http://app.test');
      assert.equal(pre.headers['access-control-allow-methods'], 'POST');
      assert.equal(pre.headers['access-control-allow-headers'], 'content-type, authorization');
      assert.equal(pre.headers['access-control-max-age'], '300');
      assert.equal(pre.headers['access-control-allow-credentials'], undefined);
      const txHeader = await h.call('OPTIONS', '/api/v0/graphql', { headers: {
        Origin: 'http://app.test', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-defradb-tx',
      } });
      assert.equal(txHeader.headers['access-control-allow-origin'], undefined, 'x-defradb-tx is not allowed cross-origin');
      const put = await h.call('OPTIONS', '/api/v0/schema', { headers: { Origin: 'http://app.test', 'Access-Control-Request-Method': 'PUT' } });
      assert.equal(put.headers['access-control-allow-origin'], undefined);
      const other = await h.call('GET', '/health-check', { headers: { Origin: 'http://evil.test' } });
      assert.equal(other.status, 200);
      assert.equal(other.headers['access-control-allow-origin'], undefined);
      const simple = await h.call('GET', '/health-check', { headers: { Origin: 'http://app.test' } });
      assert.equal(simple.headers['access-control-allow-origin'], 'http://app.test');
    } finally { await h.close(); }
  });

  it('`*` allows any origin; no origins = CORS off', async () => {
    const any = await startHarness({ allowedOrigins: ['*'] });
    const off = await startHarness();
    try {
      const r = await any.call('GET', '/health-check', { headers: { Origin: 'http://x.test' } });
      assert.equal(r.headers['access-control-allow-origin'], '*');
      const pre = await off.call('OPTIONS', '/api/v0/schema', { headers: { Origin: 'http://x.test', 'Access-Control-Request-Method': 'GET' } });
      assert.equal(pre.status, 405);
      assert.equal(pre.headers['access-control-allow-origin'], undefined);
    } finally { await any.close(); await off.close(); }
  });
});

describe('TLS', () => {
  it('serves HTTPS with a PEM cert and key; the client trusts a given CA', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'defra-tls-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
        '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=DefraDB',
        '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
      const cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      const h = await startHarness({ tls: { cert, key: readFileSync(join(dir, 'key.pem')) } });
      try {
        assert.match(h.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
        const client = createHttpClient(h.server.url, { ca: cert });
        assert.deepEqual((await client.getSchemas()).map((s) => s.Name), ['User']);
        await client.close();
        const untrusted = createHttpClient(h.server.url);
        await assert.rejects(untrusted.getSchemas(), /self-signed|certificate/i);
        await untrusted.close();
        await assert.rejects(rawRequest(h.server.url.replace('https', 'http') + '/health-check', 'GET'));
      } finally { await h.close(); }
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('bearer auth', () => {
  it('verifies tokens against the Host, scopes the DB and hands the identity to ACP', async () => {
    const seen: unknown[] = [];
    const scoped: unknown[] = [];
    const acp = {
      async addDocPolicy(policy: string, identity?: unknown) { seen.push(identity); return { PolicyID: `p-${policy.length}` }; },
      async getNodeACPStatus() { return { Status: 'enabled' as const }; },
    } as unknown as ACPApi;
    const h = await startHarness({
      acp,
      auth: {
        async verify(token, host) {
          if (token !== `good@${host}`) throw new Error('bad token');
          return { did: 'did:key:alice' };
        },
        scope(db: DB, identity: unknown) { scoped.push(identity); return db; },
      },
    });
    try {
      const client = createHttpClient(h.server.address, { token: (aud) => `good@${aud}` });
      assert.deepEqual(await client.acp.addDocPolicy('abc'), { PolicyID: 'p-3' });
      assert.deepEqual(seen, [{ did: 'did:key:alice' }]);
      assert.deepEqual(scoped, [{ did: 'did:key:alice' }]);
      assert.deepEqual(await client.acp.getNodeACPStatus(), { Status: 'enabled' });
      await client.close();
      const bad = await h.call('GET', '/api/v0/schema', { headers: { Authorization: 'Bearer forged' } });
      assert.deepEqual([bad.status, bad.text, String(bad.headers['content-type'])], [403, 'forbidden\n', 'text/plain; charset=utf-8']);
      const anon = await h.call('GET', '/api/v0/schema');
      assert.equal(anon.status, 200);
      const badClient = createHttpClient(h.server.address, { token: () => 'forged' });
      await assert.rejects(badClient.getSchemas(), (e: Error) => e.message === '403: forbidden');
      await badClient.close();
    } finally { await h.close(); }
  });
});

describe('P2P facade', () => {
  it('routes reach the facade; sync failures answer 500', async () => {
    const calls: unknown[][] = [];
    const info: PeerInfo = { ID: '12D3KooWPeer', Addrs: ['/ip4/127.0.0.1/tcp/9171'] };
    const rec = (name: string) => async (...args: unknown[]) => { calls.push([name, ...args]); };
    const p2p: P2PApi = {
      peerInfo: () => info,
      activePeers: () => [info, { ID: '12D3KooWOther', Addrs: ['/ip4/127.0.0.1/tcp/1', '/ip4/10.0.0.1/tcp/2'] }],
      connect: rec('connect'), setReplicator: rec('setReplicator'), deleteReplicator: rec('deleteReplicator'),
      async getAllReplicators() { return [{ Info: info, CollectionIDs: ['c1'], Status: 0, LastStatusChange: '2025-01-01T00:00:00Z' }]; },
      addP2PCollections: rec('addP2PCollections'), removeP2PCollections: rec('removeP2PCollections'),
      async getAllP2PCollections() { return ['User']; },
      addP2PDocuments: rec('addP2PDocuments'), removeP2PDocuments: rec('removeP2PDocuments'),
      async getAllP2PDocuments() { return []; },
      async syncDocuments(col, ids, timeout) { calls.push(['sync', col, ids, timeout]); throw new Error('sync timed out'); },
    };
    const h = await startHarness({ p2p });
    const client = createHttpClient(h.server.url);
    try {
      assert.deepEqual(await client.p2p.peerInfo(), info);
      await client.p2p.connect(info);
      const active = await h.call('GET', '/api/v0/p2p/active-peers');
      assert.deepEqual(JSON.parse(active.text), [
        '/ip4/127.0.0.1/tcp/9171/p2p/12D3KooWPeer',
        '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWOther', '/ip4/10.0.0.1/tcp/2/p2p/12D3KooWOther',
      ]);
      assert.deepEqual((await client.p2p.activePeers())[1], { ID: '12D3KooWOther', Addrs: ['/ip4/127.0.0.1/tcp/1', '/ip4/10.0.0.1/tcp/2'] });
      await client.p2p.setReplicator(info, ['User']);
      await client.p2p.deleteReplicator(info, []);
      assert.equal((await client.p2p.getAllReplicators())[0].CollectionIDs[0], 'c1');
      await client.p2p.addP2PCollections(['User']);
      await client.p2p.removeP2PCollections(['User']);
      assert.deepEqual(await client.p2p.getAllP2PCollections(), ['User']);
      await client.p2p.addP2PDocuments(['bae-1']);
      await client.p2p.removeP2PDocuments(['bae-1']);
      assert.deepEqual(await client.p2p.getAllP2PDocuments(), []);
      const sync = await h.call('POST', '/api/v0/p2p/documents/sync', { body: '{"collectionName":"User","docIDs":["bae-1"],"timeout":"10s"}' });
      assert.deepEqual([sync.status, JSON.parse(sync.text)], [500, { error: 'sync timed out' }]);
      await assert.rejects(client.p2p.syncDocuments('User', ['bae-2'], 1500), /sync timed out/);
      assert.deepEqual(calls, [
        ['connect', info], ['setReplicator', info, ['User']], ['deleteReplicator', info, []],
        ['addP2PCollections', ['User']], ['removeP2PCollections', ['User']],
        ['addP2PDocuments', ['bae-1']], ['removeP2PDocuments', ['bae-1']],
        ['sync', 'User', ['bae-1'], 10_000], ['sync', 'User', ['bae-2'], 1500],
      ]);
      const bad = await h.call('POST', '/api/v0/p2p/collections', { body: '{"a":1}' });
      assert.deepEqual(JSON.parse(bad.text), { error: 'invalid request body' });
    } finally { await client.close(); await h.close(); }
  });
});

describe('static assets and shutdown', () => {
  it('serves non-API paths from the asset provider', async () => {
    const h = await startHarness({
      assets: { get: (p) => (p === '/' ? { body: '<html>playground</html>', contentType: 'text/html' } : undefined) },
    });
    try {
      const r = await h.call('GET', '/');
      assert.deepEqual([r.status, r.text, r.headers['content-type']], [200, '<html>playground</html>', 'text/html']);
      assert.equal((await h.call('GET', '/missing.js')).status, 404);
      assert.equal((await h.call('GET', '/api/v0/missing')).status, 404);
    } finally { await h.close(); }
  });

  it('close() lets in-flight requests finish, ends SSE streams and discards open txns', async () => {
    const store = new FakeStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const getSchemas = store.getSchemas.bind(store);
    store.getSchemas = async (o) => { await gate; return getSchemas(o); };
    let discarded = 0;
    const newTxn = store.newTxn.bind(store);
    store.newTxn = async (ro) => {
      const t = await newTxn(ro);
      const discard = t.discard.bind(t);
      t.discard = async () => { discarded++; await discard(); };
      return t;
    };
    const h = await startHarness({ store });
    const url = h.server.url;
    const client = createHttpClient(url);
    const txn = await client.newTxn();
    const sub = await client.execRequest('subscription { User { name } }');
    assert.equal(sub.kind, 'subscription');
    const slow = h.call('GET', '/api/v0/schema');
    await new Promise((r) => setTimeout(r, 30));
    const closing = h.close();
    await new Promise((r) => setTimeout(r, 30));
    release();
    const res = await slow;
    assert.equal(res.status, 200, 'in-flight request completed');
    assert.equal(JSON.parse(res.text)[0].Name, 'User');
    await closing;
    if (sub.kind === 'subscription') {
      const events = [];
      for await (const e of sub.stream) events.push(e);
      assert.deepEqual(events, [], 'stream ended by the server');
    }
    assert.equal(discarded, 1, 'open txn discarded');
    await assert.rejects(txn.commit(), /ECONNREFUSED/);
    await assert.rejects(rawRequest(url + '/health-check', 'GET'));
    await client.close();
  });
});
