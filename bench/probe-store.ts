// A pass-through KVStore that, while a recorder is attached, records what the database really
// does to the KV layer: the final value of every key a transaction writes (what reaches LMDB at
// commit), and every read in order (point gets, and ranges with the number of entries consumed).
// Limits are then derived from these recordings, so they use the db's real write amplification
// and read set instead of a guess. With no recorder attached, newTxn returns the inner
// transaction untouched, so measured runs pay nothing.
import type { IterateOptions, KVEntry, KVStore, KVTxn } from '../src/store/index.ts';

export type ReadOp =
  | { kind: 'get'; key: Uint8Array }
  | { kind: 'range'; opts: IterateOptions; consumed: number };

export class Recorder {
  /** Final writes of committed transactions, in commit order (hex key → value). */
  readonly writes = new Map<string, { key: Uint8Array; value: Uint8Array }>();
  /** put() calls, including repeated writes of one key inside a transaction. */
  putCalls = 0;
  readonly reads: ReadOp[] = [];
  /** Entries returned by gets and ranges. */
  entriesRead = 0;
}

const hex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

class RecordingTxn implements KVTxn {
  readonly #inner: KVTxn;
  readonly #rec: Recorder;
  readonly #pending = new Map<string, { key: Uint8Array; value: Uint8Array } | null>();

  constructor(inner: KVTxn, rec: Recorder) {
    this.#inner = inner;
    this.#rec = rec;
  }

  get readOnly(): boolean { return this.#inner.readOnly; }

  get(key: Uint8Array): Uint8Array | undefined {
    const v = this.#inner.get(key);
    this.#rec.reads.push({ kind: 'get', key: key.slice() });
    if (v !== undefined) this.#rec.entriesRead++;
    return v;
  }

  has(key: Uint8Array): boolean {
    this.#rec.reads.push({ kind: 'get', key: key.slice() });
    const v = this.#inner.has(key);
    if (v) this.#rec.entriesRead++;
    return v;
  }

  *iterate(opts: IterateOptions = {}): Iterable<KVEntry> {
    const op: ReadOp = { kind: 'range', opts: { ...opts }, consumed: 0 };
    this.#rec.reads.push(op);
    for (const e of this.#inner.iterate(opts)) {
      op.consumed++;
      this.#rec.entriesRead++;
      yield e;
    }
  }

  put(key: Uint8Array, value: Uint8Array): void {
    this.#rec.putCalls++;
    this.#pending.set(hex(key), { key: key.slice(), value: value.slice() });
    this.#inner.put(key, value);
  }

  delete(key: Uint8Array): void {
    this.#pending.set(hex(key), null);
    this.#inner.delete(key);
  }

  async commit(): Promise<void> {
    await this.#inner.commit();
    for (const [k, e] of this.#pending) {
      if (e) this.#rec.writes.set(k, e);
      else this.#rec.writes.delete(k);
    }
  }

  discard(): void { this.#inner.discard(); }
}

export class ProbeStore implements KVStore {
  readonly inner: KVStore;
  recorder: Recorder | undefined;

  constructor(inner: KVStore) {
    this.inner = inner;
  }

  newTxn(readOnly?: boolean): KVTxn {
    const t = this.inner.newTxn(readOnly);
    return this.recorder ? new RecordingTxn(t, this.recorder) : t;
  }

  /** Runs fn with a fresh recorder attached and returns what it recorded. */
  async record(fn: () => Promise<unknown>): Promise<Recorder> {
    const rec = new Recorder();
    this.recorder = rec;
    try { await fn(); } finally { this.recorder = undefined; }
    return rec;
  }

  close(): Promise<void> { return this.inner.close(); }
}
