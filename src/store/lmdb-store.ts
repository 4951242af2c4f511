// The on-disk backend over lmdb-js, with raw binary keys and values. A transaction's snapshot is
// an LMDB read transaction (useReadTransaction) used for every get and cursor; commit writes the
// overlay in one synchronous LMDB write transaction, so it is atomic and, by default, flushed to
// disk before commit resolves.
import { open, type RootDatabase, type Transaction, type RangeOptions } from 'lmdb';
import { ConflictOracle } from './conflicts.ts';
import { BTreeCursor } from './btree-cursor.ts';
import { ErrStoreClosed } from './errors.ts';
import { Txn, type KVSnapshot, type Overlay, type TxnHost } from './txn.ts';
import type { KeyRange } from './range.ts';
import type { KVEntry, KVStore, KVTxn } from './kv.ts';

export interface LmdbStoreOptions {
  path: string;
  /**
   * 'sync' (default): commit returns once LMDB has flushed the write transaction to disk.
   * 'none': LMDB's noSync; the OS writes pages back later. Survives a process crash (the data
   * is in the page cache), not an OS crash or power loss. ~15x more small commits per second.
   */
  flush?: 'sync' | 'none';
  /** LMDB reader slots: one per concurrently open snapshot generation. */
  maxReaders?: number;
}

type BinaryDB = RootDatabase<Uint8Array, Uint8Array>;
interface TxnOpts { transaction: Transaction }
// lmdb-js accepts read options on these, but its typings leave them out
interface ReadWithTxn {
  getBinary(key: Uint8Array, opts: TxnOpts): Uint8Array | undefined;
  getBinaryFast(key: Uint8Array, opts: TxnOpts): Uint8Array | undefined;
}

const EMPTY = new Uint8Array(0);
const ABORTABLE_SYNC_COMMIT: number = 3; // lmdb-js TransactionFlags: ABORTABLE | SYNCHRONOUS_COMMIT

class LmdbSnapshot implements KVSnapshot {
  private readonly store: LmdbStore;
  private readonly db: BinaryDB;
  private readonly reader: ReadWithTxn;
  private readonly rt: Transaction;
  private readonly opts: TxnOpts;
  private released = false;

  constructor(store: LmdbStore) {
    this.store = store;
    const db = (this.db = store.db);
    this.reader = db as unknown as ReadWithTxn;
    this.rt = db.useReadTransaction();
    this.opts = { transaction: this.rt };
  }

  get(key: Uint8Array): Uint8Array | undefined {
    if (this.store.closed) throw ErrStoreClosed();
    if (key.length === 0) return undefined;
    return this.reader.getBinary(key, this.opts);
  }

  has(key: Uint8Array): boolean {
    if (this.store.closed) throw ErrStoreClosed();
    if (key.length === 0) return false;
    return this.reader.getBinaryFast(key, this.opts) !== undefined;
  }

  entries(range: KeyRange): Iterable<KVEntry> {
    if (this.store.closed) throw ErrStoreClosed();
    const o: RangeOptions & { values?: boolean } = { transaction: this.rt };
    if (range.reverse) {
      // lmdb-js walks from `start` down to `end`: flip our [start, end) accordingly
      if (range.end) { o.start = range.end; o.exclusiveStart = true; }
      if (range.start) { o.end = range.start; o.inclusiveEnd = true; }
      o.reverse = true;
    } else {
      if (range.start) o.start = range.start;
      if (range.end) o.end = range.end;
    }
    if (range.limit !== Infinity) o.limit = range.limit;
    if (!range.keysOnly) return this.db.getRange(o) as Iterable<KVEntry>;
    o.values = false;
    return this.db.getRange(o).map((key) => ({ key: key as unknown as Uint8Array, value: EMPTY }));
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    if (!this.store.closed) this.rt.done(); // closing the env already ended every reader
  }
}

export class LmdbStore implements KVStore, TxnHost {
  readonly oracle = new ConflictOracle();
  /** The lmdb-js root database (binary keys and values); for raw access by benchmarks. */
  readonly db: BinaryDB;
  private isClosed = false;

  constructor(options: LmdbStoreOptions) {
    this.db = open<Uint8Array, Uint8Array>({
      path: options.path,
      keyEncoding: 'binary',
      encoding: 'binary',
      maxReaders: options.maxReaders ?? 1024,
      noSync: options.flush === 'none',
    });
  }

  /** Snapshots check this before touching the environment. */
  get closed(): boolean { return this.isClosed; }

  newTxn(readOnly = false): KVTxn {
    if (this.isClosed) throw ErrStoreClosed();
    return new Txn(this, new LmdbSnapshot(this), readOnly);
  }

  apply(writes: Overlay): void {
    if (this.isClosed) throw ErrStoreClosed();
    const db = this.db;
    db.transactionSync(() => {
      for (const c = new BTreeCursor(writes, undefined, undefined, false); c.valid; c.next()) {
        if (c.value === null) db.removeSync(c.key);
        else db.putSync(c.key, c.value!);
      }
    }, ABORTABLE_SYNC_COMMIT);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.db.close();
  }
}

/**
 * Raw batched puts in one synchronous LMDB write transaction, bypassing snapshots, overlay and
 * conflict checks: the physical write limit the benchmark compares the database against.
 */
export function lmdbRawPutBatch(store: LmdbStore, entries: Iterable<{ key: Uint8Array; value: Uint8Array }>): number {
  const db = store.db;
  let n = 0;
  db.transactionSync(() => {
    for (const e of entries) { db.putSync(e.key, e.value); n++; }
  }, ABORTABLE_SYNC_COMMIT);
  return n;
}

/** Raw point read outside any transaction (latest committed state): the physical read limit. */
export function lmdbRawGet(store: LmdbStore, key: Uint8Array): Uint8Array | undefined {
  return store.db.getBinary(key);
}
