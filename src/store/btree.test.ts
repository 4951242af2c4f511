import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BTree } from './btree.ts';
import { BTreeCursor } from './btree-cursor.ts';
import { compareBytes, toHex, fromHex } from '../util/index.ts';

/** Deterministic xorshift PRNG. */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 0x100000000; };
}

function randomKey(r: () => number): Uint8Array {
  const k = new Uint8Array(1 + Math.floor(r() * 3));
  for (let i = 0; i < k.length; i++) k[i] = Math.floor(r() * 12) * 20; // many shared prefixes
  return k;
}

function collect(t: BTree<number>, start?: Uint8Array, end?: Uint8Array, reverse = false): string[] {
  const out: string[] = [];
  for (const c = new BTreeCursor(t, start, end, reverse); c.valid; c.next()) out.push(`${toHex(c.key)}=${c.value}`);
  return out;
}

function expected(ref: Map<string, number>, start?: Uint8Array, end?: Uint8Array, reverse = false): string[] {
  const keys = [...ref.keys()].map(fromHex).sort(compareBytes)
    .filter((k) => (!start || compareBytes(k, start) >= 0) && (!end || compareBytes(k, end) < 0));
  if (reverse) keys.reverse();
  return keys.map((k) => `${toHex(k)}=${ref.get(toHex(k))}`);
}

test('btree matches a reference map under random inserts, deletes and range scans', () => {
  const r = rng(42);
  const tree = new BTree<number>();
  const ref = new Map<string, number>();
  for (let step = 0; step < 20000; step++) {
    const k = randomKey(r);
    if (r() < 0.6) { tree.set(k, step); ref.set(toHex(k), step); }
    else assert.equal(tree.delete(k), ref.delete(toHex(k)));
    if (step % 997 === 0) {
      assert.equal(tree.size, ref.size);
      const a = randomKey(r), b = randomKey(r);
      const [lo, hi] = compareBytes(a, b) <= 0 ? [a, b] : [b, a];
      assert.deepEqual(collect(tree, lo, hi), expected(ref, lo, hi));
      assert.deepEqual(collect(tree, lo, hi, true), expected(ref, lo, hi, true));
      assert.deepEqual(collect(tree, undefined, hi, true), expected(ref, undefined, hi, true));
      assert.deepEqual(collect(tree, lo), expected(ref, lo));
    }
  }
  assert.deepEqual(collect(tree), expected(ref));
  assert.deepEqual(collect(tree, undefined, undefined, true), expected(ref, undefined, undefined, true));
});

test('btree forks keep their content while the tree changes (large, with deletes)', () => {
  const tree = new BTree<number>();
  const key = (i: number) => new Uint8Array([i >> 16, (i >> 8) & 255, i & 255]);
  for (let i = 0; i < 50000; i++) tree.set(key(i), i);
  const snap = tree.fork();
  for (let i = 0; i < 50000; i += 2) tree.delete(key(i));
  for (let i = 1; i < 50000; i += 4) tree.set(key(i), -i);
  assert.equal(snap.size, 50000);
  assert.equal(tree.size, 25000);
  let n = 0;
  for (const c = new BTreeCursor(snap, undefined, undefined, false); c.valid; c.next()) assert.equal(c.value, n++);
  assert.equal(n, 50000);
  assert.equal(tree.get(key(1)), -1);
  assert.equal(tree.get(key(3)), 3);
  assert.equal(tree.get(key(2)), undefined);
  for (let i = 1; i < 50000; i += 2) tree.delete(key(i));
  assert.equal(tree.size, 0);
  assert.deepEqual(collect(tree), []);
  assert.equal(snap.get(key(49999)), 49999);
});
