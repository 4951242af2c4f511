import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Host } from './host.ts';
import { peerKeyFromKeyring } from './peer-key.ts';
import { Bitswap, BlockNotFoundError } from './bitswap.ts';
import { DagSync } from './dag-sync.ts';
import { MemoryBlockStore } from './testing/fixtures.ts';
import { chain, putAll, makeBlock } from './testing/blocks.ts';
import { blockLinks } from './block-links.ts';

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
