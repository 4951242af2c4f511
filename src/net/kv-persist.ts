// PersistStore over the ordered KV contract (node passes its system store), keys as UTF-8.

import type { KVStore } from '../store/index.ts';
import { utf8, fromUtf8, prefixEnd } from '../util/index.ts';
import type { PersistStore } from './deps.ts';

export function kvPersist(kv: KVStore, keyPrefix = ''): PersistStore {
  const k = (key: string) => utf8(keyPrefix + key);
  const write = async (fn: (txn: ReturnType<KVStore['newTxn']>) => void) => {
    const txn = kv.newTxn(false);
    try {
      fn(txn);
      await txn.commit();
    } catch (err) {
      txn.discard();
      throw err;
    }
  };
  return {
    async get(key) {
      const txn = kv.newTxn(true);
      try { return txn.get(k(key)); } finally { txn.discard(); }
    },
    put: (key, value) => write((t) => t.put(k(key), value)),
    delete: (key) => write((t) => t.delete(k(key))),
    async list(prefix) {
      const txn = kv.newTxn(true);
      try {
        const p = k(prefix);
        const out = [];
        for (const e of txn.iterate({ prefix: p, end: prefixEnd(p) })) {
          out.push({ key: fromUtf8(e.key).slice(keyPrefix.length), value: e.value });
        }
        return out;
      } finally { txn.discard(); }
    },
  };
}
