// Fetches every block a head needs that is missing locally (p2p.md §5 `syncDAG`), in any order
// and concurrently, and puts each block only after everything it links to is stored. That keeps
// the invariant "a stored block has its whole DAG stored", so a walk stops at the first block
// already present instead of re-walking the whole history as Go does (upstream issue #2722).

import type { CID } from 'multiformats/cid';
import { blockCid, CODEC_DAG_CBOR } from '../core/index.ts';
import type { BlockStore } from './deps.ts';
import { blockLinks } from './block-links.ts';

export interface BlockFetcher {
  fetch(cid: CID, opts: { prefer?: string[]; timeoutMs?: number }): Promise<Uint8Array>;
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
  #inflight = new Map<string, Promise<void>>();
  #slots: number;
  #queue: Array<() => void> = [];

  constructor(blocks: BlockStore, fetcher: BlockFetcher, maxConcurrentFetches = 32) {
    this.#blocks = blocks;
    this.#fetcher = fetcher;
    this.#slots = maxConcurrentFetches;
  }

  /** Stores the head (bytes already known, e.g. from a push-log) and its missing DAG. */
  async syncHead(bytes: Uint8Array, opts: DagSyncOptions = {}): Promise<CID> {
    const cid = blockCid(bytes);
    await this.#complete(cid, opts, bytes);
    return cid;
  }

  /** Ensures the DAG under `cid` is complete locally, fetching the head too if needed. */
  async sync(cid: CID, opts: DagSyncOptions = {}): Promise<void> {
    await this.#complete(cid, opts);
  }

  #complete(cid: CID, opts: DagSyncOptions, known?: Uint8Array): Promise<void> {
    const key = cid.toString();
    let p = this.#inflight.get(key);
    if (!p) {
      p = this.#load(cid, opts, known).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, p);
    }
    return p;
  }

  async #load(cid: CID, opts: DagSyncOptions, known?: Uint8Array): Promise<void> {
    if (await this.#blocks.has(cid)) return;
    const bytes = known ?? await this.#limited(() => this.#fetcher.fetch(cid, { prefer: opts.prefer, timeoutMs: opts.blockTimeoutMs ?? 5000 }));
    if (cid.code === CODEC_DAG_CBOR && !blockCid(bytes).equals(cid)) throw new Error(`block ${cid}: content does not match CID`);
    await Promise.all(blockLinks(cid, bytes).map((l) => this.#complete(l, opts)));
    await this.#blocks.put(cid, bytes);
  }

  async #limited<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#slots === 0) await new Promise<void>((r) => this.#queue.push(r));
    else this.#slots--;
    try {
      return await fn();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#slots++;
    }
  }
}
