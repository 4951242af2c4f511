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
import {
  BITSWAP_PROTOCOLS, decodeBitswapMessage, emptyMessage, encodeBitswapMessage, PRESENCE_DONT_HAVE,
  PRESENCE_HAVE, WANT_BLOCK, WANT_HAVE, type BitswapMessage,
} from './wire/index.ts';

export class BlockNotFoundError extends Error {
  constructor(cid: CID, why: string) { super(`block ${cid} not found: ${why}`); }
}

interface Want {
  cid: CID;
  promise: Promise<Uint8Array>;
  resolve(b: Uint8Array): void;
  reject(e: Error): void;
  askedBlock: Set<string>;
  asked: Set<string>;
  dontHave: Set<string>;
  timer?: ReturnType<typeof setTimeout>;
}

export interface BitswapOptions {
  blocks: BlockStore;
  canServe?(peerID: string, cid: CID): Promise<boolean>;
  logger?: Logger;
}

/** Block bytes past which a coalesced message is closed (boxo's limit is 4 MiB a message). */
const MAX_COALESCED_BYTES = 1 << 20;

interface Outgoing { msg: BitswapMessage; bytes: number; done: Promise<void>; resolve(): void; reject(e: unknown): void }

export class Bitswap {
  /** A received block's CID is rebuilt from its bytes (sha2-256) and matched against the wants. */
  readonly verifiesContent = true;
  #libp2p: Libp2p;
  #opts: BitswapOptions;
  #wants = new Map<string, Want>();
  #out = new Map<string, Promise<Stream>>();
  #outq = new Map<string, Outgoing>();

  constructor(libp2p: Libp2p, opts: BitswapOptions) {
    this.#libp2p = libp2p;
    this.#opts = opts;
  }

  async start(): Promise<void> {
    await this.#libp2p.handle(BITSWAP_PROTOCOLS, (stream, conn) => this.#onStream(stream, conn.remotePeer), { maxInboundStreams: 256 });
    this.#libp2p.addEventListener('connection:open', this.#onConnect);
  }

  async stop(): Promise<void> {
    this.#libp2p.removeEventListener('connection:open', this.#onConnect);
    await this.#libp2p.unhandle(BITSWAP_PROTOCOLS);
    for (const w of this.#wants.values()) this.#finish(w, new Error('bitswap stopped'));
    for (const s of this.#out.values()) s.then((x) => x.abort(new Error('stopped')), () => {});
    this.#out.clear();
  }

  /** Fetches one block from connected peers; `prefer` peers are asked for the block directly. */
  fetch(cid: CID, opts: { prefer?: string[]; timeoutMs?: number } = {}): Promise<Uint8Array> {
    const key = cid.toString();
    const existing = this.#wants.get(key);
    if (existing) return existing.promise;
    let resolve!: (b: Uint8Array) => void, reject!: (e: Error) => void;
    const promise = new Promise<Uint8Array>((res, rej) => { resolve = res; reject = rej; });
    const want: Want = { cid, promise, resolve, reject, askedBlock: new Set(), asked: new Set(), dontHave: new Set() };
    this.#wants.set(key, want);
    want.timer = setTimeout(() => this.#finish(want, new BlockNotFoundError(cid, 'timeout')), opts.timeoutMs ?? 5000);
    // getPeers() round-trips every ID through a string-keyed set and back: costly per block
    const peers = [...new Set(this.#libp2p.getConnections().map((c) => c.remotePeer.toString()))];
    const prefer = new Set((opts.prefer ?? []).filter((p) => peers.includes(p)));
    if (peers.length === 0) this.#finish(want, new BlockNotFoundError(cid, 'no connected peers'));
    for (const p of peers) this.#ask(want, p, prefer.has(p) || peers.length === 1 ? WANT_BLOCK : WANT_HAVE);
    return promise;
  }

  #ask(want: Want, peer: string, type: typeof WANT_BLOCK | typeof WANT_HAVE): void {
    if (type === WANT_BLOCK) {
      if (want.askedBlock.has(peer)) return;
      want.askedBlock.add(peer);
    }
    want.asked.add(peer);
    const m = emptyMessage();
    m.wantlist.entries.push({ cid: want.cid, priority: 1, cancel: false, wantType: type, sendDontHave: true });
    this.#send(peer, m).catch(() => this.#onDontHave(want, peer));
  }

  #finish(want: Want, result: Uint8Array | Error, from?: string): void {
    if (this.#wants.get(want.cid.toString()) !== want) return;
    this.#wants.delete(want.cid.toString());
    clearTimeout(want.timer);
    if (result instanceof Error) want.reject(result);
    else want.resolve(result);
    if (!(result instanceof Error)) {
      // Tell the others to stop looking.
      for (const p of want.asked) {
        if (p === from) continue; // it sent the block: that ends its want entry
        const m = emptyMessage();
        m.wantlist.entries.push({ cid: want.cid, priority: 0, cancel: true, wantType: WANT_BLOCK, sendDontHave: false });
        this.#send(p, m).catch(() => {});
      }
    }
  }

  #onDontHave(want: Want, peer: string): void {
    want.dontHave.add(peer);
    if ([...want.asked].every((p) => want.dontHave.has(p))) {
      this.#finish(want, new BlockNotFoundError(want.cid, 'no connected peer has it'));
    }
  }

  #onConnect = (evt: CustomEvent<{ remotePeer: PeerId }>): void => {
    const peer = evt.detail.remotePeer.toString();
    for (const w of this.#wants.values()) if (!w.asked.has(peer)) this.#ask(w, peer, WANT_HAVE);
  };

  /** Queues `m` for `peer`: everything queued in one event-loop turn goes out as one message
   *  (a catch-up wants several blocks per document, for many documents at once). */
  #send(peer: string, m: BitswapMessage): Promise<void> {
    let q = this.#outq.get(peer);
    if (!q || q.bytes >= MAX_COALESCED_BYTES) {
      let resolve!: () => void, reject!: (e: unknown) => void;
      const done = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
      const fresh: Outgoing = { msg: emptyMessage(), bytes: 0, done, resolve, reject };
      q = fresh;
      this.#outq.set(peer, fresh);
      setImmediate(() => {
        if (this.#outq.get(peer) === fresh) this.#outq.delete(peer);
        this.#sendNow(peer, fresh.msg).then(fresh.resolve, fresh.reject);
      });
    }
    q.msg.wantlist.entries.push(...m.wantlist.entries);
    q.msg.blocks.push(...m.blocks);
    q.msg.presences.push(...m.presences);
    for (const b of m.blocks) q.bytes += b.data.length;
    if (q.bytes >= MAX_COALESCED_BYTES && this.#outq.get(peer) === q) this.#outq.delete(peer);
    return q.done;
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
      const w = this.#wants.get(b.cid.toString());
      if (w) this.#finish(w, b.data, peer);
    }
    for (const p of m.presences) {
      const w = this.#wants.get(p.cid.toString());
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
