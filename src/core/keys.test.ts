import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex, compareBytes } from '../util/index.ts';
import { parseCid } from './cid.ts';
import { blockKey, docHeadPrefix, headKey, parseHeadKey, collectionHeadPrefix, systemKeys, fromAscii } from './keys.ts';
import { docHeadsKey } from './doc-heads.ts';
import { encodeUvarintAscending, decodeUvarintAscending, encodeVarintAscending, decodeVarintAscending, encodeVarintDescending, decodeVarintDescending, encodeLeb128, decodeLeb128, encodeUint64BE } from './varint.ts';

const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';


test('head and block keys', () => {
  const cid = parseCid('bafyreif6dqbkr7t37jcjfxxrjnxt7cspxzvs7qwlbtjca57cc663he4s7e');
  assert.equal(fromAscii(blockKey(cid)), '/db/blocks/CIQL4HACVD7HX6SESLPPCS3PH6FE7PTLF7BMWDGSEB36EF55WOJZF6I');
  assert.equal(fromAscii(docHeadPrefix(docID, 'C')), `/db/heads/d/${docID}/C/`);
  const hk = docHeadsKey(docID);
  assert.equal(fromAscii(hk), `/db/heads/d/${docID}`);
  assert.deepEqual(parseHeadKey(hk), { kind: 'doc', docID });
  assert.deepEqual(parseHeadKey(headKey(collectionHeadPrefix(3), cid)), { kind: 'collection', colShortId: 3, cid: cid.toString() });
  assert.equal(fromAscii(systemKeys.fieldShortId(1, 'age')), '/db/system/field/shortID/1/age');
});

test('order-preserving varints', () => {
  assert.equal(toHex(encodeUvarintAscending(1)), '89');
  assert.equal(toHex(encodeUvarintAscending(109)), 'f5');
  assert.equal(toHex(encodeUvarintAscending(110)), 'f66e');
  assert.equal(toHex(encodeUvarintAscending(256)), 'f70100');
  assert.equal(toHex(encodeUvarintAscending(2n ** 64n - 1n)), 'fdffffffffffffffff');
  assert.equal(toHex(encodeVarintAscending(-1)), '87ff');
  assert.equal(toHex(encodeVarintAscending(-256)), '86ff00');
  const nums = [-(2n ** 63n), -70000n, -256n, -255n, -1n, 0n, 1n, 109n, 110n, 255n, 256n, 70000n, 2n ** 63n - 1n];
  const encs = nums.map(encodeVarintAscending);
  for (let i = 1; i < encs.length; i++) assert.ok(compareBytes(encs[i - 1], encs[i]) < 0, `order at ${nums[i]}`);
  const desc = nums.map(encodeVarintDescending);
  for (let i = 1; i < desc.length; i++) assert.ok(compareBytes(desc[i - 1], desc[i]) > 0);
  nums.forEach((n, i) => {
    assert.equal(BigInt(decodeVarintAscending(encs[i])[0]), n);
    assert.equal(BigInt(decodeVarintDescending(desc[i])[0]), n);
  });
  assert.deepEqual(decodeUvarintAscending(encodeUvarintAscending(70000)), [70000, 4]);
});

test('LEB128 and big-endian sequences', () => {
  assert.equal(toHex(encodeLeb128(300)), 'ac02');
  assert.equal(decodeLeb128(encodeLeb128(2 ** 40)), 2 ** 40);
  assert.equal(toHex(encodeUint64BE(1)), '0000000000000001');
});
