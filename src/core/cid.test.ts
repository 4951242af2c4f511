import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CID } from 'multiformats/cid';
import { create } from 'multiformats/hashes/digest';
import { sha256 } from '@noble/hashes/sha2.js';
import * as dagCbor from '@ipld/dag-cbor';
import { blockCid, cidFromBytes, cidKey, cidOf, CODEC_DAG_CBOR, CODEC_RAW, decodeBase32Lenient, multihashKey } from './cid.ts';

test('cidOf builds exactly the CID multiformats createV1 builds', () => {
  for (const codec of [CODEC_RAW, CODEC_DAG_CBOR]) {
    for (let n = 0; n < 300; n += 7) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      const a = cidOf(codec, bytes);
      const ref = CID.createV1(codec, create(0x12, sha256(bytes)));
      assert.equal(a.toString(), ref.toString());
      assert.ok(a.equals(ref));
      assert.deepEqual([...a.bytes], [...ref.bytes]);
      assert.deepEqual([...a.multihash.bytes], [...ref.multihash.bytes]);
      assert.deepEqual([...a.multihash.digest], [...ref.multihash.digest]);
      assert.equal(multihashKey(a), multihashKey(ref));
      assert.deepEqual(dagCbor.encode({ l: a }), dagCbor.encode({ l: ref }));
      assert.equal(CID.decode(a.bytes).toString(), ref.toString());
    }
  }
  assert.equal(blockCid(new Uint8Array(0)).toString(), 'bafyreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
});

test('fast key encoders match multiformats (CID text, upper-case multihash base32)', async () => {
  const { keyWithCidText, keyWithMultihash, blockCid, multihashKey } = await import('./cid.ts');
  const prefix = new TextEncoder().encode('/p/');
  for (let n = 0; n < 200; n++) {
    const cid = blockCid(Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255));
    assert.equal(new TextDecoder().decode(keyWithCidText(prefix, cid)), '/p/' + cid.toString());
    assert.equal(new TextDecoder().decode(keyWithMultihash(prefix, cid)), '/p/' + multihashKey(cid));
  }
});

test('cidText equals toString for CIDv1 and v0', async () => {
  const { cidText, blockCid } = await import('./cid.ts');
  for (let n = 0; n < 50; n++) {
    const cid = blockCid(Uint8Array.of(n, n + 1));
    assert.equal(cidText(cid), cid.toString());
  }
  const v0 = CID.parse('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n');
  assert.equal(cidText(v0), v0.toString());
});

test('decodeBase32Lenient: what multiformats decodes, plus texts with leftover bits (as Go reads them)', () => {
  for (let i = 0; i < 50; i++) {
    const cid = blockCid(Uint8Array.of(i, 1, 2));
    assert.deepEqual(decodeBase32Lenient(cid.toString().slice(1)), cid.bytes);
  }
  const long = decodeBase32Lenient('afybeid57gpbwi4i6bg7g35hhhhhhhhhhhhhhhhhhhhhhhdoesnotexist')!;
  assert.equal(long.length, 36); // 58 chars = 290 bits: the last 2 are dropped
  assert.equal(CID.decode(long).toString().length, 59);
  assert.equal(decodeBase32Lenient('abc1'), undefined);
  assert.equal(decodeBase32Lenient('ABC'), undefined);
});

test('cidFromBytes reads what CID.decode reads, from a copy; cidKey is the bytes and stays out of sight', () => {
  const v1 = blockCid(Uint8Array.of(1, 2, 3));
  const v0 = CID.createV0(create(0x12, sha256(Uint8Array.of(4))) as never);
  const big = CID.createV1(0x0129, create(0x12, sha256(Uint8Array.of(5))));
  for (const cid of [v1, v0, big]) {
    const src = Buffer.from(cid.bytes);
    const got = cidFromBytes(src);
    src.fill(0);
    assert.ok(got.equals(cid));
    assert.equal(got.toString(), cid.toString());
    assert.deepEqual(got, CID.decode(cid.bytes));
    assert.ok(!(got.bytes instanceof Buffer));
  }
  const keyed = cidFromBytes(v1.bytes);
  assert.equal(cidKey(keyed), String.fromCharCode(...v1.bytes));
  assert.deepEqual(keyed, CID.decode(v1.bytes)); // the cached key is not an enumerable property
  assert.deepEqual(Object.keys(keyed), Object.keys(CID.decode(v1.bytes)));
  assert.equal(cidKey(Object.freeze(cidFromBytes(v1.bytes))), cidKey(keyed));
});
