// Fetches every block a head needs that is missing locally (p2p.md §5 `syncDAG`), in any order
// and concurrently, and stores the whole fetched DAG at once, links first. That keeps
// the invariant "a stored block has its whole DAG stored", so a walk stops at the first block
// already present instead of re-walking the whole history as Go does (upstream issue #2722).

import type { CID } from 'multiformats/cid';
import { blockCid, cidKey, CODEC_DAG_CBOR, type Block } from '../core/index.ts';
import type { BlockStore } from './deps.ts';
import { readLinks } from './block-links.ts';

/** A fetched block not stored yet (decoded when it is a DefraDB block) and its missing links
 *  (undefined: already stored). */
type Missing = { cid: CID; bytes: Uint8Array; block?: Block; below: Missing[] } | undefined;

export interface BlockFetcher {
  fetch(cid: CID, opts: { prefer?: string[]; timeoutMs?: number }): Promise<Uint8Array>;
  /** Fetched bytes are known to hash to the CID asked for (bitswap derives each received
   *  block's CID from its bytes): not hashed again. */
  readonly verifiesContent?: boolean;
}

export interface DagSyncOptions {
  /** Peers to ask first (the one that pushed the head). */
  prefer?: string[];
  /** Per-block timeout (Go: 5 s per link). */
  blockTimeoutMs?: number;
}

export class DagSync {
  #blocks: BlockStore;
  #fetcher: BlockFetcher;
  /** Blocks being completed by any sync, shared so concurrent syncs do not fetch twice. */
  #inflight = new Map<string, Promise<Missing>>();
  #slots: number;
  /** Waiters for a fetch slot, FIFO; consumed from #queueHead (shift() is O(n) on long queues). */
  #queue: Array<() => void> = [];
  #queueHead = 0;

  constructor(blocks: BlockStore, fetcher: BlockFetcher, maxConcurrentFetches = 1024) {
    this.#blocks = blocks;
    this.#fetcher = fetcher;
    this.#slots = maxConcurrentFetches;
  }

  /** Stores the head (bytes already known, e.g. from a push-log) and its missing DAG. */
  async syncHead(bytes: Uint8Array, opts: DagSyncOptions = {}): Promise<CID> {
    const cid = blockCid(bytes);
    await this.#store(await this.#complete(cid, opts, bytes));
    return cid;
  }

  /** Ensures the DAG under `cid` is complete locally, fetching the head too if needed. */
  async sync(cid: CID, opts: DagSyncOptions = {}): Promise<void> {
    await this.#store(await this.#complete(cid, opts));
  }

  /** Writes a fetched DAG links-first, all puts issued at once, so a batching block store
   *  commits the whole DAG together and any committed prefix is still closed under links. */
  async #store(root: Missing): Promise<void> {
    const order: Array<{ cid: CID; bytes: Uint8Array; block?: Block }> = [];
    // by identity: concurrent loads of one CID share one Missing (#inflight); a rare second one
    // only stores the block twice, which is harmless
    const seen = new Set<NonNullable<Missing>>();
    // iterative post-order: a history can be thousands of blocks deep
    const stack: Array<{ m: NonNullable<Missing>; next: number }> = root ? [{ m: root, next: 0 }] : [];
    if (root) seen.add(root);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const child = top.m.below[top.next++];
      if (top.next > top.m.below.length) { stack.pop(); order.push(top.m); continue; }
      if (child && !seen.has(child)) { seen.add(child); stack.push({ m: child, next: 0 }); }
    }
    if (order.length === 0) return;
    if (this.#blocks.putMany) await this.#blocks.putMany(order);
    else await Promise.all(order.map(({ cid, bytes }) => this.#blocks.put(cid, bytes)));
  }

  /** The missing blocks under `cid`. Shared between concurrent syncs: each stores what it got
   *  (a repeated put is harmless). */
  #complete(cid: CID, opts: DagSyncOptions, known?: Uint8Array, likelyMissing = false): Promise<Missing> {
    const key = cidKey(cid);
    let p = this.#inflight.get(key);
    if (!p) {
      p = this.#load(cid, opts, known, likelyMissing).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    return p;
  }

  /** `likelyMissing`: not looked up first (a wrong guess costs one redundant fetch and put). */
  async #load(cid: CID, opts: DagSyncOptions, known?: Uint8Array, likelyMissing = false): Promise<Missing> {
    const blocks = this.#blocks;
    if (!likelyMissing && (blocks.hasNow ? blocks.hasNow(cid) : await blocks.has(cid))) return undefined;
    // known bytes are the ones `cid` was computed from
    const bytes = known ?? await this.#limited(() => this.#fetcher.fetch(cid, { prefer: opts.prefer, timeoutMs: opts.blockTimeoutMs ?? 5000 }));
    const verified = known !== undefined || this.#fetcher.verifiesContent === true;
    if (!verified && cid.code === CODEC_DAG_CBOR && !blockCid(bytes).equals(cid)) throw new Error(`block ${cid}: content does not match CID`);
    const { links, block } = readLinks(cid, bytes);
    if (links.length === 0) return { cid, bytes, block, below: [] }; // most blocks: field values
    // The field blocks of a composite we did not have are new too (they carry its docID and
    // priority), unless another node made the very same change: skip looking them up. Its heads
    // (earlier versions) are usually here, and are looked up.
    const fresh = block?.delta.kind === 'composite' ? new Set(block.links.map((l) => l.cid)) : undefined;
    const below = await Promise.all(links.map((l) => this.#complete(l, opts, undefined, fresh?.has(l) ?? false)));
    return { cid, bytes, block, below: below.filter((m) => m !== undefined) };
  }

  async #limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#slots === 0) await new Promise<void>((r) => this.#queue.push(r));
    else this.#slots--;
    try {
      return await fn();
    } finally {
      const next = this.#queue[this.#queueHead];
      if (next) {
        this.#queueHead++;
        if (this.#queueHead === this.#queue.length) { this.#queue = []; this.#queueHead = 0; }
        else if (this.#queueHead >= 1024 && this.#queueHead * 2 >= this.#queue.length) { this.#queue = this.#queue.slice(this.#queueHead); this.#queueHead = 0; }
        next();
      } else {
        this.#slots++;
      }
    }
  }
}
