import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latin1String } from './bytes.ts';

test('latin1String: one char per byte, whole arrays, ranges and long inputs', () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  const s = latin1String(all);
  assert.equal(s.length, 256);
  for (let i = 0; i < 256; i++) assert.equal(s.charCodeAt(i), i);
  assert.equal(latin1String(all, 65, 68), 'ABC');
  assert.equal(latin1String(all, 10, 10), '');
  const long = Uint8Array.from({ length: 10_000 }, (_, i) => 97 + (i % 26));
  const t = latin1String(long, 1, 9_999);
  assert.equal(t.length, 9_998);
  assert.equal(t.slice(0, 3), 'bcd');
  assert.equal(t.charCodeAt(9_997), 97 + (9_998 % 26));
});
