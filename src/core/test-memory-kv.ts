// A minimal sorted in-memory KVWriter for core's own tests (the real backends live in store/).

import type { KVWriter, KVEntry, IterateOptions } from '../store/index.ts';
import { compareBytes, startsWith, toHex } from '../util/index.ts';

export class TestMemoryKV implements KVWriter {
  readonly map = new Map<string, KVEntry>();
  /** How many times get() was called (tests of what a batch reads). */
  gets = 0;
  private sorted: KVEntry[] | undefined;

  get(key: Uint8Array): Uint8Array | undefined { this.gets++; return this.map.get(toHex(key))?.value; }
  has(key: Uint8Array): boolean { return this.map.has(toHex(key)); }
  put(key: Uint8Array, value: Uint8Array): void { this.map.set(toHex(key), { key: key.slice(), value: value.slice() }); this.sorted = undefined; }
  delete(key: Uint8Array): void { this.map.delete(toHex(key)); this.sorted = undefined; }

  *iterate(opts: IterateOptions = {}): Iterable<KVEntry> {
    this.sorted ??= [...this.map.values()].sort((a, b) => compareBytes(a.key, b.key));
    const list = opts.reverse ? [...this.sorted].reverse() : this.sorted;
    let n = 0;
    for (const e of list) {
      if (opts.prefix && !startsWith(e.key, opts.prefix)) continue;
      if (opts.start && compareBytes(e.key, opts.start) < 0) continue;
      if (opts.end && compareBytes(e.key, opts.end) >= 0) continue;
      if (opts.limit !== undefined && n++ >= opts.limit) return;
      yield e;
    }
  }
}
