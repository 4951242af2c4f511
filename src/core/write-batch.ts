// Write-back batches. A create merges a block per field and then the composite, each a
// read-modify-write of the same document record and head sets. Inside withWriteBatch those stay
// decoded in memory and are encoded and written once, when the batch ends (dropped if it throws).
// Code inside must read them only through their loaders (loadRecord, listHeads, headsUnder, …),
// never straight from the KV (fetchDoc, a raw iterate).

import type { KVReader, KVWriter } from '../store/index.ts';

export interface Held<T> {
  value: T;
  /** Written at the end of the batch only when set (a held read-only copy is just a cache). */
  dirty: boolean;
  write: (kv: KVWriter, value: T) => void;
}

/**
 * Held items by space (a number the holder picks, e.g. a collection's short ID) and key within
 * it: the keys stay the docIDs themselves, where one composed string per lookup would have to
 * be built and hashed each time.
 */
export class WriteBatch {
  readonly kv: KVReader;
  private readonly spaces = new Map<number, Map<string, Held<unknown>>>();

  constructor(kv: KVReader) { this.kv = kv; }

  get<T>(space: number, key: string): Held<T> | undefined {
    return this.spaces.get(space)?.get(key) as Held<T> | undefined;
  }

  hold<T>(space: number, key: string, value: T, write: (kv: KVWriter, value: T) => void, dirty: boolean): Held<T> {
    const h: Held<T> = { value, dirty, write };
    let items = this.spaces.get(space);
    if (!items) this.spaces.set(space, (items = new Map()));
    items.set(key, h as Held<unknown>);
    return h;
  }

  flush(kv: KVWriter): void {
    for (const items of this.spaces.values()) for (const h of items.values()) if (h.dirty) h.write(kv, h.value);
  }
}

let current: WriteBatch | undefined;

/** The batch open on `kv`, if any. */
export const activeBatch = (kv: KVReader): WriteBatch | undefined => (current?.kv === kv ? current : undefined);

/** Runs `fn` with record and doc-head writes on `kv` held back and written when it returns. */
export function withWriteBatch<T>(kv: KVWriter, fn: () => T): T {
  if (current?.kv === kv) return fn();
  const outer = current;
  const batch = new WriteBatch(kv);
  current = batch;
  try {
    const result = fn();
    current = outer;
    batch.flush(kv);
    return result;
  } finally {
    current = outer;
  }
}
