import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockCid } from './cid.ts';
import { decodeCar, decodeUvarint, encodeCarHeader, encodeCarSection, looksLikeCar } from './car.ts';
import { encodeLeb128 as encodeUvarint } from './varint.ts';
import { concatBytes, toHex, utf8 } from '../util/index.ts';

test('uvarints are unsigned LEB128', () => {
  assert.equal(toHex(encodeUvarint(0)), '00');
  assert.equal(toHex(encodeUvarint(127)), '7f');
  assert.equal(toHex(encodeUvarint(300)), 'ac02');
  for (const n of [0, 1, 127, 128, 300, 16384, 2 ** 31, 2 ** 40]) assert.deepEqual(decodeUvarint(encodeUvarint(n), 0), [n, encodeUvarint(n).length]);
  assert.deepEqual(decodeUvarint(Uint8Array.of(9, 0xac, 0x02), 1), [300, 2]);
  assert.throws(() => decodeUvarint(Uint8Array.of(0x80, 0x80), 0), /invalid CAR file. Reason: truncated varint/);
  assert.throws(() => decodeUvarint(Uint8Array.of(...new Array(9).fill(0x80), 1), 0), /invalid CAR file. Reason: varint too long/);
});

test('CARv1: header is dag-cbor {roots, version: 1}; sections round-trip', () => {
  const a = Uint8Array.of(0xa1, 0x61, 0x61, 0x01); // {"a": 1}
  const b = Uint8Array.of(0xa1, 0x61, 0x62, 0x02);
  const ca = blockCid(a);
  const cb = blockCid(b);
  const header = encodeCarHeader([ca]);
  // varint length, then map(2) "roots" [tag 42 bytes(0x00 ‖ cid)] "version" 1
  const cidBytes = toHex(ca.bytes);
  const body = 'a2' + '65' + toHex(utf8('roots')) + '81' + 'd82a' + '58' + (ca.bytes.length + 1).toString(16) + '00' + cidBytes
    + '67' + toHex(utf8('version')) + '01';
  assert.equal(toHex(header), (body.length / 2).toString(16).padStart(2, '0') + body);
  const file = concatBytes(header, encodeCarSection(ca, a), encodeCarSection(cb, b));
  assert.ok(looksLikeCar(file));
  assert.equal(looksLikeCar(utf8('{"User":[]}')), false);
  const { roots, blocks } = decodeCar(file);
  assert.deepEqual(roots.map(String), [ca.toString()]);
  assert.deepEqual(blocks.map((x) => [x.cid.toString(), toHex(x.bytes)]), [[ca.toString(), toHex(a)], [cb.toString(), toHex(b)]]);
  assert.throws(() => decodeCar(file.subarray(0, file.length - 2)), /invalid CAR/);
});
