// The ordered key/value contract every backend implements. Keys and values are bytes; keys are
// ordered bytewise. Reads and writes inside a transaction are synchronous (both backends answer
// from memory or a memory map, and the CRDT merge loop is hot); only commit is asynchronous.

export interface IterateOptions {
  /** Only keys starting with this prefix. */
  prefix?: Uint8Array;
  /** Inclusive lower bound. */
  start?: Uint8Array;
  /** Exclusive upper bound. */
  end?: Uint8Array;
  reverse?: boolean;
  limit?: number;
  /** Values are not needed (they may be returned empty). */
  keysOnly?: boolean;
}

export interface KVEntry { key: Uint8Array; value: Uint8Array }

export interface KVReader {
  get(key: Uint8Array): Uint8Array | undefined;
  has(key: Uint8Array): boolean;
  iterate(opts?: IterateOptions): Iterable<KVEntry>;
}

export interface KVWriter extends KVReader {
  put(key: Uint8Array, value: Uint8Array): void;
  delete(key: Uint8Array): void;
}

/**
 * A transaction: reads see a snapshot taken at its start plus its own writes. Commit is
 * all-or-nothing; it fails with ErrTxnConflict when a key this transaction read was written by
 * a transaction that committed after this one started.
 */
export interface KVTxn extends KVWriter {
  readonly readOnly: boolean;
  commit(): Promise<void>;
  discard(): void;
}

export interface KVStore {
  newTxn(readOnly?: boolean): KVTxn;
  close(): Promise<void>;
}
