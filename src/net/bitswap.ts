// A small Bitswap 1.2.0 client and server (p2p.md §5; DESIGN: own implementation). Messages
// travel one-way on `/ipfs/bitswap/1.2.0` streams, length-prefixed, as boxo does. Fetching asks
// preferred peers for the block (want-block) and every other connected peer whether it has it
// (want-have), then asks HAVE responders for the block. No retained wantlists on the server.

import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import type { CID } from 'multiformats/cid';
import type { Logger } from '../util/index.ts';
import type { BlockStore } from './deps.ts';
import { readLp, sendLp } from './stream-io.ts';
import { cidKey } from '../core/index.ts';
import {
  BITSWAP_PROTOCOLS, decodeBitswapMessage, emptyMessage, encodeBitswapMessage, PRESENCE_DONT_HAVE,
  PRESENCE_HAVE, WANT_BLOCK, WANT_HAVE, type BitswapMessage, type WantEntry,
} from './wire/index.ts';

export class BlockNotFoundError extends Error {
  constructor(cid: CID, why: string) { super(`block ${cid} not found: ${why}`); }
}

interface Want {
  cid: CID;
  promise: Promise<Uint8Array>;
  resolve(b: Uint8Array): void;
  reject(e: Error): void;
  // peers: a handful at most, so arrays beat sets (thousands of wants are in flight)
  askedBlock: string[];
  asked: string[];
  dontHave: string[];
  /** performance.now() past which the fetch fails. */
  deadline: number;
}

/** How often pending wants are checked for their deadline (one timer for all of them). */
const SWEEP_MS = 100;

export interface BitswapOptions {
  blocks: BlockStore;
  canServe?(peerID: string, cid: CID): Promise<boolean>;
  logger?: Logger;
}

/** Block bytes past which a coalesced message is closed (boxo's limit is 4 MiB a message). */
const MAX_COALESCED_BYTES = 1 << 20;

interface Outgoing {
  msg: BitswapMessage;
  /** Block bytes gathered so far. */
  bytes: number;
  wants: WantEntry[];
  /** Run when the message cannot be sent (the wants it carried count as DONT_HAVE). */
  failed: Array<() => void>;
  waiters: Array<{ resolve(): void; reject(e: unknown): void }>;
}

export class Bitswap {
  /** A received block's CID is rebuilt from its bytes (sha2-256) and matched against the wants. */
  readonly verifiesContent = true;
  #libp2p: Libp2p;
  #opts: BitswapOptions;
  #wants = new Map<string, Want>();
  #out = new Map<string, Promise<Stream>>();
  #outq = new Map<string, Outgoing>();
  #sweeper?: ReturnType<typeof setInterval>;
  /** Connected peers, listed once per connection change instead of once per fetch. */
  #peers?: string[];

  constructor(libp2p: Libp2p, opts: BitswapOptions) {
    this.#libp2p = libp2p;
    this.#opts = opts;
  }

  async start(): Promise<void> {
    await this.#libp2p.handle(BITSWAP_PROTOCOLS, (stream, conn) => this.#onStream(stream, conn.remotePeer), { maxInboundStreams: 256 });
    this.#libp2p.addEventListener('connection:open', this.#onConnect);
    this.#libp2p.addEventListener('connection:close', this.#onClose);
  }

  async stop(): Promise<void> {
    this.#libp2p.removeEventListener('connection:open', this.#onConnect);
    this.#libp2p.removeEventListener('connection:close', this.#onClose);
    clearInterval(this.#sweeper);
    this.#sweeper = undefined;
    await this.#libp2p.unhandle(BITSWAP_PROTOCOLS);
    for (const w of this.#wants.values()) this.#finish(w, new Error('bitswap stopped'));
    for (const s of this.#out.values()) s.then((x) => x.abort(new Error('stopped')), () => {});
    this.#out.clear();
  }

  /** Fetches one block from connected peers; `prefer` peers are asked for the block directly. */
  fetch(cid: CID, opts: { prefer?: string[]; timeoutMs?: number } = {}): Promise<Uint8Array> {
    const key = cidKey(cid);
    const existing = this.#wants.get(key);
    if (existing) return existing.promise;
    let resolve!: (b: Uint8Array) => void, reject!: (e: Error) => void;
    const promise = new Promise<Uint8Array>((res, rej) => { resolve = res; reject = rej; });
    const want: Want = {
      cid, promise, resolve, reject, askedBlock: [], asked: [], dontHave: [], deadline: performance.now() + (opts.timeoutMs ?? 5000),
    };
    this.#wants.set(key, want);
    this.#sweeper ??= setInterval(this.#sweep, SWEEP_MS);
    const peers = this.#connectedPeers();
    if (peers.length === 0) this.#finish(want, new BlockNotFoundError(cid, 'no connected peers'));
    for (const p of peers) this.#ask(want, p, peers.length === 1 || opts.prefer?.includes(p) ? WANT_BLOCK : WANT_HAVE);
    return promise;
  }

  /** getPeers() round-trips every ID through a string-keyed set and back: too costly per block. */
  #connectedPeers(): string[] {
    this.#peers ??= [...new Set(this.#libp2p.getConnections().map((c) => c.remotePeer.toString()))];
    return this.#peers;
  }

  /** Fails the wants past their deadline; stops once none is left. */
  #sweep = (): void => {
    const now = performance.now();
    for (const w of this.#wants.values()) if (w.deadline <= now) this.#finish(w, new BlockNotFoundError(w.cid, 'timeout'));
    if (this.#wants.size === 0) { clearInterval(this.#sweeper); this.#sweeper = undefined; }
  };

  #ask(want: Want, peer: string, type: typeof WANT_BLOCK | typeof WANT_HAVE): void {
    if (type === WANT_BLOCK) {
      if (want.askedBlock.includes(peer)) return;
      want.askedBlock.push(peer);
    }
    if (!want.asked.includes(peer)) want.asked.push(peer);
    this.#want(peer, { cid: want.cid, priority: 1, cancel: false, wantType: type, sendDontHave: true }, () => this.#onDontHave(want, peer));
  }

  #finish(want: Want, result: Uint8Array | Error, from?: string, key = cidKey(want.cid)): void {
    if (this.#wants.get(key) !== want) return;
    this.#wants.delete(key);
    if (result instanceof Error) want.reject(result);
    else want.resolve(result);
    if (!(result instanceof Error)) {
      // Tell the others to stop looking.
      for (const p of want.asked) {
        if (p === from) continue; // it sent the block: that ends its want entry
        this.#want(p, { cid: want.cid, priority: 0, cancel: true, wantType: WANT_BLOCK, sendDontHave: false });
      }
    }
  }

  #onDontHave(want: Want, peer: string): void {
    if (!want.dontHave.includes(peer)) want.dontHave.push(peer);
    if (want.asked.every((p) => want.dontHave.includes(p))) {
      this.#finish(want, new BlockNotFoundError(want.cid, 'no connected peer has it'));
    }
  }

  #onConnect = (evt: CustomEvent<{ remotePeer: PeerId }>): void => {
    this.#peers = undefined;
    const peer = evt.detail.remotePeer.toString();
    for (const w of this.#wants.values()) if (!w.asked.includes(peer)) this.#ask(w, peer, WANT_HAVE);
  };

  #onClose = (): void => { this.#peers = undefined; };

  /** The message being gathered for `peer`: everything queued in one event-loop turn goes out
   *  as one message (a catch-up wants several blocks per document, for many documents at once). */
  #queue(peer: string): Outgoing {
    let q = this.#outq.get(peer);
    if (!q) {
      const fresh: Outgoing = q = { msg: emptyMessage(), bytes: 0, wants: [], failed: [], waiters: [] };
      this.#outq.set(peer, fresh);
      setImmediate(() => {
        if (this.#outq.get(peer) === fresh) this.#outq.delete(peer);
        fresh.msg.wantlist.entries = fresh.wants;
        this.#sendNow(peer, fresh.msg).then(
          () => { for (const w of fresh.waiters) w.resolve(); },
          (err) => {
            for (const f of fresh.failed) f();
            for (const w of fresh.waiters) w.reject(err);
          });
      });
    }
    return q;
  }

  /** Queues a want entry; `onFail` runs if the message cannot be delivered. */
  #want(peer: string, e: WantEntry, onFail?: () => void): void {
    const q = this.#queue(peer);
    q.wants.push(e);
    if (onFail) q.failed.push(onFail);
  }

  /** Queues blocks and presences (server replies); resolves once the message is sent. */
  #send(peer: string, m: BitswapMessage): Promise<void> {
    const q = this.#queue(peer);
    for (const b of m.blocks) q.bytes += b.data.length;
    q.msg.blocks.push(...m.blocks);
    q.msg.presences.push(...m.presences);
    // closed: the next entries start a new message (boxo's limit is 4 MiB a message)
    if (q.bytes >= MAX_COALESCED_BYTES && this.#outq.get(peer) === q) this.#outq.delete(peer);
    return new Promise<void>((resolve, reject) => q.waiters.push({ resolve, reject }));
  }

  async #sendNow(peer: string, m: BitswapMessage): Promise<void> {
    const bytes = encodeBitswapMessage(m);
    for (let attempt = 0; ; attempt++) {
      let p = this.#out.get(peer);
      if (!p) {
        p = this.#libp2p.dialProtocol(peerIdFromString(peer), BITSWAP_PROTOCOLS, { signal: AbortSignal.timeout(5000) });
        this.#out.set(peer, p);
        p.then((s) => s.addEventListener('close', () => { if (this.#out.get(peer) === p) this.#out.delete(peer); }), () => this.#out.delete(peer));
      }
      try {
        const s = await p;
        if (s.writeStatus !== 'writable') throw new Error('stream not writable');
        await sendLp(s, bytes);
        return;
      } catch (err) {
        if (this.#out.get(peer) === p) this.#out.delete(peer);
        if (attempt > 0) throw err;
      }
    }
  }

  async #onStream(stream: Stream, remote: PeerId): Promise<void> {
    const peer = remote.toString();
    try {
      for await (const bytes of readLp(stream)) await this.#onMessage(peer, decodeBitswapMessage(bytes));
    } catch (err) {
      this.#opts.logger?.debug('bitswap: inbound stream failed', { peer, err: String(err) });
      stream.abort(err as Error);
    }
  }

  async #onMessage(peer: string, m: BitswapMessage): Promise<void> {
    for (const b of m.blocks) {
      const key = cidKey(b.cid);
      const w = this.#wants.get(key);
      if (w) this.#finish(w, b.data, peer, key);
    }
    for (const p of m.presences) {
      const w = this.#wants.get(cidKey(p.cid));
      if (!w) continue;
      if (p.type === PRESENCE_HAVE) this.#ask(w, peer, WANT_BLOCK);
      else if (p.type === PRESENCE_DONT_HAVE) this.#onDontHave(w, peer);
    }
    if (m.wantlist.entries.length === 0) return;
    const reply = emptyMessage();
    for (const e of m.wantlist.entries) {
      if (e.cancel) continue;
      const data = (await this.#allowed(peer, e.cid)) ? await this.#opts.blocks.get(e.cid) : undefined;
      if (data === undefined) {
        if (e.sendDontHave) reply.presences.push({ cid: e.cid, type: PRESENCE_DONT_HAVE });
      } else if (e.wantType === WANT_HAVE) {
        reply.presences.push({ cid: e.cid, type: PRESENCE_HAVE });
      } else {
        reply.blocks.push({ cid: e.cid, data });
      }
    }
    if (reply.blocks.length + reply.presences.length > 0) await this.#send(peer, reply).catch(() => {});
  }

  async #allowed(peer: string, cid: CID): Promise<boolean> {
    return this.#opts.canServe ? this.#opts.canServe(peer, cid) : true;
  }
}
