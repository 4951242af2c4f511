import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allocBytes, copyBytes } from './byte-slab.ts';

test('copyBytes: independent copies, small ones sharing slabs, large ones alone', () => {
  const src = Uint8Array.from({ length: 40 }, (_, i) => i);
  const a = copyBytes(src), b = copyBytes(src);
  assert.deepEqual(a, src);
  src[0] = 99;
  a[1] = 98;
  assert.equal(a[0], 0);
  assert.deepEqual([...b.subarray(0, 2)], [0, 1]); // neither the source nor a sibling copy leaks in
  assert.equal(a.buffer, b.buffer);
  assert.equal(b.byteOffset % 8, 0);
  const big = copyBytes(new Uint8Array(5000).fill(3));
  assert.equal(big.byteOffset, 0);
  assert.equal(big.buffer.byteLength, 5000);
  assert.equal(copyBytes(new Uint8Array(0)).length, 0);
});

test('allocBytes: zeroed, never overlapping, across slab boundaries', () => {
  const views: Uint8Array[] = [];
  for (let i = 0; i < 3000; i++) { // ~3 slabs of 64 KiB
    const v = allocBytes(1 + (i % 100));
    assert.ok(v.every((x) => x === 0));
    v.fill(i & 0xff);
    views.push(v);
  }
  views.forEach((v, i) => assert.ok(v.every((x) => x === (i & 0xff))));
});
