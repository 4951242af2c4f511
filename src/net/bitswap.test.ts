import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Host } from './host.ts';
import { peerKeyFromKeyring } from './peer-key.ts';
import { Bitswap, BlockNotFoundError } from './bitswap.ts';
import { DagSync } from './dag-sync.ts';
import { MemoryBlockStore } from './testing/fixtures.ts';
import { chain, putAll, makeBlock } from './testing/blocks.ts';
import { blockLinks, readLinks } from './block-links.ts';
import { blockCid, encodeBlock, newBlock } from '../core/index.ts';

async function node() {
  const host = await Host.create({ privateKey: await peerKeyFromKeyring(undefined), listen: ['/ip4/127.0.0.1/tcp/0'] });
  const blocks = new MemoryBlockStore();
  const bitswap = new Bitswap(host.libp2p, { blocks });
  await host.start();
  await bitswap.start();
  return { host, blocks, bitswap, stop: async () => { await bitswap.stop(); await host.stop(); } };
}

test('block links: heads, links and signature, never encryption', () => {
  const a = makeBlock({ x: 1 });
  const b = makeBlock({ x: 2 });
  const c = makeBlock({ x: 3 });
  const e = makeBlock({ x: 4 });
  const blk = makeBlock({ heads: [a.cid], links: [{ name: 'f', link: b.cid }], signature: c.cid, encryption: e.cid });
  assert.deepEqual(blockLinks(blk.cid, blk.bytes).map(String), [a.cid, b.cid, c.cid].map(String));
  assert.equal(readLinks(blk.cid, blk.bytes).block, undefined); // not a DefraDB block: scanned only
});

test('block links of a DefraDB block come with the block decoded, the same links either way', () => {
  const a = blockCid(Uint8Array.of(1)), b = blockCid(Uint8Array.of(2)), c = blockCid(Uint8Array.of(3)), e = blockCid(Uint8Array.of(4));
  const delta = { kind: 'composite' as const, docID: 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3', priority: 2, schemaVersionID: 'bafkreia', status: 1 as const };
  const bytes = encodeBlock(newBlock(delta, [{ name: 'age', cid: b }], [a], { signature: c, encryption: e }));
  const { links, block } = readLinks(blockCid(bytes), bytes);
  assert.deepEqual(links.map(String), [a, b, c].map(String));
  assert.deepEqual(block?.delta, delta);
});

test('DAG sync fetches a whole history over bitswap from two peers', async () => {
  const [a, b, c] = await Promise.all([node(), node(), node()]);
  try {
    const { blocks, head } = chain('bae-x', 20);
    // Split the history: older half on b, all of it on a; c has nothing.
    await putAll(a.blocks, blocks);
    await putAll(b.blocks, blocks.slice(0, 20));
    await c.host.connect(a.host.info());
    await c.host.connect(b.host.info());
    const sync = new DagSync(c.blocks, c.bitswap);
    await sync.sync(head.cid, { prefer: [a.host.peerId.toString()] });
    assert.equal(c.blocks.map.size, blocks.length);
    for (const blk of blocks) assert.deepEqual(await c.blocks.get(blk.cid), blk.bytes);
    // Unknown blocks fail fast with DONT_HAVE from every peer.
    await assert.rejects(c.bitswap.fetch(makeBlock({ nope: true }).cid, { timeoutMs: 3000 }), BlockNotFoundError);
  } finally {
    await Promise.all([a.stop(), b.stop(), c.stop()]);
  }
});
