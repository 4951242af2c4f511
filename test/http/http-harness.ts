// Test helpers for route-level HTTP tests: a server over the fake store on a free port, and a raw
// request function returning status, headers and body text.

import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { createHttpServer } from '../../src/http/index.ts';
import type { HttpServer, HttpServerOptions } from '../../src/http/index.ts';
import { FakeStore } from './fake-store.ts';

export interface Harness {
  server: HttpServer;
  store: FakeStore;
  call(method: string, path: string, opts?: { body?: string; headers?: Record<string, string> }): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawResponse { status: number; headers: IncomingHttpHeaders; text: string }

export function rawRequest(url: string, method: string, opts: { body?: string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...(opts.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(opts.body)) } : {}), ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export async function startHarness(opts: Partial<HttpServerOptions> = {}, schema = 'type User { name: String age: Int }'): Promise<Harness> {
  const store = (opts.store as FakeStore | undefined) ?? new FakeStore();
  if (schema) await store.addSchema(schema);
  const server = createHttpServer({ address: '127.0.0.1:0', ...opts, store });
  await server.listen();
  return {
    server,
    store,
    call: (method, path, o) => rawRequest(server.url + path, method, o),
    close: () => server.close(),
  };
}
