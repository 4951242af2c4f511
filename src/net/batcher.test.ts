import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from './batcher.ts';

test('batcher: items added together share one run, in order, with per-item results', async () => {
  const runs: number[][] = [];
  const b = new Batcher<number, number>(async (items) => {
    runs.push(items);
    return items.map((i) => (i === 3 ? { ok: false, error: new Error('three') } : { ok: true, value: i * 10 }));
  });
  const ps = [1, 2, 3, 4].map((i) => b.add(i));
  const res = await Promise.allSettled(ps);
  assert.deepEqual(runs, [[1, 2, 3, 4]]);
  assert.deepEqual(res.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)), [10, 20, 'three', 40]);
});

test('batcher: items added while a batch runs go to the next one; a throwing run rejects its batch only', async () => {
  const runs: string[][] = [];
  let release!: () => void;
  const gate = new Promise<void>((r) => { release = r; });
  const b = new Batcher<string>(async (items) => {
    runs.push(items);
    if (items[0] === 'a') await gate;
    if (items.includes('boom')) throw new Error('boom');
    return items.map(() => ({ ok: true, value: undefined }));
  }, 2);
  const first = b.add('a');
  await new Promise((r) => setImmediate(r));
  const later = ['b', 'boom', 'c'].map((x) => b.add(x));
  release();
  await first;
  const res = await Promise.allSettled(later);
  assert.deepEqual(runs, [['a'], ['b', 'boom'], ['c']]);
  assert.deepEqual(res.map((r) => r.status), ['rejected', 'rejected', 'fulfilled']);
});
