export * from './kv.ts';
export { ErrEmptyKey, ErrStoreClosed } from './errors.ts';
export { toKeyRange, type KeyRange } from './range.ts';
export { MemoryStore } from './memory-store.ts';
export { LmdbStore, lmdbRawPutBatch, lmdbRawGet, type LmdbStoreOptions } from './lmdb-store.ts';
export { openStore, type StoreConfig } from './open-store.ts';
