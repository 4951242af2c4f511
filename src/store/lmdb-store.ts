// The on-disk backend over lmdb-js, with raw binary keys and values. A transaction's snapshot is
// an LMDB read transaction (useReadTransaction) used for every get and cursor; commit writes the
// overlay in one synchronous LMDB write transaction, so it is atomic. By default the OS writes
// the pages back and a background sync runs every second (Badger's SyncWrites=false, DefraDB's
// default); 'sync' flushes every commit before it resolves.
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
   * 'periodic' (default): LMDB's noSync commits, plus a background sync every `syncIntervalMs`
   * and at close. A process crash loses nothing committed (the pages are in the page cache); an
   * OS crash or power loss may lose the last interval's commits.
   * 'sync': commit returns once LMDB has flushed the write transaction to disk.
   * 'none': noSync and no background sync (tests and throwaway stores).
   */
  flush?: 'periodic' | 'sync' | 'none';
  /** Background sync interval for 'periodic' (default 1000 ms). */
  syncIntervalMs?: number;
  /** LMDB reader slots: one per concurrently open snapshot generation. */
  maxReaders?: number;
  /** Page size of a new environment (default 16 KiB; an existing one keeps its own). */
  pageSize?: number;
  /** LMDB's MDB_WRITEMAP (default true); false copies dirty pages out at commit instead. */
  writeMap?: boolean;
}

/** With 4 KiB pages, once a store holds ~100 MB every commit costs milliseconds however small
 *  it is: LMDB's free-page list outgrows a page and each commit searches it for contiguous
 *  pages (1-key commit: 3.3 ms at 118 MB with 4 KiB pages, 0.02 ms with 16 KiB). */
const DEFAULT_PAGE_SIZE = 16 * 1024;

type BinaryDB = RootDatabase<Uint8Array, Uint8Array>;
// lmdb-js's env sync (mdb_env_sync with force, on a worker thread); missing from its typings
interface Syncable { sync(done: (error?: Error) => void): void }
const syncEnv = (db: BinaryDB, done: () => void): void => (db as unknown as Syncable).sync(() => done());
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
  /** The commit flags handed to lmdbRawPutBatch too, so the limit pays the same flush. */
  readonly commitFlags: number;
  private isClosed = false;
  private dirty = false;
  private syncing = false;
  private readonly syncTimer?: ReturnType<typeof setInterval>;

  constructor(options: LmdbStoreOptions) {
    const flush = options.flush ?? 'periodic';
    this.db = open<Uint8Array, Uint8Array>({
      path: options.path,
      keyEncoding: 'binary',
      encoding: 'binary',
      maxReaders: options.maxReaders ?? 1024,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      noSync: flush !== 'sync',
      // Dirty pages are written straight into the map: a commit then only flips the meta page,
      // instead of copying each page from a malloc'd buffer with pwrite (commits ~20% cheaper;
      // batches of random block keys dirty hundreds of pages). Nothing is nested, which is
      // the one LMDB feature writemap rules out.
      useWritemap: options.writeMap ?? true,
    });
    this.commitFlags = ABORTABLE_SYNC_COMMIT;
    if (flush === 'periodic') {
      this.syncTimer = setInterval(() => this.backgroundSync(), options.syncIntervalMs ?? 1000);
      this.syncTimer.unref();
    }
  }

  /** Flushes the OS buffers of earlier commits off the JS thread; one at a time. */
  private backgroundSync(): void {
    if (!this.dirty || this.syncing || this.isClosed) return;
    this.dirty = false;
    this.syncing = true;
    syncEnv(this.db, () => { this.syncing = false; });
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
    }, this.commitFlags);
    this.dirty = true;
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.syncTimer) clearInterval(this.syncTimer);
    await new Promise<void>((resolve) => syncEnv(this.db, resolve));
    await this.db.close();
  }
}

/**
 * Raw batched puts in one LMDB write transaction (same flush mode as the store's commits),
 * bypassing snapshots, overlay and conflict checks: the benchmark's physical write limit.
 */
export function lmdbRawPutBatch(store: LmdbStore, entries: Iterable<{ key: Uint8Array; value: Uint8Array }>): number {
  const db = store.db;
  let n = 0;
  db.transactionSync(() => {
    for (const e of entries) { db.putSync(e.key, e.value); n++; }
  }, store.commitFlags);
  return n;
}

/** Raw point read outside any transaction (latest committed state): the physical read limit. */
export function lmdbRawGet(store: LmdbStore, key: Uint8Array): Uint8Array | undefined {
  return store.db.getBinary(key);
}
