import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readBlock } from './block-reader.ts';
import { decodeBlockGeneric, encodeBlock, encodeBlockReference, newBlock, type Block, type Delta } from './block.ts';
import { blockCid, CODEC_RAW, cidOf } from './cid.ts';

/** A deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
const sv = 'bafkreihhd6bqrjhl5zidwztgxzeseveplv3cj3fwtn3unjkdx7j2vr2vrq';

function randomBlock(r: () => number): Block {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const cid = () => (r() < 0.2 ? cidOf(CODEC_RAW, Uint8Array.of(r() * 256)) : blockCid(Uint8Array.of(r() * 256, r() * 256)));
  const priority = pick([1, 2, 23, 24, 255, 256, 65535, 65536, 2 ** 31, 2 ** 32 - 1]);
  const data = Uint8Array.from({ length: Math.floor(r() * 40) }, () => r() * 256);
  const kind = pick(['lww', 'counter', 'composite', 'collection']);
  let delta: Delta;
  if (kind === 'lww') delta = { kind, docID, fieldName: pick(['name', 'age', 'x_id']), priority, schemaVersionID: sv, data };
  else if (kind === 'counter') {
    const nonce = pick<number | bigint>([0, 7, 2 ** 40, Number.MAX_SAFE_INTEGER, 2n ** 62n + 5n, -3, -(2 ** 40)]);
    delta = { kind, docID, fieldName: 'points', priority, nonce, schemaVersionID: sv, data };
  } else if (kind === 'composite') delta = { kind, docID, priority, schemaVersionID: sv, status: pick([1, 2] as const) };
  else delta = { kind: 'collection', priority, schemaVersionID: sv };
  const heads = Array.from({ length: pick([0, 0, 1, 2, 3]) }, cid);
  const links = Array.from({ length: pick([0, 1, 4]) }, (_, i) => ({ name: `f${i}`, cid: cid() }));
  const extra = { encryption: r() < 0.2 ? cid() : undefined, signature: r() < 0.2 ? cid() : undefined };
  return newBlock(delta, links, heads, extra);
}

/** A comparable form: CIDs as text, byte strings as arrays. */
const plain = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_, v) =>
  typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v?.asCID === v && v ? String(v) : v));

test('readBlock: same Block as the generic decoder for every layout encodeBlock writes', () => {
  const r = rng(42);
  for (let i = 0; i < 2000; i++) {
    const b = randomBlock(r);
    const bytes = encodeBlock(b);
    assert.deepEqual([...bytes], [...encodeBlockReference(b)]);
    const fast = readBlock(bytes);
    assert.ok(fast, `fast path declined block ${i}`);
    assert.deepEqual(plain(fast), plain(decodeBlockGeneric(bytes)));
    assert.ok(encodeBlock(fast).every((x, j) => x === bytes[j]));
  }
});

test('readBlock: corrupted or unusual bytes are declined or decoded exactly as the generic decoder does', () => {
  const r = rng(7);
  let declined = 0, accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const bytes = encodeBlock(randomBlock(r)).slice();
    const flips = 1 + Math.floor(r() * 3);
    for (let f = 0; f < flips; f++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
    const cut = r() < 0.2 ? bytes.subarray(0, Math.floor(r() * bytes.length)) : bytes;
    const fast = readBlock(cut);
    if (!fast) { declined++; continue; }
    accepted++;
    assert.deepEqual(plain(fast), plain(decodeBlockGeneric(cut)), `block ${i}`);
  }
  assert.ok(declined > 0 && accepted > 0);
});

test('readBlock: non-ASCII text and other encoders\' layouts go to the generic decoder', () => {
  const b = newBlock({ kind: 'lww', docID, fieldName: 'naïve', priority: 1, schemaVersionID: sv, data: Uint8Array.of(1) });
  const bytes = encodeBlock(b);
  assert.equal(readBlock(bytes), undefined);
  assert.equal(decodeBlockGeneric(bytes).delta.kind, 'lww');
  assert.equal(readBlock(Uint8Array.of(0xa0)), undefined);
  assert.equal(readBlock(new Uint8Array(0)), undefined);
});
