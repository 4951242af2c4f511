// One entry point for choosing a backend from configuration.
import { LmdbStore, type LmdbStoreOptions } from './lmdb-store.ts';
import { MemoryStore } from './memory-store.ts';
import type { KVStore } from './kv.ts';

export type StoreConfig =
  | { kind: 'memory' }
  | ({ kind: 'lmdb' } & LmdbStoreOptions);

/** Opens a store; close it with `store.close()`. */
export function openStore(config: StoreConfig): KVStore {
  switch (config.kind) {
    case 'memory': return new MemoryStore();
    case 'lmdb': return new LmdbStore(config);
  }
}
