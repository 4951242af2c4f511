// The node's HTTP(S) listener around a request handler: TLS per security.md §(g), and a graceful
// close that stops accepting, lets in-flight requests finish, then drops idle keep-alives.
import { createServer as createHttp } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { ListenAddress } from './settings.ts';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpListener {
  readonly server: Server;
  /** `http://127.0.0.1:9181` (the actually bound port when 0 was asked for). */
  readonly url: string;
  readonly port: number;
  /** Stop accepting, wait up to `graceMs` for in-flight requests, then cut what is left. */
  close(graceMs?: number): Promise<void>;
}

// ECDHE with AES-GCM or ChaCha20-Poly1305 only, TLS >= 1.2 (DefraDB's fixed list).
const CIPHERS = [
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
].join(':');

export async function listen(handler: RequestHandler, address: ListenAddress,
  tls?: { certPath: string; keyPath: string }): Promise<HttpListener> {
  const server: Server = tls
    ? createHttps({ cert: readFileSync(tls.certPath), key: readFileSync(tls.keyPath), minVersion: 'TLSv1.2', ciphers: CIPHERS }, handler)
    : createHttp(handler);
  // Long-lived subscription streams must not be cut by Node's default request timeout.
  server.requestTimeout = 0;
  await new Promise<void>((resolveListen, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(e.code === 'EADDRINUSE'
        ? new Error(`failed to listen on ${address.host}:${address.port}: address already in use`)
        : e);
    };
    server.once('error', onError);
    server.listen(address.port, address.host, () => {
      server.off('error', onError);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.host.includes(':') ? `[${address.host}]` : address.host;
  return {
    server,
    port,
    url: `${tls ? 'https' : 'http'}://${host}:${port}`,
    close: (graceMs = 5000) => new Promise<void>((done) => {
      let finished = false;
      const timer = setTimeout(() => {
        server.closeAllConnections();
      }, graceMs);
      timer.unref();
      server.close(() => {
        finished = true;
        clearTimeout(timer);
        done();
      });
      // Idle keep-alive sockets would otherwise hold close() open until they time out.
      if (!finished) server.closeIdleConnections();
    }),
  };
}
