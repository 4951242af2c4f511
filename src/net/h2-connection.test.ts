// H2Connection against node:http2 (nghttp2), a complete HTTP/2 implementation, in both roles:
// Huffman strings, the dynamic table, CONTINUATION, flow control and stream limits are all
// exercised by its side, not by ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import net from 'node:net';
import { once } from 'node:events';
import { H2Connection, type H2Options } from './h2-connection.ts';
import { encodeHeaders, type Header } from './wire/index.ts';

function onSocket(sock: net.Socket, role: 'client' | 'server', opts: H2Options = {}): H2Connection {
  const conn = new H2Connection(role, {
    send: (b) => sock.write(b),
    onDrain: () => once(sock, 'drain').then(() => {}),
    close: () => sock.end(),
  }, opts);
  sock.on('data', (d: Buffer) => conn.receive(d));
  sock.on('end', () => conn.peerEnded());
  sock.on('close', () => conn.transportClosed());
  sock.on('error', () => {});
  return conn;
}

const body = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const get = (hs: Header[], name: string) => hs.find(([n]) => n === name)?.[1];

async function listen(server: net.Server | http2.Http2Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

test('our client against node:http2: concurrent calls, large bodies, headers and trailers', async () => {
  const server = http2.createServer({ settings: { maxConcurrentStreams: 7 } });
  server.on('stream', (s, headers) => {
    const parts: Buffer[] = [];
    s.on('data', (d: Buffer) => parts.push(d));
    s.on('end', () => {
      const got = Buffer.concat(parts);
      s.respond({ ':status': 200, 'content-type': 'application/grpc+cbor', 'x-path': String(headers[':path']) }, { waitForTrailers: true });
      s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0', 'x-len': String(got.length), 'x-long': 'v'.repeat(5000) }));
      s.end(Buffer.from(got).reverse());
    });
  });
  const port = await listen(server);
  const sock = net.connect(port, '127.0.0.1');
  await once(sock, 'connect');
  const conn = onSocket(sock, 'client');
  try {
    const sizes = [0, 1, 100, 16_384, 16_385, 70_000, 300_000, ...Array.from({ length: 200 }, (_, i) => 50 + i * 13)];
    const calls = sizes.map(async (n, i) => {
      const path = `/svc/M${i % 3}`;
      const block = encodeHeaders([[':method', 'POST'], [':scheme', 'http'], [':path', path], [':authority', 'peer'], ['content-type', 'application/grpc+cbor']]);
      const sent = body(n, i);
      const res = await conn.request(block, sent, 10_000);
      assert.equal(get(res.headers, ':status'), '200');
      assert.equal(get(res.headers, 'x-path'), path);
      assert.equal(get(res.trailers, 'x-len'), String(n));
      assert.equal(get(res.trailers, 'x-long'), 'v'.repeat(5000));
      assert.deepEqual(res.body, sent.slice().reverse());
    });
    await Promise.all(calls);
  } finally {
    conn.close();
    sock.destroy();
    await new Promise((r) => server.close(r));
  }
});

test('node:http2 client against our server: concurrent calls, large bodies, long headers', async () => {
  const server = net.createServer((sock) => {
    onSocket(sock, 'server', {
      onRequest(req, reply) {
        const trailers = encodeHeaders([['grpc-status', '0'], ['x-len', String(req.body.length)], ['x-echo', get(req.headers, 'x-echo') ?? '']]);
        reply.respond(encodeHeaders([[':status', '200'], ['x-path', get(req.headers, ':path') ?? '']]), req.body.slice().reverse(), trailers);
      },
    });
  });
  const port = await listen(server);
  const client = http2.connect(`http://127.0.0.1:${port}`);
  try {
    const sizes = [0, 7, 16_384, 100_000, 2_500_000, ...Array.from({ length: 200 }, (_, i) => 30 + i * 17)];
    await Promise.all(sizes.map((n, i) => new Promise<void>((resolve, reject) => {
      const echo = i === 3 ? 'e'.repeat(40_000) : `hdr-${i}-ÿ~!`; // 40 KB: CONTINUATION frames
      const req = client.request({ ':method': 'POST', ':path': `/p/${i}`, 'x-echo': echo });
      const parts: Buffer[] = [];
      let head: http2.IncomingHttpHeaders = {};
      let trailers: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => { head = h; });
      req.on('trailers', (t) => { trailers = t; });
      req.on('data', (d: Buffer) => parts.push(d));
      req.on('error', reject);
      req.on('end', () => {
        try {
          assert.equal(head[':status'], 200);
          assert.equal(head['x-path'], `/p/${i}`);
          assert.equal(trailers['x-len'], String(n));
          assert.equal(trailers['x-echo'], echo); // node writes and reads header values as latin-1
          assert.deepEqual(new Uint8Array(Buffer.concat(parts)), body(n, i).reverse());
          resolve();
        } catch (err) { reject(err); }
      });
      req.end(body(n, i));
    })));
  } finally {
    client.close();
    await new Promise((r) => server.close(r));
  }
});

test('a call with no answer times out; a closed connection fails its calls and refuses new ones', async () => {
  const server = net.createServer((sock) => { onSocket(sock, 'server', { onRequest() { /* never answers */ } }); });
  const port = await listen(server);
  const sock = net.connect(port, '127.0.0.1');
  await once(sock, 'connect');
  const conn = onSocket(sock, 'client');
  const block = encodeHeaders([[':method', 'POST'], [':scheme', 'http'], [':path', '/x'], [':authority', 'a']]);
  try {
    await assert.rejects(conn.request(block, body(10, 1), 100), /timed out/);
    const pending = conn.request(block, body(10, 2));
    setTimeout(() => sock.destroy(), 20);
    await assert.rejects(pending, /closed/);
    await assert.rejects(conn.request(block, body(1, 3)), /closed/);
  } finally {
    sock.destroy();
    await new Promise((r) => server.close(r));
  }
});

test('a peer that breaks the protocol gets GOAWAY and the connection ends', async () => {
  let closedWith: Error | undefined;
  const sent: Uint8Array[] = [];
  const conn = new H2Connection('server', { send: (b) => (sent.push(b), true), onDrain: async () => {}, close: () => {} },
    { onClose: (err) => { closedWith = err; } });
  conn.receive(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
  assert.ok(conn.closed);
  assert.match(String(closedWith), /preface/);
  const all = Buffer.concat(sent);
  assert.ok(all.includes(Buffer.from([0, 0, 8, 7])), 'a GOAWAY frame was written');
});

test('GOAWAY: calls above the last stream fail at once, those below still complete, then the connection closes', async () => {
  const { encodeFrame, encodeGoaway, encodeSettings, FrameType, Flag } = await import('./wire/index.ts');
  let closed = false;
  const conn = new H2Connection('client', { send: () => true, onDrain: async () => {}, close: () => { closed = true; } });
  const block = encodeHeaders([[':method', 'POST'], [':scheme', 'http'], [':path', '/x'], [':authority', 'a']]);
  const first = conn.request(block, body(3, 1));
  const second = conn.request(block, body(3, 2));
  conn.receive(encodeSettings([]));
  conn.receive(encodeGoaway(1, 0));
  await assert.rejects(second, /going away/);
  await assert.rejects(conn.request(block, body(1, 3)), /closed/);
  assert.equal(closed, false, 'stream 1 is still running');
  const head = encodeHeaders([[':status', '200']]);
  conn.receive(encodeFrame(FrameType.HEADERS, Flag.END_HEADERS, 1, head));
  conn.receive(encodeFrame(FrameType.DATA, 0, 1, Uint8Array.of(9, 8)));
  conn.receive(encodeFrame(FrameType.HEADERS, Flag.END_HEADERS | Flag.END_STREAM, 1, encodeHeaders([['grpc-status', '0']])));
  const res = await first;
  assert.deepEqual([...res.body], [9, 8]);
  assert.deepEqual(res.trailers, [['grpc-status', '0']]);
  assert.equal(closed, true);
});
