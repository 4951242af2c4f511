// The transaction shared by every backend: a snapshot from the backend plus an ordered overlay
// of this transaction's own writes (null marks a delete), merged on every read. Commit checks
// the conflict oracle, then hands the overlay to the backend, which applies it atomically.
import { compareBytes, copyBytes } from '../util/index.ts';
import { ErrReadOnlyTxn, ErrTxnConflict, ErrTxnDiscarded } from '../client/index.ts';
import { BTree } from './btree.ts';
import { BTreeCursor } from './btree-cursor.ts';
import { keyFingerprint, type ConflictOracle } from './conflicts.ts';
import { ErrEmptyKey } from './errors.ts';
import { toKeyRange, type KeyRange } from './range.ts';
import type { IterateOptions, KVEntry, KVTxn } from './kv.ts';

/** Pending writes of a transaction in key order; null is a delete. */
export type Overlay = BTree<Uint8Array | null>;

/** A consistent read view of a backend, held for one transaction. */
export interface KVSnapshot {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  /** Entries of a normalized, non-empty range, honouring reverse, limit and keysOnly. */
  entries(range: KeyRange): Iterable<KVEntry>;
  release(): void;
}

/** What a transaction needs from its store. */
export interface TxnHost {
  readonly oracle: ConflictOracle;
  /**
   * Applies every write or none, synchronously; may return a promise for durability. `snap` is
   * the committing transaction's own snapshot, released right after.
   */
  apply(writes: Overlay, snap: KVSnapshot): Promise<void> | void;
}

const RESOLVED = Promise.resolve();

interface Held { snap: KVSnapshot; oracle: ConflictOracle; startSeq: number }
// A transaction dropped without commit/discard must not pin its snapshot (an LMDB reader) forever.
const leakGuard = new FinalizationRegistry<Held>((h) => {
  h.snap.release();
  h.oracle.end(h.startSeq);
});

export class Txn implements KVTxn {
  readonly readOnly: boolean;
  private readonly host: TxnHost;
  private readonly snap: KVSnapshot;
  private readonly startSeq: number;
  private readonly reads: Set<number> | undefined;
  /**
   * Snapshot-only scans (overlay empty then), as the range and how many entries were consumed:
   * fingerprinted at commit, and only when a commit since our start could conflict. The snapshot
   * is immutable, so re-reading the same range and count yields exactly the keys that were read.
   */
  private scans: { range: KeyRange; consumed: number }[] | undefined;
  private overlay: Overlay | undefined;
  private done = false;

  constructor(host: TxnHost, snap: KVSnapshot, readOnly: boolean) {
    this.host = host;
    this.snap = snap;
    this.readOnly = readOnly;
    this.startSeq = host.oracle.begin();
    this.reads = readOnly ? undefined : new Set();
    leakGuard.register(this, { snap, oracle: host.oracle, startSeq: this.startSeq }, this);
  }

  get(key: Uint8Array): Uint8Array | undefined {
    if (this.done) throw ErrTxnDiscarded();
    if (this.overlay !== undefined) {
      const v = this.overlay.get(key);
      if (v !== undefined) return v ?? undefined;
    }
    if (this.reads !== undefined) this.reads.add(keyFingerprint(key));
    return this.snap.get(key);
  }

  has(key: Uint8Array): boolean {
    if (this.done) throw ErrTxnDiscarded();
    if (this.overlay !== undefined) {
      const v = this.overlay.get(key);
      if (v !== undefined) return v !== null;
    }
    if (this.reads !== undefined) this.reads.add(keyFingerprint(key));
    return this.snap.has(key);
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.checkWrite(key);
    (this.overlay ??= new BTree()).set(copyBytes(key), copyBytes(value));
  }

  delete(key: Uint8Array): void {
    this.checkWrite(key);
    (this.overlay ??= new BTree()).set(copyBytes(key), null);
  }

  iterate(opts?: IterateOptions): Iterable<KVEntry> {
    if (this.done) throw ErrTxnDiscarded();
    const range = toKeyRange(opts);
    if (range.empty) return [];
    if (this.overlay === undefined || this.overlay.size === 0) return this.scanSnapshot(range);
    return this.scanMerged(range, this.overlay);
  }

  commit(): Promise<void> {
    if (this.done) return Promise.reject(ErrTxnDiscarded());
    try {
      const writes = this.overlay;
      if (writes === undefined || writes.size === 0) return RESOLVED;
      if (this.reads !== undefined && this.host.oracle.lastCommit > this.startSeq) this.fingerprintScans(this.reads);
      if (this.reads !== undefined && this.host.oracle.conflicts(this.startSeq, this.reads)) {
        return Promise.reject(ErrTxnConflict());
      }
      let keys: Set<number> | undefined;
      if (this.host.oracle.othersOpen) {
        keys = new Set<number>();
        for (const c = new BTreeCursor(writes, undefined, undefined, false); c.valid; c.next()) keys.add(keyFingerprint(c.key));
      }
      const durable = this.host.apply(writes, this.snap);
      this.host.oracle.commit(keys);
      return durable ?? RESOLVED;
    } catch (err) {
      return Promise.reject(err);
    } finally {
      this.finish();
    }
  }

  discard(): void {
    if (!this.done) this.finish();
  }

  private finish(): void {
    this.done = true;
    leakGuard.unregister(this);
    this.snap.release();
    this.host.oracle.end(this.startSeq);
  }

  private checkWrite(key: Uint8Array): void {
    if (this.done) throw ErrTxnDiscarded();
    if (this.readOnly) throw ErrReadOnlyTxn();
    if (key.length === 0) throw ErrEmptyKey();
  }

  private *scanSnapshot(range: KeyRange): Generator<KVEntry> {
    // bounds copied: a caller may reuse its key buffers before we re-read the range
    const scan = this.reads !== undefined ? { range: { ...range, start: range.start?.slice(), end: range.end?.slice() }, consumed: 0 } : undefined;
    if (scan) (this.scans ??= []).push(scan);
    for (const e of this.snap.entries(range)) {
      if (this.done) throw ErrTxnDiscarded();
      if (scan) scan.consumed++;
      yield e;
    }
  }

  private fingerprintScans(reads: Set<number>): void {
    if (this.scans === undefined) return;
    for (const { range, consumed } of this.scans) {
      if (consumed === 0) continue;
      for (const e of this.snap.entries({ ...range, limit: consumed })) reads.add(keyFingerprint(e.key));
    }
    this.scans = undefined;
  }

  /** Merges snapshot and overlay in range order; the overlay wins ties and its deletes hide keys. */
  private *scanMerged(range: KeyRange, overlay: Overlay): Generator<KVEntry> {
    const dir = range.reverse ? -1 : 1;
    const mine = new BTreeCursor(overlay, range.start, range.end, range.reverse);
    const base = this.snap.entries({ ...range, limit: Infinity })[Symbol.iterator]();
    const reads = this.reads;
    let b = base.next();
    let n = 0;
    try {
      while (n < range.limit && (mine.valid || !b.done)) {
        if (this.done) throw ErrTxnDiscarded();
        const c = b.done ? -1 : mine.valid ? compareBytes(mine.key, b.value.key) * dir : 1;
        if (c <= 0) {
          if (c === 0) b = base.next(); // shadowed by our own write
          const v = mine.value;
          const key = mine.key;
          mine.next();
          if (v === null || v === undefined) continue;
          n++;
          yield { key, value: v };
        } else {
          const e = b.value;
          b = base.next();
          if (reads !== undefined) reads.add(keyFingerprint(e.key));
          n++;
          yield e;
        }
      }
    } finally {
      base.return?.();
    }
  }
}
