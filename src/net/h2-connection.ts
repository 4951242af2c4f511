// An HTTP/2 connection (RFC 9113) for unary calls, in plain JS over any byte transport: what the
// gRPC of `/defra/0.0.1` runs on (p2p.md §6.1). A request and its response are each buffered
// whole (gRPC unary). Flow control is honoured both ways, header blocks may span CONTINUATION
// frames, and every frame written in one event-loop turn leaves as one transport message
// (one muxer frame, one encryption, one socket write).
//
// Why not node:http2: on a libp2p stream it runs through a JS stream adapter, and the
// adapter plus a Node stream per call cost more than the calls' own work; it is also Node-only.

import {
  H2_PREFACE, FrameType, Flag, Setting, H2Error, FRAME_HEADER, DEFAULT_WINDOW, DEFAULT_MAX_FRAME, MAX_WINDOW,
  readFrameHeader, readUint31, encodeFrame, encodeSettings, decodeSettings, encodeWindowUpdate, encodeRstStream,
  encodeGoaway, concatBytes, HpackDecoder, HpackError, type Header,
} from './wire/index.ts';

/** Where the connection's bytes go. `send` returning false asks for a pause until `onDrain`. */
export interface H2Transport {
  send(bytes: Uint8Array): boolean;
  onDrain(): Promise<void>;
  close(): void;
}

export interface H2Response { headers: Header[]; body: Uint8Array; trailers: Header[] }
export interface H2Request { headers: Header[]; body: Uint8Array; /** The body passed `maxBody` (it is dropped). */ overflow: boolean }

/** The server's side of one call: answer once (a later call, or one after a reset, does nothing). */
export interface H2Reply {
  respond(headerBlock: Uint8Array, body?: Uint8Array, trailerBlock?: Uint8Array): void;
}

export interface H2Options {
  /** Server: called once per complete request. */
  onRequest?: (req: H2Request, reply: H2Reply) => void;
  /** Called once when the connection ends, for whatever reason. */
  onClose?: (err?: Error) => void;
  /** Largest request/response body kept (larger ones are dropped, `overflow` set). */
  maxBody?: number;
}

export class H2ConnectionError extends Error {}

/** Per-stream receive window we announce, and the connection window we raise ours to. */
const STREAM_WINDOW = 1 << 20;
const CONNECTION_WINDOW = 8 << 20;
const MAX_HEADER_BLOCK = 256 * 1024;
const SWEEP_MS = 500;
const EMPTY: Uint8Array = new Uint8Array(0);
/** A copy as a plain Uint8Array (a Node Buffer's own `slice` would return a view). */
const copyOf = (b: Uint8Array, from: number, to: number): Uint8Array => new Uint8Array(b.subarray(from, to));

type OutItem = { headers: Uint8Array; end: boolean } | { data: Uint8Array; at: number; end: boolean };

interface Stream {
  id: number;
  sendWindow: number;
  recvUnacked: number;
  headers?: Header[];
  trailers: Header[];
  body: Uint8Array[];
  bodyBytes: number;
  overflow: boolean;
  out: OutItem[];
  /** Client: settles the call. */
  done?: (err: Error | undefined, res?: H2Response) => void;
  /** Client: the call, kept to retry it if the peer refuses the stream unprocessed. */
  call?: Waiting;
  deadline: number;
  /** Server: a response was given (or the stream reset). */
  answered: boolean;
}

interface Waiting { block: Uint8Array; body: Uint8Array; deadline: number; done: (err: Error | undefined, res?: H2Response) => void }

const schedule: (fn: () => void) => void =
  (globalThis as { setImmediate?: (fn: () => void) => void }).setImmediate ?? ((fn) => setTimeout(fn, 0));

export class H2Connection {
  readonly #client: boolean;
  readonly #t: H2Transport;
  readonly #o: H2Options;
  readonly #maxBody: number;
  readonly #decoder = new HpackDecoder();
  #streams = new Map<number, Stream>();
  #nextId = 1;
  #lastPeerId = 0;
  #closed = false;
  #goaway = false;

  // receive side
  #in: Uint8Array = EMPTY;
  #prefaceLeft: number;
  #recvUnacked = 0;
  #block?: { stream: number; flags: number; parts: Uint8Array[]; bytes: number };

  // send side
  #sendWindow = DEFAULT_WINDOW;
  #peerInitialWindow = DEFAULT_WINDOW;
  #peerMaxFrame = DEFAULT_MAX_FRAME;
  #peerMaxStreams = Infinity;
  #blocked = new Set<Stream>();
  #waiting: Waiting[] = [];
  #out: Uint8Array[] = [];
  #flushScheduled = false;
  #draining = false;
  #sweep?: ReturnType<typeof setInterval>;

  constructor(role: 'client' | 'server', transport: H2Transport, opts: H2Options = {}) {
    this.#client = role === 'client';
    this.#t = transport;
    this.#o = opts;
    this.#maxBody = opts.maxBody ?? Infinity;
    this.#prefaceLeft = this.#client ? 0 : H2_PREFACE.length;
    if (this.#client) this.#write(H2_PREFACE);
    const settings: Array<[number, number]> = [[Setting.INITIAL_WINDOW_SIZE, STREAM_WINDOW]];
    if (this.#client) settings.unshift([Setting.ENABLE_PUSH, 0]);
    this.#write(encodeSettings(settings));
    this.#write(encodeWindowUpdate(0, CONNECTION_WINDOW - DEFAULT_WINDOW));
  }

  get closed(): boolean { return this.#closed; }

  /** Client: one call. `headerBlock` is HPACK-encoded (see `encodeHeaders`); the body is sent
   *  with END_STREAM. Rejects when the stream is reset, the connection ends, or time runs out. */
  request(headerBlock: Uint8Array, body: Uint8Array, timeoutMs = Infinity): Promise<H2Response> {
    return new Promise((resolve, reject) => {
      const done = (err: Error | undefined, res?: H2Response) => (err ? reject(err) : resolve(res!));
      if (this.#closed || this.#goaway) { reject(new H2ConnectionError('http2: connection closed')); return; }
      const w: Waiting = { block: headerBlock, body, deadline: performance.now() + timeoutMs, done };
      if (timeoutMs !== Infinity) this.#startSweep();
      if (this.#streams.size >= this.#peerMaxStreams) this.#waiting.push(w);
      else this.#open(w);
    });
  }

  /** Sends GOAWAY and closes the transport once what is queued has been written. */
  close(): void {
    if (this.#closed) return;
    this.#write(encodeGoaway(this.#lastPeerId, H2Error.NO_ERROR));
    this.#end(new H2ConnectionError('http2: connection closed'), true);
  }

  /** The peer closed its side of the transport: a server finishes the calls it has and then
   *  closes; a client's calls can get no answer any more. */
  peerEnded(): void {
    if (this.#client) { this.transportClosed(); return; }
    this.#goaway = true;
    if (this.#streams.size === 0) this.close();
  }

  /** The transport ended (or failed). */
  transportClosed(err?: Error): void {
    this.#end(err ?? new H2ConnectionError('http2: connection closed'), false);
  }

  /** Bytes from the peer. */
  receive(chunk: Uint8Array): void {
    if (this.#closed) return;
    try {
      this.#receive(chunk);
    } catch (err) {
      const code = err instanceof HpackError ? H2Error.COMPRESSION_ERROR
        : err instanceof FrameSizeError ? H2Error.FRAME_SIZE_ERROR
          : err instanceof FlowControlError ? H2Error.FLOW_CONTROL_ERROR : H2Error.PROTOCOL_ERROR;
      this.#write(encodeGoaway(this.#lastPeerId, code));
      this.#end(err as Error, true);
    }
  }

  #receive(chunk: Uint8Array): void {
    const buf = this.#in.length === 0 ? chunk : concatBytes([this.#in, chunk]);
    let at = 0;
    if (this.#prefaceLeft > 0) {
      const n = Math.min(this.#prefaceLeft, buf.length);
      const from = H2_PREFACE.length - this.#prefaceLeft;
      for (let i = 0; i < n; i++) if (buf[i] !== H2_PREFACE[from + i]) throw new H2ConnectionError('http2: bad connection preface');
      this.#prefaceLeft -= n;
      at = n;
    }
    for (;;) {
      const h = readFrameHeader(buf, at);
      if (!h) break;
      if (h.length > DEFAULT_MAX_FRAME) throw new FrameSizeError(`http2: frame of ${h.length} bytes`);
      if (buf.length - at - FRAME_HEADER < h.length) break;
      const payload = buf.subarray(at + FRAME_HEADER, at + FRAME_HEADER + h.length);
      at += FRAME_HEADER + h.length;
      this.#frame(h.type, h.flags, h.stream, payload);
      if (this.#closed) return;
    }
    // keep the unread tail as a copy, so a large chunk is not pinned by a few bytes
    this.#in = at === buf.length ? EMPTY : copyOf(buf, at, buf.length);
  }

  #frame(type: number, flags: number, id: number, p: Uint8Array): void {
    if (this.#block && type !== FrameType.CONTINUATION) throw new H2ConnectionError('http2: header block interrupted');
    switch (type) {
      case FrameType.DATA: return this.#data(flags, id, p);
      case FrameType.HEADERS: {
        if (id === 0) throw new H2ConnectionError('http2: HEADERS on stream 0');
        let from = 0, to = p.length;
        if (flags & Flag.PADDED) { to -= p[0] ?? 0; from = 1; }
        if (flags & Flag.PRIORITY) from += 5;
        if (from > to) throw new H2ConnectionError('http2: bad HEADERS padding');
        this.#block = { stream: id, flags, parts: [p.subarray(from, to)], bytes: to - from };
        if (flags & Flag.END_HEADERS) this.#headerBlock();
        return;
      }
      case FrameType.CONTINUATION: {
        if (!this.#block || this.#block.stream !== id) throw new H2ConnectionError('http2: unexpected CONTINUATION');
        this.#block.parts.push(p);
        this.#block.bytes += p.length;
        if (this.#block.bytes > MAX_HEADER_BLOCK) throw new H2ConnectionError('http2: header block too large');
        if (flags & Flag.END_HEADERS) this.#headerBlock();
        return;
      }
      case FrameType.RST_STREAM: {
        if (id === 0 || p.length !== 4) throw new H2ConnectionError('http2: bad RST_STREAM');
        const s = this.#streams.get(id);
        if (!s) return;
        const code = readUint31(p, 0);
        if (code === H2Error.REFUSED_STREAM && s.call && this.#client) {
          // not processed (RFC 9113 §8.7): typically opened before the peer's stream limit was known
          const { call } = s;
          s.done = undefined;
          this.#finish(s);
          this.#waiting.unshift(call);
          this.#startWaiting();
          return;
        }
        this.#finish(s, new H2ConnectionError(`http2: stream reset by peer (code ${code})`));
        return;
      }
      case FrameType.SETTINGS: {
        if (id !== 0) throw new H2ConnectionError('http2: SETTINGS on a stream');
        if (flags & Flag.ACK) return;
        if (p.length % 6 !== 0) throw new FrameSizeError('http2: bad SETTINGS length');
        for (const [key, value] of decodeSettings(p)) this.#setting(key, value);
        this.#write(encodeFrame(FrameType.SETTINGS, Flag.ACK, 0));
        this.#pumpBlocked();
        return;
      }
      case FrameType.PING: {
        if (p.length !== 8) throw new FrameSizeError('http2: bad PING length');
        if (!(flags & Flag.ACK)) this.#write(encodeFrame(FrameType.PING, Flag.ACK, 0, p));
        return;
      }
      case FrameType.GOAWAY: {
        this.#goaway = true;
        const last = p.length >= 4 ? readUint31(p, 0) : 0;
        // streams the peer never processed fail now; the others may still complete
        for (const s of [...this.#streams.values()]) if (this.#client && s.id > last) this.#finish(s, new H2ConnectionError('http2: connection going away'));
        for (const w of this.#waiting.splice(0)) w.done(new H2ConnectionError('http2: connection going away'));
        if (this.#streams.size === 0) this.close();
        return;
      }
      case FrameType.WINDOW_UPDATE: {
        if (p.length !== 4) throw new FrameSizeError('http2: bad WINDOW_UPDATE length');
        const inc = readUint31(p, 0);
        if (id === 0) {
          if (inc === 0) throw new H2ConnectionError('http2: zero window increment');
          this.#sendWindow += inc;
          if (this.#sendWindow > MAX_WINDOW) throw new FlowControlError('http2: window overflow');
          this.#pumpBlocked();
        } else {
          const s = this.#streams.get(id);
          if (!s) return;
          s.sendWindow += inc;
          if (s.sendWindow > MAX_WINDOW) { this.#reset(s, H2Error.FLOW_CONTROL_ERROR); return; }
          this.#pump(s);
        }
        return;
      }
      case FrameType.PUSH_PROMISE: throw new H2ConnectionError('http2: push is disabled');
      default: return; // PRIORITY and unknown types are ignored
    }
  }

  #setting(key: number, value: number): void {
    switch (key) {
      case Setting.INITIAL_WINDOW_SIZE: {
        if (value > MAX_WINDOW) throw new FlowControlError('http2: initial window too large');
        const delta = value - this.#peerInitialWindow;
        this.#peerInitialWindow = value;
        for (const s of this.#streams.values()) s.sendWindow += delta;
        return;
      }
      case Setting.MAX_FRAME_SIZE:
        if (value < DEFAULT_MAX_FRAME || value > 16_777_215) throw new H2ConnectionError('http2: bad max frame size');
        this.#peerMaxFrame = value;
        return;
      case Setting.MAX_CONCURRENT_STREAMS:
        this.#peerMaxStreams = value;
        this.#startWaiting();
        return;
      case Setting.ENABLE_PUSH:
        if (value > 1) throw new H2ConnectionError('http2: bad ENABLE_PUSH');
        return;
      default: return; // our encoder keeps no table, so HEADER_TABLE_SIZE needs nothing
    }
  }

  #data(flags: number, id: number, p: Uint8Array): void {
    if (id === 0) throw new H2ConnectionError('http2: DATA on stream 0');
    // the whole payload, padding included, counts against the windows
    this.#recvUnacked += p.length;
    if (this.#recvUnacked > CONNECTION_WINDOW) throw new FlowControlError('http2: connection window exceeded');
    if (this.#recvUnacked >= CONNECTION_WINDOW / 2) {
      this.#write(encodeWindowUpdate(0, this.#recvUnacked));
      this.#recvUnacked = 0;
    }
    const s = this.#streams.get(id);
    if (!s || !s.headers) {
      if (id > (this.#client ? this.#nextId - 2 : this.#lastPeerId)) throw new H2ConnectionError('http2: DATA on an idle stream');
      return; // closed meanwhile
    }
    let from = 0, to = p.length;
    if (flags & Flag.PADDED) { to -= p[0] ?? 0; from = 1; }
    if (from > to) throw new H2ConnectionError('http2: bad DATA padding');
    if (to > from && !s.overflow) {
      s.bodyBytes += to - from;
      if (s.bodyBytes > this.#maxBody) { s.overflow = true; s.body = []; }
      else s.body.push(copyOf(p, from, to));
    }
    if (flags & Flag.END_STREAM) { this.#remoteEnded(s); return; }
    s.recvUnacked += p.length;
    if (s.recvUnacked >= STREAM_WINDOW / 2) {
      this.#write(encodeWindowUpdate(id, s.recvUnacked));
      s.recvUnacked = 0;
    }
  }

  #headerBlock(): void {
    const { stream: id, flags, parts, bytes } = this.#block!;
    this.#block = undefined;
    if (bytes > MAX_HEADER_BLOCK) throw new H2ConnectionError('http2: header block too large');
    // decoded even for a stream that is gone: the dynamic table must stay in step
    const headers = this.#decoder.decode(parts.length === 1 ? parts[0]! : concatBytes(parts));
    let s = this.#streams.get(id);
    if (!s) {
      if (this.#client || id <= this.#lastPeerId) return; // a stream closed meanwhile
      if (id % 2 === 0) throw new H2ConnectionError('http2: even stream ID from a client');
      this.#lastPeerId = id;
      if (this.#goaway) return;
      s = this.#newStream(id);
      this.#streams.set(id, s);
    }
    if (!s.headers) s.headers = headers;
    else if (flags & Flag.END_STREAM) s.trailers = headers;
    else { this.#reset(s, H2Error.PROTOCOL_ERROR); return; }
    if (flags & Flag.END_STREAM) this.#remoteEnded(s);
  }

  #newStream(id: number): Stream {
    return { id, sendWindow: this.#peerInitialWindow, recvUnacked: 0, trailers: [], body: [], bodyBytes: 0, overflow: false, out: [], deadline: Infinity, answered: false };
  }

  /** The peer sent END_STREAM: a client's call is complete; a server's request is handed over. */
  #remoteEnded(s: Stream): void {
    const body = s.body.length === 1 ? s.body[0]! : concatBytes(s.body);
    if (this.#client) {
      const res: H2Response = { headers: s.headers!, body, trailers: s.trailers };
      // a response before our body was all sent: the rest is not wanted
      if (s.out.length > 0) this.#reset(s, H2Error.NO_ERROR);
      this.#finish(s, undefined, res);
      return;
    }
    const reply: H2Reply = { respond: (head, data, trailers) => this.#respond(s, head, data, trailers) };
    try {
      this.#o.onRequest?.({ headers: s.headers!, body, overflow: s.overflow }, reply);
    } catch {
      this.#reset(s, H2Error.INTERNAL_ERROR);
    }
  }

  #respond(s: Stream, head: Uint8Array, body?: Uint8Array, trailers?: Uint8Array): void {
    if (s.answered || this.#closed) return;
    s.answered = true;
    const onlyHead = body === undefined && trailers === undefined;
    s.out.push({ headers: head, end: onlyHead });
    if (body !== undefined) s.out.push({ data: body, at: 0, end: trailers === undefined });
    if (trailers !== undefined) s.out.push({ headers: trailers, end: true });
    this.#pump(s);
  }

  #open(w: Waiting): void {
    const s = this.#newStream(this.#nextId);
    this.#nextId += 2;
    s.done = w.done;
    s.call = w;
    s.deadline = w.deadline;
    this.#streams.set(s.id, s);
    s.out.push({ headers: w.block, end: false }, { data: w.body, at: 0, end: true });
    this.#pump(s);
  }

  #startWaiting(): void {
    while (this.#waiting.length > 0 && this.#streams.size < this.#peerMaxStreams && !this.#closed) this.#open(this.#waiting.shift()!);
  }

  /** Writes what the windows allow of the stream's queue. */
  #pump(s: Stream): void {
    while (s.out.length > 0) {
      const item = s.out[0]!;
      if ('headers' in item) {
        this.#writeHeaders(s.id, item.headers, item.end);
        s.out.shift();
      } else {
        const left = item.data.length - item.at;
        const n = Math.min(left, s.sendWindow, this.#sendWindow, this.#peerMaxFrame);
        if (n <= 0 && left > 0) { this.#blocked.add(s); return; }
        const last = n === left;
        this.#write(encodeFrame(FrameType.DATA, last && item.end ? Flag.END_STREAM : 0, s.id, item.data, item.at, item.at + n));
        item.at += n;
        s.sendWindow -= n;
        this.#sendWindow -= n;
        if (last) s.out.shift();
      }
    }
    this.#blocked.delete(s);
    if (!this.#client && s.answered) this.#finish(s); // response sent
  }

  #pumpBlocked(): void {
    for (const s of [...this.#blocked]) {
      if (this.#sendWindow <= 0) return;
      this.#pump(s);
    }
  }

  #writeHeaders(id: number, block: Uint8Array, end: boolean): void {
    const endFlag = end ? Flag.END_STREAM : 0;
    if (block.length <= this.#peerMaxFrame) {
      this.#write(encodeFrame(FrameType.HEADERS, endFlag | Flag.END_HEADERS, id, block));
      return;
    }
    for (let at = 0; at < block.length; at += this.#peerMaxFrame) {
      const to = Math.min(block.length, at + this.#peerMaxFrame);
      const type = at === 0 ? FrameType.HEADERS : FrameType.CONTINUATION;
      this.#write(encodeFrame(type, (at === 0 ? endFlag : 0) | (to === block.length ? Flag.END_HEADERS : 0), id, block, at, to));
    }
  }

  #reset(s: Stream, code: number): void {
    this.#write(encodeRstStream(s.id, code));
    this.#finish(s, code === H2Error.NO_ERROR ? undefined : new H2ConnectionError(`http2: stream reset (code ${code})`));
  }

  /** The stream is over: forget it, settle a client call, let a waiting call start. */
  #finish(s: Stream, err?: Error, res?: H2Response): void {
    if (this.#streams.get(s.id) !== s) return;
    this.#streams.delete(s.id);
    this.#blocked.delete(s);
    s.out = [];
    s.answered = true;
    const done = s.done;
    s.done = undefined;
    done?.(err, res ?? (err ? undefined : { headers: s.headers ?? [], body: new Uint8Array(0), trailers: s.trailers }));
    if (this.#goaway && this.#streams.size === 0) this.close();
    else this.#startWaiting();
  }

  #startSweep(): void {
    if (this.#sweep) return;
    this.#sweep = setInterval(() => {
      const now = performance.now();
      for (const s of [...this.#streams.values()]) {
        if (s.deadline <= now) {
          this.#write(encodeRstStream(s.id, H2Error.CANCEL));
          this.#finish(s, new H2ConnectionError('http2: call timed out'));
        }
      }
      const expired = this.#waiting.filter((w) => w.deadline <= now);
      this.#waiting = this.#waiting.filter((w) => w.deadline > now);
      for (const w of expired) w.done(new H2ConnectionError('http2: call timed out'));
    }, SWEEP_MS);
    (this.#sweep as { unref?: () => void }).unref?.();
  }

  #write(frame: Uint8Array): void {
    if (this.#closed) return;
    this.#out.push(frame);
    if (!this.#flushScheduled && !this.#draining) {
      this.#flushScheduled = true;
      schedule(() => this.#flush());
    }
  }

  #flush(): void {
    this.#flushScheduled = false;
    if (this.#out.length === 0 || this.#draining) return;
    const bytes = this.#out.length === 1 ? this.#out[0]! : concatBytes(this.#out);
    this.#out = [];
    try {
      if (!this.#t.send(bytes)) {
        this.#draining = true;
        this.#t.onDrain().then(() => { this.#draining = false; this.#flush(); }, (err) => this.transportClosed(err as Error));
      }
    } catch (err) {
      this.transportClosed(err as Error);
    }
  }

  #end(err: Error, flushFirst: boolean): void {
    if (this.#closed) return;
    if (flushFirst) this.#flush();
    this.#closed = true;
    clearInterval(this.#sweep);
    for (const s of [...this.#streams.values()]) this.#finish(s, err);
    for (const w of this.#waiting.splice(0)) w.done(err);
    this.#out = [];
    try { this.#t.close(); } catch { /* already gone */ }
    this.#o.onClose?.(err);
  }
}

class FrameSizeError extends H2ConnectionError {}
class FlowControlError extends H2ConnectionError {}
