import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJSON, stringifyJSON } from './json.ts';

test('integers beyond 2^53 parse to bigint, others stay numbers', () => {
  const v = parseJSON('{"a":9223372036854775807,"b":-9007199254740993,"c":42,"d":1.5,"e":1e300,"f":[9007199254740992]}') as Record<string, unknown>;
  assert.equal(v.a, 9223372036854775807n);
  assert.equal(v.b, -9007199254740993n);
  assert.equal(v.c, 42);
  assert.equal(v.d, 1.5);
  assert.equal(v.e, 1e300);
  assert.deepEqual(v.f, [9007199254740992n]);
});

test('bigint serialises as a plain JSON number', () => {
  assert.equal(stringifyJSON({ a: 18446744073709551615n, b: [1n, 'x'] }), '{"a":18446744073709551615,"b":[1,"x"]}');
  assert.equal(stringifyJSON(parseJSON('[123456789012345678901234567890]')), '[123456789012345678901234567890]');
});
