import { kvContract } from './kv-contract.ts';
import { MemoryStore } from './memory-store.ts';

kvContract('memory', { open: () => new MemoryStore() });

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './open-store.ts';

test('openStore picks the backend from its config', async () => {
  const s = openStore({ kind: 'memory' });
  assert.ok(s instanceof MemoryStore);
  await s.close();
  assert.throws(() => s.newTxn(), (e: unknown) => (e as { code?: string }).code === 'store-closed');
});

import { toHex } from '../util/index.ts';
import type { KVTxn } from './kv.ts';

test('memory: interleaved snapshots, in-place and copy-on-write commits stay isolated', async () => {
  let seed = 7;
  const rand = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return (seed >>> 8) % n; };
  const store = new MemoryStore();
  let state = new Map<string, string>();
  const open: { txn: KVTxn; view: Map<string, string> }[] = [];
  const dump = (t: KVTxn) => [...t.iterate()].map((e) => `${toHex(e.key)}=${toHex(e.value)}`);
  const want = (m: Map<string, string>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([a, b]) => `${a}=${b}`);
  for (let step = 0; step < 3000; step++) {
    const op = rand(10);
    if (op < 3) {
      open.push({ txn: store.newTxn(rand(2) === 0), view: new Map(state) });
    } else if (op < 7) {
      // commit a batch of blind writes, from a fresh txn or from an open read-write one
      const i = open.findIndex((o) => !o.txn.readOnly);
      const t = i >= 0 && rand(2) === 0 ? open.splice(i, 1)[0].txn : store.newTxn();
      const next = new Map(state);
      for (let j = rand(40); j >= 0; j--) {
        const key = new Uint8Array([rand(4), rand(256)]);
        if (rand(3) === 0) { t.delete(key); next.delete(toHex(key)); }
        else { const v = new Uint8Array([step & 255, j]); t.put(key, v); next.set(toHex(key), toHex(v)); }
      }
      await t.commit();
      state = next;
    } else if (op < 9 && open.length > 0) {
      open.splice(rand(open.length), 1)[0].txn.discard();
    } else if (open.length > 0) {
      const o = open[rand(open.length)];
      // read-write txns only write blindly here, so their commits never conflict
      if (o.txn.readOnly) assert.deepEqual(dump(o.txn), want(o.view));
      else assert.equal(o.txn.get(new Uint8Array([9, 9])), undefined);
    }
  }
  for (const o of open) { assert.deepEqual(dump(o.txn), want(o.view)); o.txn.discard(); }
  const r = store.newTxn(true);
  assert.deepEqual(dump(r), want(state));
  r.discard();
});
