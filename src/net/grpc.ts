// `/defra/0.0.1`: gRPC (HTTP/2 cleartext) over a raw libp2p stream, CBOR codec (p2p.md §6.1).
// Server: every inbound stream is one HTTP/2 connection. Client: one cached connection per peer.

import http2 from 'node:http2';
import type { Libp2p } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { streamToDuplex } from './stream-io.ts';
import {
  decodeGrpcFrames, encodeGrpcFrame, GRPC_CONTENT_TYPE, GRPC_MAX_MESSAGE, PUSH_LOG_PATH, GET_IDENTITY_PATH,
  decodePushLog, encodePushLog, PUSH_LOG_REPLY, encodeGetIdentityRequest, decodeGetIdentityRequest,
  encodeGetIdentityReply, decodeGetIdentityReply, concatBytes, type PushLog,
} from './wire/index.ts';

export const DEFRA_PROTOCOL = '/defra/0.0.1';
/** Go `PushTimeout`. */
export const PUSH_TIMEOUT_MS = 10_000;

const OK = 0, UNKNOWN = 2, UNIMPLEMENTED = 12, INTERNAL = 13;
const MAX_STREAMS = 4096;

export interface GrpcHandlers {
  pushLog(req: PushLog, fromPeer: string): Promise<void>;
  getIdentity(callerPeerID: string, fromPeer: string): Promise<Uint8Array | undefined>;
}

export class GrpcServer {
  #server = http2.createServer({ maxSessionMemory: 64 });
  #libp2p: Libp2p;

  constructor(libp2p: Libp2p, handlers: GrpcHandlers) {
    this.#libp2p = libp2p;
    this.#server.on('stream', (s, headers) => {
      const from = remotePeerOf(s.session?.socket);
      void serveCall(s, String(headers[':path']), from, handlers);
    });
    this.#server.on('sessionError', () => {});
  }

  async start(): Promise<void> {
    await this.#libp2p.handle(DEFRA_PROTOCOL, (stream, conn) => {
      const duplex = streamToDuplex(stream);
      // gostream's net.Conn reports the peer ID as the remote address; handlers read it back.
      Object.assign(duplex, { remoteAddress: conn.remotePeer.toString() });
      duplex.on('error', () => {});
      this.#server.emit('connection', duplex);
    });
  }

  async stop(): Promise<void> {
    await this.#libp2p.unhandle(DEFRA_PROTOCOL);
  }
}

/** Node wraps a non-net Duplex in a JSStreamSocket (`.stream` is ours). */
function remotePeerOf(socket: unknown): string {
  const sock = socket as { remoteAddress?: string; stream?: { remoteAddress?: string } } | undefined;
  return String(sock?.remoteAddress ?? sock?.stream?.remoteAddress ?? '');
}

async function serveCall(s: http2.ServerHttp2Stream, path: string, from: string, h: GrpcHandlers): Promise<void> {
  s.on('error', () => {});
  const finish = (status: number, message: string, body?: Uint8Array) => {
    if (s.destroyed || s.closed) return;
    s.respond({ ':status': 200, 'content-type': GRPC_CONTENT_TYPE }, { waitForTrailers: true });
    s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': String(status), 'grpc-message': encodeURIComponent(message) }));
    s.end(body ? encodeGrpcFrame(body) : undefined);
  };
  try {
    const body = await readUnary(s);
    if (path === PUSH_LOG_PATH) {
      await h.pushLog(decodePushLog(body), from);
      finish(OK, '', PUSH_LOG_REPLY);
    } else if (path === GET_IDENTITY_PATH) {
      finish(OK, '', encodeGetIdentityReply(await h.getIdentity(decodeGetIdentityRequest(body), from)));
    } else {
      finish(UNIMPLEMENTED, `unknown method ${path}`);
    }
  } catch (err) {
    finish(path === PUSH_LOG_PATH || path === GET_IDENTITY_PATH ? UNKNOWN : INTERNAL, (err as Error).message);
  }
}

function readUnary(s: http2.Http2Stream): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let size = 0;
    s.on('data', (d: Uint8Array) => {
      size += d.length;
      if (size > GRPC_MAX_MESSAGE + 5) { reject(new Error('grpc: message too large')); s.close(); return; }
      parts.push(d);
    });
    s.on('end', () => {
      try {
        const { frames, rest } = decodeGrpcFrames(concatBytes(parts));
        if (frames.length !== 1 || rest.length > 0) throw new Error('grpc: expected one message');
        resolve(frames[0]);
      } catch (err) { reject(err); }
    });
    s.on('error', reject);
  });
}

export class GrpcError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export class GrpcClient {
  #libp2p: Libp2p;
  #sessions = new Map<string, Promise<http2.ClientHttp2Session>>();

  constructor(libp2p: Libp2p) { this.#libp2p = libp2p; }

  async pushLog(peerID: string, msg: PushLog, timeoutMs = PUSH_TIMEOUT_MS): Promise<void> {
    await this.call(peerID, PUSH_LOG_PATH, encodePushLog(msg), timeoutMs);
  }

  async getIdentity(peerID: string, ownPeerID: string, timeoutMs = PUSH_TIMEOUT_MS): Promise<Uint8Array | undefined> {
    return decodeGetIdentityReply(await this.call(peerID, GET_IDENTITY_PATH, encodeGetIdentityRequest(ownPeerID), timeoutMs));
  }

  async call(peerID: string, path: string, body: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const signal = AbortSignal.timeout(timeoutMs);
    const session = await this.#session(peerID, signal);
    try {
      return await unaryCall(session, peerID, path, body, signal);
    } catch (err) {
      if (!(err instanceof GrpcError)) this.#drop(peerID, session);
      throw err;
    }
  }

  close(): void {
    for (const [id, p] of this.#sessions) p.then((s) => this.#drop(id, s), () => {});
    this.#sessions.clear();
  }

  #session(peerID: string, signal: AbortSignal): Promise<http2.ClientHttp2Session> {
    let p = this.#sessions.get(peerID);
    if (!p) {
      p = (async () => {
        const stream = await this.#libp2p.dialProtocol(peerIdFromString(peerID), DEFRA_PROTOCOL, { signal });
        const duplex = streamToDuplex(stream);
        duplex.on('error', () => {});
        // Until the server's SETTINGS say otherwise, node assumes it allows 100 concurrent
        // streams; DefraDB's (and our) server announce no limit, which means unlimited, so
        // assume a limit above the replicator's window instead.
        const session = http2.connect(`http://${peerID}`, { createConnection: () => duplex as never, peerMaxConcurrentStreams: MAX_STREAMS });
        session.on('error', () => this.#drop(peerID, session));
        session.on('close', () => this.#drop(peerID, session));
        session.on('goaway', () => this.#drop(peerID, session));
        return session;
      })();
      this.#sessions.set(peerID, p);
      p.catch(() => this.#sessions.delete(peerID));
    }
    return p;
  }

  #drop(peerID: string, session: http2.ClientHttp2Session): void {
    const cur = this.#sessions.get(peerID);
    if (cur) cur.then((s) => { if (s === session) this.#sessions.delete(peerID); }, () => {});
    if (!session.destroyed) session.destroy();
  }
}

function unaryCall(session: http2.ClientHttp2Session, authority: string, path: string, body: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const req = session.request({
      ':method': 'POST', ':path': path, ':authority': authority, ':scheme': 'http',
      'content-type': GRPC_CONTENT_TYPE, te: 'trailers',
    }, { signal });
    const parts: Uint8Array[] = [];
    let status: string | undefined;
    let message = '';
    const take = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) {
        status = String(h['grpc-status']);
        message = decodeURIComponent(String(h['grpc-message'] ?? ''));
      }
    };
    req.on('response', take);
    req.on('trailers', take);
    req.on('data', (d: Uint8Array) => parts.push(d));
    req.on('error', reject);
    req.on('close', () => {
      if (status === undefined) { reject(new Error(`grpc: ${path} closed without status`)); return; }
      if (status !== '0') { reject(new GrpcError(Number(status), message)); return; }
      try {
        const { frames } = decodeGrpcFrames(concatBytes(parts));
        resolve(frames[0] ?? new Uint8Array());
      } catch (err) { reject(err); }
    });
    req.end(encodeGrpcFrame(body));
  });
}
