import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldKind } from '../client/index.ts';
import { toHex } from '../util/index.ts';
import { normalizeFieldValue, encodeFieldValue, decodeFieldValue, writeFieldValue } from './field-values.ts';
import { encodeWith } from './canonical-cbor.ts';
import { normalizeDateTime, parseDateTime, formatDateTime } from './date-time.ts';

const enc = (k: Parameters<typeof encodeFieldValue>[0], v: unknown) => toHex(encodeFieldValue(k, normalizeFieldValue(k, v)));

test('scalars encode by kind, not JS type', () => {
  assert.equal(enc(FieldKind.Float64, 33), 'f95020');
  assert.equal(enc(FieldKind.Int, 21), '15');
  assert.equal(enc(FieldKind.Float64, 4.9), 'fb401399999999999a');
  assert.equal(enc(FieldKind.Float32, 0.1), 'fa3dcccccd');
  assert.equal(enc(FieldKind.String, 'John'), '644a6f686e');
  assert.equal(enc(FieldKind.Bool, true), 'f5');
  assert.equal(enc(FieldKind.Blob, 'aBcd'), '6461426364');
  assert.equal(enc(FieldKind.Int, 9223372036854775807n), '1b7fffffffffffffff');
  assert.equal(enc(FieldKind.Int, null), 'f6');
  assert.equal(enc(FieldKind.JSON, { height: 168 }), 'a166686569676874f95940');
  assert.equal(enc(FieldKind.IntArray, [50, 30]), '821832181e');
  assert.equal(enc(FieldKind.NillableStringArray, ['a', null]), '826161f6');
});

test('DocID pre-image writes nillable array elements as empty maps (Go quirk)', () => {
  const v = normalizeFieldValue(FieldKind.NillableStringArray, ['a', null]);
  assert.equal(toHex(encodeWith((w) => writeFieldValue(w, FieldKind.NillableStringArray, v, true))), '82a0a0');
});

test('validation errors keep fastjson/DefraDB texts', () => {
  assert.throws(() => normalizeFieldValue(FieldKind.Int, 'x'), { message: "value doesn't contain number; it contains string" });
  assert.throws(() => normalizeFieldValue(FieldKind.Int, 1.5), { message: 'unparsed tail left after parsing int64 from "1.5": ".5"' });
  assert.throws(() => normalizeFieldValue(FieldKind.String, 1), { message: "value doesn't contain string; it contains number" });
  assert.throws(() => normalizeFieldValue(FieldKind.Bool, 'true'), { message: "value doesn't contain bool; it contains string" });
  assert.throws(() => normalizeFieldValue(FieldKind.IntArray, 3), { message: "value doesn't contain array; it contains number" });
  assert.throws(() => normalizeFieldValue(FieldKind.Blob, 'zz'), /hex/);
  assert.throws(() => normalizeFieldValue(FieldKind.DateTime, 'nope'), /parsing time "nope"/);
  assert.equal(normalizeFieldValue(FieldKind.Int, 2 ** 60), 2n ** 60n);
});

test('DateTime follows Go RFC3339Nano formatting', () => {
  assert.equal(normalizeDateTime('2000-07-23T03:00:00-00:00'), '2000-07-23T03:00:00Z');
  assert.equal(normalizeDateTime('2017-07-23T03:46:56.647000+01:30'), '2017-07-23T03:46:56.647+01:30');
  assert.equal(normalizeDateTime('0001-01-01T00:00:00Z'), null);
  assert.equal(normalizeDateTime('1969-12-31T23:59:59.5Z'), '1969-12-31T23:59:59.5Z');
  const t = parseDateTime('2021-01-01T00:00:00+02:00');
  assert.equal(t.unixSeconds, 1609452000);
  assert.equal(formatDateTime({ ...t, offsetSeconds: 0 }), '2020-12-31T22:00:00Z');
});

test('decode follows the reading rules', () => {
  assert.equal(decodeFieldValue(FieldKind.Float64, Uint8Array.of(0xf9, 0x50, 0x20)), 33);
  assert.equal(decodeFieldValue(FieldKind.Int, Uint8Array.of(0x15)), 21);
  assert.deepEqual(decodeFieldValue(FieldKind.JSON, encodeFieldValue(FieldKind.JSON, { a: [1, null, 'x'] })), { a: [1, null, 'x'] });
  assert.deepEqual(decodeFieldValue(FieldKind.NillableIntArray, encodeFieldValue(FieldKind.NillableIntArray, [1, null])), [1, null]);
  assert.equal(decodeFieldValue(FieldKind.DateTime, encodeFieldValue(FieldKind.DateTime, '2000-07-23T03:00:00-00:00')), '2000-07-23T03:00:00Z');
  assert.equal(decodeFieldValue(FieldKind.String, Uint8Array.of(0xf6)), null);
});
