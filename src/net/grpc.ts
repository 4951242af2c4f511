// `/defra/0.0.1`: gRPC (HTTP/2 cleartext) over a raw libp2p stream, CBOR codec (p2p.md §6.1).
// Server: every inbound stream is one HTTP/2 connection. Client: one cached connection per peer.
// HTTP/2 itself is `H2Connection` (plain JS); this file is the gRPC convention on top of it.

import type { Libp2p, Stream } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { chunkBytes } from './stream-io.ts';
import { H2Connection, type H2Request, type H2Reply, type H2Transport } from './h2-connection.ts';
import {
  decodeGrpcFrames, encodeGrpcFrame, GRPC_CONTENT_TYPE, GRPC_MAX_MESSAGE, PUSH_LOG_PATH, GET_IDENTITY_PATH,
  decodePushLog, encodePushLog, PUSH_LOG_REPLY, encodeGetIdentityRequest, decodeGetIdentityRequest,
  encodeGetIdentityReply, decodeGetIdentityReply, encodeHeaders, type Header, type PushLog,
} from './wire/index.ts';

export const DEFRA_PROTOCOL = '/defra/0.0.1';
/** Go `PushTimeout`. */
export const PUSH_TIMEOUT_MS = 10_000;

const OK = 0, UNKNOWN = 2, RESOURCE_EXHAUSTED = 8, UNIMPLEMENTED = 12, INTERNAL = 13;

export interface GrpcHandlers {
  pushLog(req: PushLog, fromPeer: string): Promise<void>;
  getIdentity(callerPeerID: string, fromPeer: string): Promise<Uint8Array | undefined>;
}

/** An H2 connection on a libp2p stream: bytes both ways, and the stream's end. */
function onStream(stream: Stream, make: (t: H2Transport) => H2Connection): H2Connection {
  const conn = make({
    send: (b) => stream.send(b),
    onDrain: () => stream.onDrain(),
    close: () => { if (stream.status === 'open') void stream.close().catch(() => stream.abort(new Error('closed'))); },
  });
  stream.addEventListener('message', (evt) => conn.receive(chunkBytes(evt.data)));
  stream.addEventListener('remoteCloseWrite', () => conn.peerEnded());
  stream.addEventListener('close', (evt) => conn.transportClosed(evt.error));
  return conn;
}

const RESPONSE_HEAD = encodeHeaders([[':status', '200'], ['content-type', GRPC_CONTENT_TYPE]]);
const OK_TRAILERS = encodeHeaders([['grpc-status', String(OK)]]);
const header = (hs: readonly Header[], name: string): string | undefined => hs.find(([n]) => n === name)?.[1];

export class GrpcServer {
  #libp2p: Libp2p;
  #handlers: GrpcHandlers;
  #conns = new Set<H2Connection>();

  constructor(libp2p: Libp2p, handlers: GrpcHandlers) {
    this.#libp2p = libp2p;
    this.#handlers = handlers;
  }

  async start(): Promise<void> {
    await this.#libp2p.handle(DEFRA_PROTOCOL, (stream, conn) => {
      // gostream's net.Conn reports the peer ID as the remote address; handlers get it too.
      const from = conn.remotePeer.toString();
      const h2 = onStream(stream, (t) => new H2Connection('server', t, {
        maxBody: GRPC_MAX_MESSAGE + 5,
        onRequest: (req, reply) => void serveCall(req, reply, from, this.#handlers),
        onClose: () => this.#conns.delete(h2),
      }));
      if (!h2.closed) this.#conns.add(h2);
    });
  }

  async stop(): Promise<void> {
    await this.#libp2p.unhandle(DEFRA_PROTOCOL);
    for (const c of this.#conns) c.close();
  }
}

async function serveCall(req: H2Request, reply: H2Reply, from: string, h: GrpcHandlers): Promise<void> {
  const path = header(req.headers, ':path') ?? '';
  const finish = (status: number, message: string, body?: Uint8Array) => {
    const trailers = status === OK ? OK_TRAILERS
      : encodeHeaders([['grpc-status', String(status)], ['grpc-message', encodeURIComponent(message)]]);
    reply.respond(RESPONSE_HEAD, body ? encodeGrpcFrame(body) : undefined, trailers);
  };
  try {
    if (req.overflow) { finish(RESOURCE_EXHAUSTED, `grpc: received message larger than max (${GRPC_MAX_MESSAGE})`); return; }
    const body = unaryMessage(req.body);
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

function unaryMessage(body: Uint8Array): Uint8Array {
  const { frames, rest } = decodeGrpcFrames(body);
  if (frames.length !== 1 || rest.length > 0) throw new Error('grpc: expected one message');
  return frames[0]!;
}

export class GrpcError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

/** A connection to one peer and the request header blocks built for it (one per method). */
interface Channel { h2: H2Connection; blocks: Map<string, Uint8Array> }

export class GrpcClient {
  #libp2p: Libp2p;
  #channels = new Map<string, Promise<Channel>>();

  constructor(libp2p: Libp2p) { this.#libp2p = libp2p; }

  async pushLog(peerID: string, msg: PushLog, timeoutMs = PUSH_TIMEOUT_MS): Promise<void> {
    await this.call(peerID, PUSH_LOG_PATH, encodePushLog(msg), timeoutMs);
  }

  async getIdentity(peerID: string, ownPeerID: string, timeoutMs = PUSH_TIMEOUT_MS): Promise<Uint8Array | undefined> {
    return decodeGetIdentityReply(await this.call(peerID, GET_IDENTITY_PATH, encodeGetIdentityRequest(ownPeerID), timeoutMs));
  }

  async call(peerID: string, path: string, body: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    const ch = await this.#channel(peerID, timeoutMs);
    let block = ch.blocks.get(path);
    if (!block) {
      block = encodeHeaders([
        [':method', 'POST'], [':scheme', 'http'], [':path', path], [':authority', peerID],
        ['content-type', GRPC_CONTENT_TYPE], ['te', 'trailers'],
      ]);
      ch.blocks.set(path, block);
    }
    let res;
    try {
      res = await ch.h2.request(block, encodeGrpcFrame(body), timeoutMs);
    } catch (err) {
      this.#drop(peerID, ch);
      throw err;
    }
    const httpStatus = header(res.headers, ':status');
    // trailers-only responses carry the status in the headers
    const status = header(res.trailers, 'grpc-status') ?? header(res.headers, 'grpc-status');
    if (httpStatus !== '200' && status === undefined) throw new Error(`grpc: ${path} answered HTTP ${httpStatus}`);
    if (status === undefined) throw new Error(`grpc: ${path} closed without status`);
    if (status !== '0') {
      const message = header(res.trailers, 'grpc-message') ?? header(res.headers, 'grpc-message') ?? '';
      throw new GrpcError(Number(status), safeDecodeURIComponent(message));
    }
    return decodeGrpcFrames(res.body).frames[0] ?? new Uint8Array();
  }

  close(): void {
    for (const [id, p] of this.#channels) p.then((ch) => this.#drop(id, ch), () => {});
    this.#channels.clear();
  }

  #channel(peerID: string, timeoutMs: number): Promise<Channel> {
    let p = this.#channels.get(peerID);
    if (!p) {
      p = (async () => {
        const signal = AbortSignal.timeout(timeoutMs);
        const stream = await this.#libp2p.dialProtocol(peerIdFromString(peerID), DEFRA_PROTOCOL, { signal });
        const ch: Channel = { h2: undefined as unknown as H2Connection, blocks: new Map() };
        ch.h2 = onStream(stream, (t) => new H2Connection('client', t, {
          maxBody: GRPC_MAX_MESSAGE + 5,
          onClose: () => this.#drop(peerID, ch),
        }));
        return ch;
      })();
      this.#channels.set(peerID, p);
      p.catch(() => this.#channels.delete(peerID));
    }
    return p;
  }

  #drop(peerID: string, ch: Channel): void {
    const cur = this.#channels.get(peerID);
    if (cur) cur.then((c) => { if (c === ch) this.#channels.delete(peerID); }, () => {});
    ch.h2.close();
  }
}

function safeDecodeURIComponent(s: string): string {
  try { return decodeURIComponent(s); } catch { return s; }
}
