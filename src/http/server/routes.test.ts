// Route-level behaviour: paths outside the API, error envelopes and status codes, collection 404s,
// malformed and oversized bodies, the tx header, big integers, SSE, GraphQL transport errors.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { startHarness } from '../../../test/http/http-harness.ts';
import type { Harness } from '../../../test/http/http-harness.ts';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

describe('http routes', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ maxBodyBytes: 64 * 1024 }); });
  after(() => h.close());

  it('health-check and openapi.json', async () => {
    const hc = await h.call('GET', '/health-check');
    assert.equal(hc.status, 200);
    assert.equal(hc.text, '"Healthy"\n');
    assert.match(String(hc.headers['content-type']), /application\/json/);
    const oa = await h.call('GET', '/openapi.json');
    const doc = JSON.parse(oa.text);
    assert.equal(doc.openapi, '3.0.3');
    assert.deepEqual(Object.keys(doc.paths['/collections/{name}']).sort(), ['delete', 'get', 'patch', 'post']);
    assert.equal(doc.paths['/tx/{id}'].post.parameters[0].name, 'id');
  });

  it('unknown paths 404 (text), wrong method 405', async () => {
    const a = await h.call('GET', '/api/v0/nope');
    assert.equal(a.status, 404);
    assert.equal(a.text, '404 page not found\n');
    assert.equal((await h.call('GET', '/')).status, 404);
    const m = await h.call('PUT', '/api/v0/schema');
    assert.equal(m.status, 405);
    assert.deepEqual(String(m.headers.allow).split(', ').sort(), ['GET', 'PATCH', 'POST']);
  });

  it('unknown collection → 404 with an empty body', async () => {
    for (const [method, path] of [['GET', '/collections/Nope'], ['POST', '/collections/Nope'], ['GET', '/collections/Nope/bae-x'], ['GET', '/collections/Nope/indexes']]) {
      const r = await h.call(method, '/api/v0' + path, { body: method === 'POST' ? '{}' : undefined });
      assert.equal(r.status, 404, path);
      assert.equal(r.text, '');
    }
  });

  it('store errors → 400 {"error"} with the message text', async () => {
    const r = await h.call('GET', '/api/v0/collections/User/bae-00000000-0000-0000-0000-000000000000');
    assert.equal(r.status, 400);
    assert.match(JSON.parse(r.text).error, /^document not found or not authorized to access/);
    const d = await h.call('DELETE', '/api/v0/collections/User/bae-00000000-0000-0000-0000-000000000000');
    assert.equal(d.status, 400);
    assert.match(JSON.parse(d.text).error, /^document not found/);
  });

  it('malformed JSON and wrong body shapes → 400, never a crash', async () => {
    const bad = await h.call('POST', '/api/v0/collections/User', { body: '{"name": ', headers: JSON_HEADERS });
    assert.equal(bad.status, 400);
    assert.match(JSON.parse(bad.text).error, /^invalid JSON body/);
    const num = await h.call('POST', '/api/v0/collections/User', { body: '42' });
    assert.deepEqual(JSON.parse(num.text), { error: 'invalid request body' });
    const upd = await h.call('PATCH', '/api/v0/collections/User', { body: '{"filter": {}, "updater": 5}' });
    assert.equal(upd.status, 400);
    const patch = await h.call('PATCH', '/api/v0/collections', { body: '[{"op":"add"}]' });
    assert.deepEqual(JSON.parse(patch.text), { error: 'invalid request body' });
    assert.equal((await h.call('GET', '/health-check')).status, 200);
  });

  it('oversized bodies → 413 and the server keeps serving', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(70 * 1024) });
    const r = await h.call('POST', '/api/v0/collections/User', { body: big });
    assert.equal(r.status, 413);
    assert.match(JSON.parse(r.text).error, /^request body too large/);
    assert.equal((await h.call('GET', '/health-check')).status, 200);
    // Without Content-Length (chunked) the limit applies while reading.
    const chunked = await new Promise<number>((resolve, reject) => {
      const req = request(h.server.url + '/api/v0/collections/User', { method: 'POST' }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', reject);
      for (let i = 0; i < 80; i++) req.write('x'.repeat(1024));
      req.end();
    });
    assert.equal(chunked, 413);
    assert.equal((await h.call('GET', '/health-check')).status, 200);
  });

  it('creates answer DocIDs; docs and GraphQL keep 64-bit integers exact', async () => {
    const r = await h.call('POST', '/api/v0/collections/User', { body: '{"name":"Big","age":9223372036854775807}' });
    assert.equal(r.status, 200);
    const [id] = JSON.parse(r.text);
    const got = await h.call('GET', `/api/v0/collections/User/${id}`);
    assert.match(got.text, /"age":9223372036854775807[,}]/);
    const q = await h.call('POST', '/api/v0/graphql', { body: JSON.stringify({ query: 'query { User { age } }' }) });
    assert.match(q.text, /"age":9223372036854775807/);
    await h.call('DELETE', `/api/v0/collections/User/${id}`);
  });

  it('GET /collections/{name} streams DocIDs as SSE', async () => {
    const c = await h.call('POST', '/api/v0/collections/User', { body: '[{"name":"a"},{"name":"b"}]' });
    const ids = JSON.parse(c.text) as string[];
    const r = await h.call('GET', '/api/v0/collections/User');
    assert.equal(r.headers['content-type'], 'text/event-stream');
    const events = r.text.split('\n\n').filter(Boolean).map((e) => JSON.parse(e.replace(/^data: /, '')));
    assert.deepEqual(events.map((e) => e.docID).sort(), [...ids].sort());
    assert.ok(events.every((e) => e.error === ''));
    await h.call('DELETE', '/api/v0/collections/User', { body: '{"filter": {}}' });
  });

  it('transactions: open, header, commit, discard, bad ids', async () => {
    const { id } = JSON.parse((await h.call('POST', '/api/v0/tx')).text);
    assert.equal(typeof id, 'number');
    const tx = { 'x-defradb-tx': String(id) };
    const c = await h.call('POST', '/api/v0/collections/User', { body: '{"name":"InTx"}', headers: tx });
    const [doc] = JSON.parse(c.text);
    assert.equal((await h.call('GET', `/api/v0/collections/User/${doc}`)).status, 400, 'invisible outside the txn');
    assert.equal((await h.call('GET', `/api/v0/collections/User/${doc}`, { headers: tx })).status, 200);
    assert.equal((await h.call('POST', `/api/v0/tx/${id}`)).status, 200);
    assert.equal((await h.call('GET', `/api/v0/collections/User/${doc}`)).status, 200, 'visible after commit');
    for (const [method, path, headers] of [
      ['POST', `/api/v0/tx/${id}`, {}], ['DELETE', '/api/v0/tx/abc', {}], ['POST', '/api/v0/tx/99999999999999999999', {}],
      ['GET', '/api/v0/schema', { 'x-defradb-tx': 'nope' }], ['GET', '/api/v0/schema', { 'x-defradb-tx': String(id) }],
    ] as const) {
      const r = await h.call(method, path, { headers });
      assert.equal(r.status, 400, `${method} ${path}`);
      assert.deepEqual(JSON.parse(r.text), { error: 'invalid transaction id' });
    }
    const ro = JSON.parse((await h.call('POST', '/api/v0/tx?read_only=true')).text).id;
    const w = await h.call('POST', '/api/v0/collections/User', { body: '{"name":"RO"}', headers: { 'x-defradb-tx': String(ro) } });
    assert.deepEqual(JSON.parse(w.text), { error: 'transaction is read only' });
    assert.equal((await h.call('DELETE', `/api/v0/tx/${ro}`)).status, 200);
    await h.call('DELETE', '/api/v0/collections/User', { body: '{"filter": {}}' });
  });

  it('GraphQL transport: GET params, missing request, bad variables, errors envelope', async () => {
    const g = await h.call('GET', '/api/v0/graphql?query=' + encodeURIComponent('query { User { name } }'));
    assert.deepEqual(JSON.parse(g.text), { data: { User: [] } });
    const missing = await h.call('POST', '/api/v0/graphql');
    assert.deepEqual([missing.status, JSON.parse(missing.text)], [400, { error: 'missing request' }]);
    const vars = await h.call('GET', '/api/v0/graphql?query=q&variables=%7Bnope');
    assert.equal(vars.status, 400);
    const body = await h.call('POST', '/api/v0/graphql', { body: '{"query":"query { User { name } }","operationName":"","variables":null}' });
    assert.deepEqual(JSON.parse(body.text), { data: { User: [] } });
    const err = await h.call('POST', '/api/v0/graphql', { body: '{"query":"query { Nope { x } }"}' });
    assert.equal(err.status, 200);
    const env = JSON.parse(err.text);
    assert.equal(env.data, null);
    assert.deepEqual(Object.keys(env.errors[0]), ['message']);
  });

  it('CCIP gateway wraps the GraphQL result in 0x-hex', async () => {
    const data = '0x' + Buffer.from(JSON.stringify({ query: 'query { User { name } }' })).toString('hex');
    const r = await h.call('POST', '/api/v0/ccip', { body: JSON.stringify({ sender: '0x1', data }) });
    const hex = JSON.parse(r.text).data as string;
    assert.deepEqual(JSON.parse(Buffer.from(hex.slice(2), 'hex').toString()), { data: { User: [] } });
  });

  it('indexes: create, list all, drop; errors', async () => {
    const c = await h.call('POST', '/api/v0/collections/User/indexes', { body: '{"Name":"n","Fields":[{"Name":"name","Descending":false}],"Unique":false}' });
    assert.equal(JSON.parse(c.text).Name, 'n');
    assert.deepEqual(Object.keys(JSON.parse((await h.call('GET', '/api/v0/collections/indexes')).text)), ['User']);
    assert.equal((await h.call('DELETE', '/api/v0/collections/User/indexes/n')).status, 200);
    const again = await h.call('DELETE', '/api/v0/collections/User/indexes/n');
    assert.match(JSON.parse(again.text).error, /^the index used does not match the given name/);
  });

  it('without facades: p2p disabled, ACP not configured, no node identity, purge refused', async () => {
    for (const [m, p] of [['GET', '/p2p/info'], ['POST', '/p2p/connect'], ['GET', '/p2p/active-peers'], ['GET', '/p2p/replicators'], ['POST', '/p2p/collections'], ['DELETE', '/p2p/documents'], ['POST', '/p2p/documents/sync']]) {
      const r = await h.call(m, '/api/v0' + p, { body: '[]' });
      assert.deepEqual([r.status, JSON.parse(r.text)], [400, { error: 'p2p network is disabled' }], p);
    }
    assert.deepEqual(JSON.parse((await h.call('GET', '/api/v0/acp/node/status')).text), { Status: 'not configured' });
    assert.equal((await h.call('POST', '/api/v0/acp/document/policy', { body: 'x' })).status, 400);
    assert.equal((await h.call('GET', '/api/v0/node/identity')).text, 'null\n');
    const purge = await h.call('POST', '/api/v0/purge');
    assert.deepEqual([purge.status, JSON.parse(purge.text)], [400, 'cannot purge database when development mode is disabled']);
    const v = await h.call('GET', '/api/v0/block/verify-signature?public-key=00');
    assert.deepEqual(JSON.parse(v.text), { error: 'required parameter cid is missing' });
  });
});
