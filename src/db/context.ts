// The per-transaction context every db operation runs with: the KV transaction, the shared
// database environment (events, clock, randomness, logger) and the work to do after commit
// (events are published only once the data they describe is durable).

import type { KVTxn } from '../store/index.ts';
import type { EventBus, Logger } from '../util/index.ts';
import type { DbEvents } from './events.ts';

/** Reads and writes whole files for backup; injected by the node layer (db stays Node-free). */
export interface BackupFS {
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

export interface DbEnv {
  readonly events: EventBus<DbEvents>;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  /** Fills `n` random bytes (counter nonces). */
  readonly random: (n: number) => Uint8Array;
  readonly logger: Logger;
  readonly fs?: BackupFS;
  /** Bumped on every committed schema change; keys caches of definitions. */
  schemaEpoch: number;
  /** Progress of long backup exports/imports (blocks written, heads merged). */
  readonly backupProgress?: (op: 'export' | 'import', done: number, total: number | undefined) => void;
  /** A fresh read-only transaction context (subscriptions read each change in one). */
  readonly openReadContext: () => TxnContext;
  /** Closers of live subscriptions, run when the database closes. */
  readonly subscriptions: Set<() => void>;
  /** Definitions as of `epoch`, shared by transactions that started at that epoch. */
  definitionsCache?: { epoch: number; value: unknown };
}

export class TxnContext {
  readonly kv: KVTxn;
  readonly id: number;
  readonly env: DbEnv;
  /** Deferred until after a successful commit, in order. */
  readonly afterCommit: (() => void)[] = [];
  /** Per-transaction memo (e.g. loaded definitions), dropped with the transaction. */
  readonly memo = new Map<string, unknown>();
  schemaChanged = false;
  /** The schema epoch this transaction's snapshot was taken at. */
  readonly epoch: number;

  constructor(kv: KVTxn, id: number, env: DbEnv) {
    this.kv = kv;
    this.id = id;
    this.env = env;
    this.epoch = env.schemaEpoch;
  }

  /** Publishes an event once this transaction has committed. */
  emitAfterCommit<K extends keyof DbEvents>(name: K, payload: DbEvents[K]): void {
    this.afterCommit.push(() => this.env.events.emit(name, payload));
  }

  /** Runs the deferred work; call exactly once, after commit. */
  flush(): void {
    if (this.schemaChanged) this.env.schemaEpoch++;
    for (const fn of this.afterCommit.splice(0)) {
      try { fn(); } catch (e) { this.env.logger.error('event listener failed', { error: String(e) }); }
    }
  }

  memoize<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }
}
