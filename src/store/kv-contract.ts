// The behaviour every KVStore backend must show, as node:test cases registered for a factory.
// Run by memory-store.test.ts and lmdb-store.test.ts (not exported from index.ts: test-only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareBytes, fromUtf8, utf8 } from '../util/index.ts';
import type { IterateOptions, KVStore, KVTxn } from './kv.ts';

export interface StoreFactory {
  open(): Promise<KVStore> | KVStore;
  /** Called after the store is closed, e.g. to delete its directory. */
  cleanup?(): Promise<void> | void;
}

const k = utf8;
const keysOf = (t: KVTxn, o?: IterateOptions) => [...t.iterate(o)].map((e) => fromUtf8(e.key));
const pairsOf = (t: KVTxn, o?: IterateOptions) => [...t.iterate(o)].map((e) => `${fromUtf8(e.key)}=${fromUtf8(e.value)}`);

async function seed(store: KVStore, entries: Record<string, string>): Promise<void> {
  const t = store.newTxn();
  for (const [key, v] of Object.entries(entries)) t.put(k(key), k(v));
  await t.commit();
}

function rejectsWith(code: string, message?: string) {
  return (err: unknown) => {
    assert.equal((err as { code?: string }).code, code);
    if (message) assert.equal((err as Error).message, message);
    return true;
  };
}

export function kvContract(name: string, factory: StoreFactory): void {
  const withStore = (title: string, fn: (s: KVStore) => Promise<void>) =>
    test(`${name}: ${title}`, async () => {
      const store = await factory.open();
      try { await fn(store); } finally { await store.close(); await factory.cleanup?.(); }
    });

  withStore('get, put, has, delete inside a txn and after commit', async (s) => {
    const t = s.newTxn();
    assert.equal(t.get(k('a')), undefined);
    assert.equal(t.has(k('a')), false);
    t.put(k('a'), k('1'));
    t.put(k('b'), k('2'));
    assert.equal(fromUtf8(t.get(k('a'))!), '1');
    assert.equal(t.has(k('b')), true);
    t.delete(k('b'));
    assert.equal(t.has(k('b')), false);
    await t.commit();
    const r = s.newTxn(true);
    assert.equal(fromUtf8(r.get(k('a'))!), '1');
    assert.equal(r.get(k('b')), undefined);
    r.discard();
    const d = s.newTxn();
    d.delete(k('a'));
    d.put(k('c'), new Uint8Array(0));
    await d.commit();
    const r2 = s.newTxn(true);
    assert.equal(r2.has(k('a')), false);
    assert.equal(r2.has(k('c')), true);
    assert.equal(r2.get(k('c'))!.length, 0);
    r2.discard();
  });

  withStore('writes are copied: later changes to the caller\'s buffers do not leak in', async (s) => {
    const t = s.newTxn();
    const key = k('key'), val = k('val');
    t.put(key, val);
    key[0] = 0x7a; val[0] = 0x7a;
    await t.commit();
    const r = s.newTxn(true);
    assert.equal(fromUtf8(r.get(k('key'))!), 'val');
    r.discard();
  });

  withStore('empty keys are rejected', async (s) => {
    const t = s.newTxn();
    assert.throws(() => t.put(new Uint8Array(0), k('x')), rejectsWith('empty-key'));
    t.discard();
  });

  withStore('bytewise key order, prefix and range iteration both ways with limit', async (s) => {
    const t = s.newTxn();
    const raw = [[1], [1, 0], [1, 0, 0], [1, 0xff], [2], [0xff], [0xff, 0xff], [0x7f, 1], [0x80]];
    for (const b of raw) t.put(new Uint8Array(b), new Uint8Array(b));
    await t.commit();
    const r = s.newTxn(true);
    const all = [...r.iterate()].map((e) => [...e.key]);
    assert.deepEqual(all, [...raw].sort((a, b) => compareBytes(new Uint8Array(a), new Uint8Array(b))));
    assert.deepEqual([...r.iterate({ reverse: true })].map((e) => [...e.key]), [...all].reverse());
    assert.deepEqual([...r.iterate({ prefix: new Uint8Array([1]) })].map((e) => [...e.key]), [[1], [1, 0], [1, 0, 0], [1, 0xff]]);
    assert.deepEqual([...r.iterate({ prefix: new Uint8Array([0xff]) })].map((e) => [...e.key]), [[0xff], [0xff, 0xff]]);
    assert.deepEqual([...r.iterate({ prefix: new Uint8Array([0xff]), reverse: true, limit: 1 })].map((e) => [...e.key]), [[0xff, 0xff]]);
    r.discard();
    await seed(s, { 'p/a': '1', 'p/b': '2', 'p/c': '3', 'p/d': '4', 'q/a': '5', o: '0' });
    const r2 = s.newTxn(true);
    assert.deepEqual(keysOf(r2, { prefix: k('p/') }), ['p/a', 'p/b', 'p/c', 'p/d']);
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), reverse: true }), ['p/d', 'p/c', 'p/b', 'p/a']);
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), limit: 2 }), ['p/a', 'p/b']);
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), reverse: true, limit: 3 }), ['p/d', 'p/c', 'p/b']);
    assert.deepEqual(keysOf(r2, { start: k('p/b'), end: k('p/d') }), ['p/b', 'p/c']);
    assert.deepEqual(keysOf(r2, { start: k('p/b'), end: k('p/d'), reverse: true }), ['p/c', 'p/b']);
    assert.deepEqual(keysOf(r2, { start: k('p/bb'), end: k('p/cc'), reverse: true }), ['p/c']);
    assert.deepEqual(keysOf(r2, { start: k('p/c'), end: k('p/c') }), []);
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), start: k('p/c') }), ['p/c', 'p/d']);
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), end: k('p/b'), reverse: true }), ['p/a']);
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), limit: 0 }), []);
    assert.deepEqual(keysOf(r2, { prefix: k('zz') }), []);
    assert.deepEqual(pairsOf(r2, { prefix: k('q/') }), ['q/a=5']);
    const ko = [...r2.iterate({ prefix: k('p/'), keysOnly: true })];
    assert.deepEqual(ko.map((e) => fromUtf8(e.key)), ['p/a', 'p/b', 'p/c', 'p/d']);
    const early = r2.iterate({ prefix: k('p/') })[Symbol.iterator]();
    assert.equal(fromUtf8(early.next().value!.key), 'p/a');
    early.return?.(); // abandoning an iteration half-way must release it cleanly
    assert.deepEqual(keysOf(r2, { prefix: k('p/'), limit: 1 }), ['p/a']);
    r2.discard();
  });

  withStore('own writes are visible in iteration; deletes hide keys; limits count merged entries', async (s) => {
    await seed(s, { 'p/a': '1', 'p/b': '2', 'p/c': '3', 'p/d': '4', 'q/x': '9' });
    const t = s.newTxn();
    t.put(k('p/b'), k('B'));
    t.delete(k('p/c'));
    t.put(k('p/bb'), k('new'));
    t.put(k('p/e'), k('5'));
    t.put(k('p/0'), k('0'));
    t.delete(k('p/zz')); // deleting a missing key is harmless
    assert.deepEqual(pairsOf(t, { prefix: k('p/') }), ['p/0=0', 'p/a=1', 'p/b=B', 'p/bb=new', 'p/d=4', 'p/e=5']);
    assert.deepEqual(keysOf(t, { prefix: k('p/'), reverse: true }), ['p/e', 'p/d', 'p/bb', 'p/b', 'p/a', 'p/0']);
    assert.deepEqual(keysOf(t, { prefix: k('p/'), limit: 3 }), ['p/0', 'p/a', 'p/b']);
    assert.deepEqual(keysOf(t, { prefix: k('p/'), reverse: true, limit: 2 }), ['p/e', 'p/d']);
    assert.deepEqual(keysOf(t, { start: k('p/b'), end: k('p/e') }), ['p/b', 'p/bb', 'p/d']);
    assert.deepEqual(keysOf(t, { start: k('p/b'), end: k('p/e'), reverse: true }), ['p/d', 'p/bb', 'p/b']);
    assert.deepEqual(keysOf(t), ['p/0', 'p/a', 'p/b', 'p/bb', 'p/d', 'p/e', 'q/x']);
    await t.commit();
    const r = s.newTxn(true);
    assert.deepEqual(pairsOf(r), ['p/0=0', 'p/a=1', 'p/b=B', 'p/bb=new', 'p/d=4', 'p/e=5', 'q/x=9']);
    r.discard();
  });

  withStore('merged iteration matches a reference over thousands of keys', async (s) => {
    const key = (i: number) => k(`k/${String(i).padStart(5, '0')}`);
    const ref = new Map<string, string>();
    const t0 = s.newTxn();
    for (let i = 0; i < 3000; i += 2) { t0.put(key(i), k(`v${i}`)); ref.set(fromUtf8(key(i)), `v${i}`); }
    await t0.commit();
    const t = s.newTxn();
    for (let i = 0; i < 3000; i += 3) {
      if (i % 2 === 0) { t.delete(key(i)); ref.delete(fromUtf8(key(i))); }
      else { t.put(key(i), k(`w${i}`)); ref.set(fromUtf8(key(i)), `w${i}`); }
    }
    const want = [...ref.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([a, b]) => `${a}=${b}`);
    assert.deepEqual(pairsOf(t, { prefix: k('k/') }), want);
    assert.deepEqual(pairsOf(t, { prefix: k('k/'), reverse: true }), [...want].reverse());
    const lo = fromUtf8(key(1000)), hi = fromUtf8(key(2000));
    const mid = want.filter((e) => e >= lo && e.split('=')[0] < hi);
    assert.deepEqual(pairsOf(t, { start: key(1000), end: key(2000), limit: 100 }), mid.slice(0, 100));
    assert.deepEqual(pairsOf(t, { start: key(1000), end: key(2000), reverse: true, limit: 50 }), [...mid].reverse().slice(0, 50));
    await t.commit();
    const r = s.newTxn(true);
    assert.deepEqual(pairsOf(r, { prefix: k('k/') }), want);
    r.discard();
  });

  withStore('snapshot isolation: a txn does not see commits made after it started', async (s) => {
    await seed(s, { a: '1', b: '2' });
    const old = s.newTxn(true);
    const w = s.newTxn();
    w.put(k('a'), k('changed'));
    w.delete(k('b'));
    w.put(k('c'), k('3'));
    await w.commit();
    assert.equal(fromUtf8(old.get(k('a'))!), '1');
    assert.equal(old.has(k('b')), true);
    assert.equal(old.has(k('c')), false);
    assert.deepEqual(pairsOf(old), ['a=1', 'b=2']);
    const fresh = s.newTxn(true);
    assert.deepEqual(pairsOf(fresh), ['a=changed', 'c=3']);
    fresh.discard();
    old.discard();
  });

  withStore('a txn keeps its snapshot across 1,000 later commits', async (s) => {
    await seed(s, { 'n/0000': 'base' });
    const old = s.newTxn(true);
    for (let i = 1; i <= 1000; i++) {
      const t = s.newTxn();
      t.put(k(`n/${String(i).padStart(4, '0')}`), k(`v${i}`));
      t.put(k('n/0000'), k(`over${i}`));
      await t.commit();
    }
    assert.equal(fromUtf8(old.get(k('n/0000'))!), 'base');
    assert.deepEqual(keysOf(old, { prefix: k('n/') }), ['n/0000']);
    old.discard();
    const now = s.newTxn(true);
    assert.equal(fromUtf8(now.get(k('n/0000'))!), 'over1000');
    assert.equal(keysOf(now, { prefix: k('n/') }).length, 1001);
    now.discard();
  });

  withStore('commit is all-or-nothing: a failed commit leaves no trace', async (s) => {
    await seed(s, { x: '0' });
    const t1 = s.newTxn();
    const t2 = s.newTxn();
    t1.get(k('x'));
    for (let i = 0; i < 50; i++) t1.put(k(`t1/${i}`), k('v'));
    t2.put(k('x'), k('1'));
    await t2.commit();
    await assert.rejects(t1.commit(), rejectsWith('txn-conflict'));
    const r = s.newTxn(true);
    assert.deepEqual(keysOf(r, { prefix: k('t1/') }), []);
    assert.equal(fromUtf8(r.get(k('x'))!), '1');
    r.discard();
    const big = s.newTxn();
    for (let i = 0; i < 500; i++) big.put(k(`big/${String(i).padStart(3, '0')}`), k(String(i)));
    await big.commit();
    const r2 = s.newTxn(true);
    assert.equal(keysOf(r2, { prefix: k('big/') }).length, 500);
    r2.discard();
  });

  withStore('conflicts: a later commit of a key this txn read fails; disjoint txns both commit', async (s) => {
    await seed(s, { a: '0', b: '0', 'p/1': '1', 'p/2': '2' });
    // get
    const t1 = s.newTxn(), t2 = s.newTxn();
    t1.get(k('a')); t1.put(k('a'), k('t1'));
    t2.get(k('a')); t2.put(k('a'), k('t2'));
    await t2.commit();
    await assert.rejects(t1.commit(), rejectsWith('txn-conflict', 'transaction conflict. Please retry'));
    // has
    const h1 = s.newTxn(), h2 = s.newTxn();
    h1.has(k('zz')); h1.put(k('y'), k('1'));
    h2.put(k('zz'), k('now'));
    await h2.commit();
    await assert.rejects(h1.commit(), rejectsWith('txn-conflict'));
    // keys yielded by iteration count as read
    const i1 = s.newTxn(), i2 = s.newTxn();
    assert.equal(keysOf(i1, { prefix: k('p/') }).length, 2);
    i1.put(k('sum'), k('3'));
    i2.put(k('p/2'), k('20'));
    await i2.commit();
    await assert.rejects(i1.commit(), rejectsWith('txn-conflict'));
    // disjoint read/write sets both succeed, in either commit order
    const d1 = s.newTxn(), d2 = s.newTxn();
    d1.get(k('a')); d1.put(k('a'), k('d1'));
    d2.get(k('b')); d2.put(k('b'), k('d2'));
    await d2.commit();
    await d1.commit();
    // blind writes of the same key do not conflict (last commit wins)
    const w1 = s.newTxn(), w2 = s.newTxn();
    w1.put(k('b'), k('w1'));
    w2.put(k('b'), k('w2'));
    await w1.commit();
    await w2.commit();
    // a txn started after the other committed sees its write and does not conflict
    const before = s.newTxn();
    before.put(k('a'), k('x'));
    await before.commit();
    const after = s.newTxn();
    after.get(k('a')); after.put(k('a'), k('y'));
    await after.commit();
    const r = s.newTxn(true);
    assert.deepEqual(pairsOf(r, { end: k('c') }), ['a=y', 'b=w2']);
    r.discard();
  });

  withStore('conflicts: only the entries a scan yielded count as read', async (s) => {
    await seed(s, { 'q/1': '1', 'q/2': '2', 'q/3': '3' });
    const scanFirst = (t: KVTxn) => { for (const e of t.iterate({ prefix: k('q/') })) return e; return undefined; };
    const a1 = s.newTxn(), a2 = s.newTxn();
    scanFirst(a1); a1.put(k('out'), k('a'));
    a2.put(k('q/3'), k('30'));
    await a2.commit();
    await a1.commit(); // q/3 was never yielded to a1
    const b1 = s.newTxn(), b2 = s.newTxn();
    assert.equal(keysOf(b1, { prefix: k('q/'), limit: 2 }).length, 2); b1.put(k('out'), k('b'));
    b2.put(k('q/2'), k('20'));
    await b2.commit();
    await assert.rejects(b1.commit(), rejectsWith('txn-conflict'));
  });

  withStore('read-only txns reject writes and never conflict', async (s) => {
    await seed(s, { a: '1' });
    const r = s.newTxn(true);
    assert.equal(r.readOnly, true);
    assert.throws(() => r.put(k('a'), k('2')), rejectsWith('txn-read-only', 'transaction is read only'));
    assert.throws(() => r.delete(k('a')), rejectsWith('txn-read-only'));
    r.get(k('a'));
    await seed(s, { a: '3' });
    await r.commit();
    const c = s.newTxn(true);
    assert.equal(fromUtf8(c.get(k('a'))!), '3');
    c.discard();
  });

  withStore('committed and discarded txns reject further use', async (s) => {
    const t = s.newTxn();
    t.put(k('a'), k('1'));
    await t.commit();
    const check = (x: KVTxn) => {
      assert.throws(() => x.get(k('a')), rejectsWith('txn-discarded', 'transaction discarded'));
      assert.throws(() => x.has(k('a')), rejectsWith('txn-discarded'));
      assert.throws(() => x.put(k('a'), k('2')), rejectsWith('txn-discarded'));
      assert.throws(() => x.delete(k('a')), rejectsWith('txn-discarded'));
      assert.throws(() => [...x.iterate()], rejectsWith('txn-discarded'));
    };
    check(t);
    await assert.rejects(t.commit(), rejectsWith('txn-discarded'));
    t.discard(); // harmless
    const d = s.newTxn();
    d.put(k('b'), k('1'));
    const it = d.iterate()[Symbol.iterator]();
    it.next();
    d.discard();
    check(d);
    assert.throws(() => it.next(), rejectsWith('txn-discarded'));
    await assert.rejects(d.commit(), rejectsWith('txn-discarded'));
    const r = s.newTxn(true);
    assert.equal(r.has(k('b')), false);
    r.discard();
  });
}
