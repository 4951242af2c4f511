// The embedded database: implements `client.Store` over a KV store. Each Store-level call runs
// in a transaction of its own and is retried on a commit conflict, up to `maxRetries`.

import type { Store, Txn as ClientTxn } from '../client/index.ts';
import { DefraError } from '../client/index.ts';
import type { KVStore, KVTxn } from '../store/index.ts';
import { silentLogger } from '../util/index.ts';
import type { Logger } from '../util/index.ts';
import { TxnContext } from './context.ts';
import type { BackupFS, DbEnv } from './context.ts';
import { DbOps } from './db-ops.ts';
import type { RunOptions } from './db-ops.ts';
import { newDbEventBus } from './events.ts';
import type { MergeEvent } from './events.ts';
import { STORED_BLOCKS, mergeHead } from './merge.ts';
import type { BlockSource, StoredBlocks } from './merge.ts';
import { Txn } from './txn.ts';

export interface DatabaseOptions {
  store: KVStore;
  /** Milliseconds since the epoch; defaults to Date.now. */
  clock?: () => number;
  /** n random bytes; defaults to crypto.getRandomValues. */
  random?: (n: number) => Uint8Array;
  logger?: Logger;
  /** File access for basicExport/basicImport (injected by the node layer). */
  fs?: BackupFS;
  /** Progress of long backup exports/imports. */
  backupProgress?: (op: 'export' | 'import', done: number, total: number | undefined) => void;
  /** Conflict retries of Store-level calls (DefraDB: 5). */
  maxRetries?: number;
  /** Merge heads announced by `merge` events (blocks fetched from here when missing). */
  blockSource?: BlockSource;
}

const defaultRandom = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n));

export const isTxnConflict = (e: unknown): boolean => e instanceof DefraError && e.code === 'txn-conflict';

export class Database extends DbOps implements Store {
  readonly kv: KVStore;
  readonly env: DbEnv;
  readonly maxRetries: number;
  #nextTxnID = 0;
  readonly #blockSource: BlockSource | undefined;
  #closed = false;

  constructor(opts: DatabaseOptions) {
    super();
    this.kv = opts.store;
    this.maxRetries = opts.maxRetries ?? 5;
    this.env = {
      events: newDbEventBus(),
      clock: opts.clock ?? Date.now,
      random: opts.random ?? defaultRandom,
      logger: opts.logger ?? silentLogger,
      fs: opts.fs,
      backupProgress: opts.backupProgress,
      schemaEpoch: 0,
      openReadContext: () => this.newContext(true),
      subscriptions: new Set(),
    };
    this.#blockSource = opts.blockSource;
    this.env.events.on('merge', (ev) => { this.merge(ev).catch(() => { /* reported by merge-complete */ }); });
  }

  get events() { return this.env.events; }

  /**
   * Merges a remote head (fetching missing blocks from `source`) in its own transaction and
   * publishes `merge-complete` after commit (with `error` when it failed).
   */
  async merge(req: MergeEvent, source: BlockSource | undefined = this.#blockSource): Promise<void> {
    try {
      await this.run(async (ctx) => {
        await mergeHead(ctx, req, source);
        ctx.emitAfterCommit('merge-complete', { merge: req, decrypted: true });
      });
    } catch (e) {
      this.env.events.emit('merge-complete', { merge: req, decrypted: false, error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /**
   * Merges several remote heads in one transaction (one commit instead of one per head), in
   * order, so heads of the same document apply in arrival order. If any merge fails the batch is
   * rolled back and each head is merged on its own, so one bad head fails alone. Resolves to
   * each head's error (undefined when merged). `prelude` adds unrelated raw writes (e.g. blocks
   * the network fetched meanwhile) to the same commit; on fallback it commits on its own first.
   * `stored` may hand over the bytes of blocks the caller knows are stored (committed, or put by
   * the prelude), so merging does not read them back.
   */
  async mergeMany(reqs: MergeEvent[], prelude?: (kv: KVTxn) => void, source: BlockSource | undefined = this.#blockSource,
    stored?: StoredBlocks): Promise<Array<Error | undefined>> {
    if (reqs.length > 1 || (prelude && reqs.length > 0)) {
      try {
        await this.run(async (ctx) => {
          prelude?.(ctx.kv);
          if (stored) ctx.memoize(STORED_BLOCKS, () => stored);
          for (const req of reqs) {
            await mergeHead(ctx, req, source);
            ctx.emitAfterCommit('merge-complete', { merge: req, decrypted: true });
          }
        });
        return reqs.map(() => undefined);
      } catch { /* fall back to one transaction per head */ }
    }
    if (prelude) await this.run((ctx) => prelude(ctx.kv));
    const out: Array<Error | undefined> = [];
    for (const r of reqs) {
      try { await this.merge(r, source); out.push(undefined); } catch (e) { out.push(e instanceof Error ? e : new Error(String(e))); }
    }
    return out;
  }

  /** A fresh transaction context (used by Txn and by run). */
  newContext(readOnly = false): TxnContext {
    return new TxnContext(this.kv.newTxn(readOnly), ++this.#nextTxnID, this.env);
  }

  async run<T>(fn: (ctx: TxnContext) => T | Promise<T>, opts: RunOptions = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const ctx = this.newContext(opts.readOnly ?? false);
      let result: T;
      try {
        result = await fn(ctx);
        const keep = opts.commitIf ? (opts.commitIf as (r: T) => boolean)(result) : true;
        if (opts.readOnly || !keep) { ctx.kv.discard(); return result; }
        await ctx.kv.commit();
      } catch (e) {
        try { ctx.kv.discard(); } catch { /* already finished */ }
        if (isTxnConflict(e) && attempt < this.maxRetries) continue;
        throw e;
      }
      ctx.flush();
      return result;
    }
  }

  async newTxn(readOnly = false): Promise<ClientTxn> {
    return new Txn(this.newContext(readOnly));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const close of [...this.env.subscriptions]) close();
    await this.kv.close();
  }
}

export function openDatabase(opts: DatabaseOptions): Database {
  return new Database(opts);
}
