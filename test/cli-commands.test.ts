// The `client …` commands against a recording fake node: each command sends the route, body and
// headers DefraDB's CLI sends, and prints what the route answers (http-cli.md A.6 / B.2).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/cli/run.ts';
import { setOutput } from '../src/cli/context.ts';
import { parsePeerInfo } from '../src/cli/client-p2p.ts';

interface Seen { method: string; url: string; headers: Record<string, string | string[] | undefined>; body: string }
let seen: Seen[] = [];
let reply: (s: Seen) => { status?: number; body?: string; type?: string } = () => ({});
let url = '';
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    const s = { method: req.method!, url: req.url!, headers: req.headers, body };
    seen.push(s);
    const r = reply(s);
    res.writeHead(r.status ?? 200, { 'Content-Type': r.type ?? 'application/json' });
    res.end(r.body ?? '');
  });
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => { server.close(); });

async function cli(...args: string[]) {
  seen = [];
  const out: string[] = [];
  const notes: string[] = [];
  let err = '';
  setOutput({ json: (v) => out.push(JSON.stringify(v, (_k, x) => typeof x === 'bigint' ? `${x}n` : x)), text: (l) => out.push(l), note: (l) => notes.push(l) });
  const code = await run([...args, '--url', url], (s) => { err += s; });
  return { code, out, notes, err };
}

test('schema add posts the SDL as text and prints the versions', async () => {
  reply = () => ({ body: '[{"Name":"User"}]\n' });
  const r = await cli('client', 'schema', 'add', 'type User { name: String }');
  assert.equal(r.code, 0);
  assert.deepEqual(seen.map((s) => [s.method, s.url, s.body, s.headers['content-type']]),
    [['POST', '/api/v0/schema', 'type User { name: String }', 'text/plain']]);
  assert.deepEqual(r.out, ['[{"Name":"User"}]']);
  // 1.0 spelling: `collection add`, from a file
  const dir = mkdtempSync(join(tmpdir(), 'cli-'));
  writeFileSync(join(dir, 's.graphql'), 'type A { x: Int }');
  await cli('client', 'collection', 'add', '-f', join(dir, 's.graphql'));
  assert.equal(seen[0]!.body, 'type A { x: Int }');
});

test('query sends {query, operationName, variables}; header on stderr, JSON on stdout; big ints exact', async () => {
  reply = () => ({ body: '{"data":{"User":[{"age":9007199254740993}]}}' });
  const r = await cli('client', 'query', 'query Q($a: Int) { User { age } }', '-o', 'Q', '-v', '{"a": 1}');
  assert.deepEqual(JSON.parse(seen[0]!.body), { query: 'query Q($a: Int) { User { age } }', operationName: 'Q', variables: { a: 1 } });
  assert.equal(seen[0]!.url, '/api/v0/graphql');
  assert.deepEqual(r.notes, ['------ Request Results ------']);
  assert.deepEqual(r.out, ['{"data":{"User":[{"age":"9007199254740993n"}]}}']);
});

test('errors: {"error"} envelope → one Error line and exit 1; unreachable node; usage errors', async () => {
  reply = () => ({ status: 400, body: '{"error":"collection not found"}' });
  const r = await cli('client', 'schema', 'describe', '--name', 'X');
  assert.equal(r.code, 1);
  assert.equal(r.err, 'Error: collection not found\n');
  assert.equal(seen[0]!.url, '/api/v0/schema?name=X');
  const u = await cli('client', 'nope');
  assert.equal(u.code, 1);
  assert.match(u.err, /^Error: unknown command 'nope'/);
  const bad = await run(['client', 'ping', '--url', '127.0.0.1:9'], () => {});
  assert.equal(bad, 1);
});

test('collection commands resolve the collection, then use its routes', async () => {
  reply = (s) => s.url.startsWith('/api/v0/collections?') ? { body: '[{"version":{"Name":"User"},"schema":{}}]' }
    : s.method === 'PATCH' && s.url === '/api/v0/collections/User' ? { body: '{"Count":1,"DocIDs":["bae-1"]}' } : {};
  let r = await cli('client', 'collection', 'create', '--name', 'User', '{"name":"Bob"}');
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(seen.map((s) => `${s.method} ${s.url} ${s.body}`), [
    'GET /api/v0/collections?name=User ', 'POST /api/v0/collections/User {"name":"Bob"}']);
  r = await cli('client', 'collection', 'update', '--name', 'User', '--filter', '{"name":{"_eq":"Bob"}}', '--updater', '{"age":3}');
  assert.deepEqual(JSON.parse(seen[1]!.body), { filter: { name: { _eq: 'Bob' } }, updater: '{"age":3}' });
  assert.deepEqual(r.out, ['{"Count":1,"DocIDs":["bae-1"]}']);
  await cli('client', 'collection', 'delete', '--name', 'User', '--docID', 'bae-1');
  assert.equal(`${seen[1]!.method} ${seen[1]!.url}`, 'DELETE /api/v0/collections/User/bae-1');
  await cli('client', 'collection', 'describe', '--name', 'User', '--get-inactive');
  assert.equal(seen[0]!.url, '/api/v0/collections?name=User&get_inactive=true');
  await cli('client', 'collection', 'patch', '[{"op":"add"}]');
  assert.deepEqual(JSON.parse(seen[0]!.body), '[{"op":"add"}]'); // double-encoded
  reply = () => ({ body: '[]' });
  r = await cli('client', 'collection', 'get', '--name', 'Nope', 'bae-1');
  assert.equal(r.err, 'Error: collection not found\n');
});

test('docIDs reads the SSE stream', async () => {
  reply = (s) => s.url.startsWith('/api/v0/collections?') ? { body: '[{"version":{"Name":"User"}}]' }
    : { type: 'text/event-stream', body: 'data: {"docID":"bae-1","error":""}\n\ndata: {"docID":"bae-2","error":""}\n\n' };
  const r = await cli('client', 'collection', 'docIDs', '--name', 'User');
  assert.deepEqual(r.out, ['{"docID":"bae-1","error":""}', '{"docID":"bae-2","error":""}']);
});

test('index, tx, backup, p2p and acp routes and bodies', async () => {
  reply = () => ({ body: '{"id":7}' });
  await cli('client', 'index', 'create', '-c', 'User', '--fields', 'name,age:DESC', '-n', 'ix', '-u');
  assert.deepEqual([seen[0]!.url, JSON.parse(seen[0]!.body)], ['/api/v0/collections/User/indexes',
    { Name: 'ix', Fields: [{ Name: 'name', Descending: false }, { Name: 'age', Descending: true }], Unique: true }]);
  await cli('client', 'index', 'drop', '-c', 'User', '-n', 'ix');
  assert.equal(`${seen[0]!.method} ${seen[0]!.url}`, 'DELETE /api/v0/collections/User/indexes/ix');
  const tx = await cli('client', 'tx', 'create', '--read-only');
  assert.equal(seen[0]!.url, '/api/v0/tx?read_only=true');
  assert.deepEqual(tx.out, ['{"id":7}']);
  await cli('client', 'query', '{ User { name } }', '--tx', '7');
  assert.equal(seen[0]!.headers['x-defradb-tx'], '7');
  await cli('client', 'backup', 'export', '--pretty', '-c', 'User,Book', 'out.json');
  const b = JSON.parse(seen[0]!.body);
  assert.equal(b.filepath, join(process.cwd(), 'out.json'));
  assert.deepEqual([b.pretty, b.format, b.collections], [true, 'json', ['User', 'Book']]);
  await cli('client', 'p2p', 'replicator', 'set', '-c', 'Article', '/ip4/127.0.0.1/tcp/9172/p2p/12D3KooWabc');
  assert.deepEqual(JSON.parse(seen[0]!.body), { Info: { ID: '12D3KooWabc', Addrs: ['/ip4/127.0.0.1/tcp/9172'] }, Collections: ['Article'] });
  await cli('client', 'p2p', 'collection', 'add', 'User,Book');
  assert.deepEqual([seen[0]!.method, seen[0]!.url, JSON.parse(seen[0]!.body)], ['POST', '/api/v0/p2p/collections', ['User', 'Book']]);
  reply = () => ({ body: '{"ID":"12D3KooWabc","Addrs":["/ip4/127.0.0.1/tcp/9171"]}' });
  const info = await cli('client', 'p2p', 'info');
  assert.deepEqual(info.out, ['["/ip4/127.0.0.1/tcp/9171/p2p/12D3KooWabc"]']);
  reply = () => ({ body: '{"ExistedAlready":false}' });
  const rel = await cli('client', 'acp', 'relationship', 'add', '-c', 'User', '--docID', 'bae-1', '-r', 'reader', '-a', 'did:key:z');
  assert.deepEqual(JSON.parse(seen[0]!.body), { CollectionName: 'User', DocID: 'bae-1', Relation: 'reader', TargetActor: 'did:key:z' });
  assert.deepEqual(rel.out, ['{"ExistedAlready":false}']);
});

test('identity flag sends a bearer token for the node address', async () => {
  reply = () => ({ body: 'null' });
  await cli('client', 'node-identity', '-i', 'e3b722906ee4e56368f581cd8b18ab0f48af1ea53e635e3f7b8acd076676f6ac');
  const auth = String(seen[0]!.headers.authorization);
  assert.match(auth, /^Bearer eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJKV1QifQ\./);
  const claims = JSON.parse(Buffer.from(auth.split('.')[1]!, 'base64url').toString());
  assert.deepEqual(claims.aud, [url]);
  assert.equal(claims.exp - claims.iat, 900);
});

test('peer info parsing: AddrInfo JSON or multiaddrs with /p2p/', () => {
  assert.deepEqual(parsePeerInfo(['{"ID":"Q","Addrs":["/ip4/1.2.3.4/tcp/1"]}']), { ID: 'Q', Addrs: ['/ip4/1.2.3.4/tcp/1'] });
  assert.deepEqual(parsePeerInfo(['/ip4/1.2.3.4/tcp/1/p2p/Q', '/ip4/5.6.7.8/tcp/2/p2p/Q']), { ID: 'Q', Addrs: ['/ip4/1.2.3.4/tcp/1', '/ip4/5.6.7.8/tcp/2'] });
  assert.throws(() => parsePeerInfo(['/ip4/1.2.3.4/tcp/1']), /\/p2p\/<peerID>/);
});
