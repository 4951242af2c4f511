import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefraError } from '../../client/index.ts';
import { createHttpClient, normaliseBaseUrl, reviveError } from './index.ts';

describe('http client', () => {
  it('adds http:// and /api/v0', () => {
    assert.equal(normaliseBaseUrl('127.0.0.1:9181').href, 'http://127.0.0.1:9181/api/v0');
    assert.equal(normaliseBaseUrl('https://node.test/').href, 'https://node.test/api/v0');
  });

  it('revives {error} into DefraErrors with the same message and known codes', () => {
    const e = reviveError(400, '{"error":"collection not found. Name: X"}\n');
    assert.ok(e instanceof DefraError);
    assert.deepEqual([e.message, e.code, e.status], ['collection not found. Name: X', 'collection-not-found', 400]);
    assert.equal(reviveError(400, '{"error":"transaction conflict. Please retry"}').code, 'txn-conflict');
    assert.equal(reviveError(400, '{"error":"something else"}').code, 'http-error');
    assert.equal(reviveError(502, 'bad gateway\n').message, '502: bad gateway');
    assert.equal(reviveError(404, '').message, '404: ');
    assert.equal(reviveError(400, '"a json string"').message, '400: "a json string"');
  });

  it('sends DefraDB headers: JSON types, tx id, bearer token with the host as audience', async () => {
    const seen: { url: string; method: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        seen.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(req.url?.startsWith('/api/v0/tx') && req.method === 'POST' && req.url.includes('read_only') ? '{"id":18446744073709551615}\n' : '[]\n');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    const client = createHttpClient(host, { token: (aud) => `tok-${aud}` });
    try {
      const txn = await client.newTxn(true);
      assert.equal(txn.idText, '18446744073709551615');
      await txn.getSchemas({ name: 'User' });
      await client.addSchema('type A {}');
      const last = seen.at(-1)!;
      assert.equal(seen[0].url, '/api/v0/tx?read_only=true');
      assert.equal(seen[1].url, '/api/v0/schema?name=User');
      assert.equal(seen[1].headers['x-defradb-tx'], '18446744073709551615');
      assert.equal(seen[1].headers.authorization, `Bearer tok-${host}`);
      assert.equal(seen[1].headers.accept, 'application/json');
      assert.equal(last.headers['x-defradb-tx'], undefined);
      assert.deepEqual([last.method, last.body], ['POST', 'type A {}']);
    } finally {
      await client.close();
      server.close();
    }
  });
});
