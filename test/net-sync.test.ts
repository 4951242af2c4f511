// In-process peers on 127.0.0.1 exchanging push-logs and blocks, with in-memory deps standing in
// for db (a block store and a merge recorder).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeer, P2P, type NetDeps } from '../src/net/index.ts';
import { memoryDeps, waitFor } from '../src/net/testing/fixtures.ts';
import { chain, putAll, commit } from '../src/net/testing/blocks.ts';

const USERS = { name: 'Users', collectionID: 'bafkreiusers' };
const BOOKS = { name: 'Books', collectionID: 'bafkreibooks' };

async function startNode(opts: { key?: Uint8Array; port?: number; headExchange?: boolean; persist?: NetDeps['persist'] } = {}) {
  const m = memoryDeps([USERS, BOOKS]);
  if (opts.persist) m.deps.persist = opts.persist;
  const peer = await createPeer(m.deps, {
    privateKey: opts.key, listen: [`/ip4/127.0.0.1/tcp/${opts.port ?? 0}`],
    retryIntervalsMs: [200, 400], retryTickMs: 50, headExchange: opts.headExchange,
  });
  const p2p = new P2P(peer);
  await p2p.start();
  return { ...m, peer, p2p };
}
type Node = Awaited<ReturnType<typeof startNode>>;

/** Plays db's local commit: blocks in the store, head moved, `update` emitted. */
async function localCommit(n: Node, docID: string, collectionID: string, blocks: ReturnType<typeof chain>) {
  await putAll(n.blocks, blocks.blocks);
  n.collections.setHead(docID, collectionID, blocks.head.cid);
  n.events.emit('update', { DocID: docID, Cid: blocks.head.cid, CollectionID: collectionID, Block: blocks.head.bytes });
}

const merged = (n: Node, docID: string, head: { toString(): string }) =>
  n.merges.some((m) => m.DocID === docID && m.Cid.toString() === head.toString());

test('collection and document subscriptions receive pushes and fetch the history', async () => {
  const a = await startNode({ headExchange: false });
  const b = await startNode({ headExchange: false });
  const c = await startNode({ headExchange: false });
  try {
    await b.p2p.connect(a.p2p.info());
    await c.p2p.connect(a.p2p.info());
    await b.p2p.addP2PCollections(['Users']);
    await c.p2p.addP2PDocuments(['bae-doc2']);
    assert.deepEqual(await b.p2p.getAllP2PCollections(), ['Users']);
    assert.deepEqual(await c.p2p.getAllP2PDocuments(), ['bae-doc2']);
    await assert.rejects(c.p2p.addP2PDocuments(['NonExistentDocID']), /malformed document ID, missing either version or cid/);
    await assert.rejects(b.p2p.addP2PCollections(['Nope']), /collection not found/);
    await new Promise((r) => setTimeout(r, 300)); // gossipsub subscription exchange

    const doc1 = chain('bae-doc1', 5);
    const doc2 = chain('bae-doc2', 3);
    await localCommit(a, 'bae-doc1', USERS.collectionID, doc1);
    await localCommit(a, 'bae-doc2', USERS.collectionID, doc2);
    await waitFor(() => merged(b, 'bae-doc1', doc1.head.cid) && merged(b, 'bae-doc2', doc2.head.cid), 5000, 'b merges');
    await waitFor(() => merged(c, 'bae-doc2', doc2.head.cid), 5000, 'c merges doc2');
    // Every block of the history arrived before the merge.
    for (const blk of doc1.blocks) assert.ok(await b.blocks.has(blk.cid));
    assert.equal(c.merges.some((m) => m.DocID === 'bae-doc1'), false);
    assert.equal(b.merges[0].FromPeer, a.peer.peerID);
    assert.equal(b.merges[0].ByPeer, a.peer.peerID);

    // Unsubscribed: later updates do not arrive.
    await b.p2p.removeP2PCollections(['Users']);
    assert.deepEqual(await b.p2p.getAllP2PCollections(), []);
  } finally {
    await Promise.all([a.p2p.stop(), b.p2p.stop(), c.p2p.stop()]);
  }
});

test('doc-sync pulls named documents from the peers that have them', async () => {
  const a = await startNode({ headExchange: false });
  const b = await startNode({ headExchange: false });
  const c = await startNode({ headExchange: false });
  try {
    const d1 = chain('bae-one', 4);
    const d2 = chain('bae-two', 2);
    await putAll(a.blocks, d1.blocks);
    a.collections.setHead('bae-one', USERS.collectionID, d1.head.cid);
    await putAll(b.blocks, d2.blocks);
    b.collections.setHead('bae-two', USERS.collectionID, d2.head.cid);
    await c.p2p.connect(a.p2p.info());
    await c.p2p.connect(b.p2p.info());
    await c.p2p.syncDocuments('Users', ['bae-one', 'bae-two'], 5000);
    assert.ok(merged(c, 'bae-one', d1.head.cid));
    assert.ok(merged(c, 'bae-two', d2.head.cid));
    assert.equal(c.blocks.map.size, d1.blocks.length + d2.blocks.length);
    await assert.rejects(c.p2p.syncDocuments('Users', ['bae-none'], 300), /timeout while syncing doc/);
  } finally {
    await Promise.all([a.p2p.stop(), b.p2p.stop(), c.p2p.stop()]);
  }
});

test('head exchange: a subscriber that was offline catches up on reconnection', async () => {
  const a = await startNode();
  const b = await startNode();
  try {
    await b.p2p.addP2PCollections(['Users']);
    // a commits while b is not connected: nothing is pushed to b.
    const doc = chain('bae-off', 3);
    await localCommit(a, 'bae-off', USERS.collectionID, doc);
    await b.p2p.connect(a.p2p.info());
    await waitFor(() => merged(b, 'bae-off', doc.head.cid), 5000, 'catch-up via head exchange');
  } finally {
    await Promise.all([a.p2p.stop(), b.p2p.stop()]);
  }
});
