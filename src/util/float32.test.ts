import { it } from 'node:test';
import assert from 'node:assert/strict';
import { float32Value } from './float32.ts';

it('float32Value: shortest decimal, same float32 bits', () => {
  assert.equal(float32Value(3.14), 3.14);
  assert.equal(float32Value(Math.fround(-5.77)), -5.77);
  assert.equal(float32Value(16777217), 16777216);
  assert.equal(float32Value(1e39), Infinity);
  for (const x of [0.1, 1 / 3, 123456.789, 1e-40, -2.5e-7]) assert.equal(Math.fround(float32Value(x)), Math.fround(x));
});
