import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CborFloat, encodeCanonical, encodeWith, encodeDefaultNumber, exactFloat16Bits, compareCanonicalKeys } from './canonical-cbor.ts';
import { decodeCbor } from './cbor-decoder.ts';
import { toHex, fromHex } from '../util/index.ts';

const hex = (v: Parameters<typeof encodeCanonical>[0], f = false) => toHex(encodeCanonical(v, f));

test('ints are shortest, including int64 bigints', () => {
  assert.equal(hex(0), '00');
  assert.equal(hex(23), '17');
  assert.equal(hex(24), '1818');
  assert.equal(hex(-1), '20');
  assert.equal(hex(-25), '3818');
  assert.equal(hex(65536), '1a00010000');
  assert.equal(hex(2 ** 32), '1b0000000100000000');
  assert.equal(hex(9223372036854775807n), '1b7fffffffffffffff');
  assert.equal(hex(-9223372036854775808n), '3b7fffffffffffffff');
});

test('floats take the shortest exact width', () => {
  assert.equal(hex(new CborFloat(33)), 'f95020');
  assert.equal(hex(new CborFloat(4.9)), 'fb401399999999999a');
  assert.equal(hex(new CborFloat(10.2)), 'fb4024666666666666');
  assert.equal(hex(new CborFloat(0.5)), 'f93800');
  assert.equal(hex(new CborFloat(-0)), 'f98000');
  assert.equal(hex(new CborFloat(NaN)), 'f97e00');
  assert.equal(hex(new CborFloat(Infinity)), 'f97c00');
  assert.equal(hex(new CborFloat(-Infinity)), 'f9fc00');
  assert.equal(hex(new CborFloat(100000)), 'fa47c35000');
  assert.equal(hex(new CborFloat(2 ** -24)), 'f90001'); // smallest float16 subnormal
  assert.equal(hex(new CborFloat(3 * 2 ** -20)), 'f90030');
  assert.equal(hex(new CborFloat(65504)), 'f97bff');
  assert.equal(hex(new CborFloat(65505)), 'fa477fe100');
  assert.equal(exactFloat16Bits(2 ** -25), -1);
  assert.equal(hex(new CborFloat(0.1, 32)), 'fa3dcccccd');
  assert.equal(hex(168, true), 'f95940');
});

test('map keys sort length-first then bytewise', () => {
  assert.equal(hex({ name: 'John', age: 21 }), 'a26361676515646e616d65644a6f686e');
  assert.ok(compareCanonicalKeys('b', 'aa') < 0);
  assert.ok(compareCanonicalKeys('B', 'a') < 0);
});

test('text, bytes, arrays, bool, null', () => {
  assert.equal(hex([true, false, null, 'é', new Uint8Array([1, 2])]), '85f5f4f662c3a9420102');
  assert.equal(toHex(encodeWith((w) => { w.arrayHeader(0); })), '80');
});

test('default options keep float widths (counter totals)', () => {
  assert.equal(toHex(encodeDefaultNumber(10.5, 'float64')), 'fb4025000000000000');
  assert.equal(toHex(encodeDefaultNumber(1.5, 'float32')), 'fa3fc00000');
  assert.equal(toHex(encodeDefaultNumber(10, 'int')), '0a');
});

test('decoder round-trips', () => {
  for (const h of ['f95020', 'fb401399999999999a', 'fa47c35000', '1b7fffffffffffffff', '3b7fffffffffffffff', 'a26361676515646e616d65644a6f686e', '85f5f4f662c3a9420102', 'f97e00', 'f90001']) {
    const v = decodeCbor(fromHex(h));
    assert.ok(v !== undefined);
  }
  assert.equal(decodeCbor(fromHex('f95020')), 33);
  assert.equal(decodeCbor(fromHex('f90001')), 2 ** -24);
  assert.equal(decodeCbor(fromHex('1b7fffffffffffffff')), 9223372036854775807n);
  assert.equal(decodeCbor(fromHex('3b7fffffffffffffff')), -9223372036854775808n);
  assert.deepEqual(decodeCbor(fromHex('a26361676515646e616d65644a6f686e')), { age: 21, name: 'John' });
  assert.deepEqual(decodeCbor(fromHex('9f0102ff')), [1, 2]);
  assert.ok(Number.isNaN(decodeCbor(fromHex('f97e00')) as number));
  assert.throws(() => decodeCbor(fromHex('0102')), /extraneous/);
  assert.throws(() => decodeCbor(fromHex('62')), /EOF/);
});
