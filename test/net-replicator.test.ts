// Active replication between in-process peers: initial catch-up, ongoing pushes, retry of an
// offline target that starts late, and persistence across restarts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPeer, P2P, newKeyringPeerKey, peerIdOf, peerKeyFromKeyring } from '../src/net/index.ts';
import { memoryDeps, waitFor, MemoryPersist } from '../src/net/testing/fixtures.ts';
import { chain, putAll } from '../src/net/testing/blocks.ts';

const USERS = { name: 'Users', collectionID: 'bafkreiusers' };
const BOOKS = { name: 'Books', collectionID: 'bafkreibooks' };

async function startNode(opts: { key?: Uint8Array; port?: number; persist?: MemoryPersist; headExchange?: boolean; retryIntervalsMs?: number[] } = {}) {
  const m = memoryDeps([USERS, BOOKS]);
  if (opts.persist) m.deps.persist = opts.persist;
  const peer = await createPeer(m.deps, {
    privateKey: opts.key, listen: [`/ip4/127.0.0.1/tcp/${opts.port ?? 0}`],
    retryIntervalsMs: opts.retryIntervalsMs ?? [150, 300], retryTickMs: 50, headExchange: opts.headExchange ?? false,
  });
  const p2p = new P2P(peer);
  await p2p.start();
  return { ...m, peer, p2p };
}
type Node = Awaited<ReturnType<typeof startNode>>;

async function localCommit(n: Node, docID: string, collectionID: string, c: ReturnType<typeof chain>) {
  await putAll(n.blocks, c.blocks);
  n.collections.setHead(docID, collectionID, c.head.cid);
  n.events.emit('update', { DocID: docID, Cid: c.head.cid, CollectionID: collectionID, Block: c.head.bytes });
}
const merged = (n: Node, docID: string, head: { toString(): string }) =>
  n.merges.some((m) => m.DocID === docID && m.Cid.toString() === head.toString());

test('a new replicator gets existing docs of its collections, then every change', async () => {
  const a = await startNode();
  const b = await startNode();
  try {
    const old = chain('bae-old', 3);
    const book = chain('bae-book', 2);
    await localCommit(a, 'bae-old', USERS.collectionID, old);
    await localCommit(a, 'bae-book', BOOKS.collectionID, book);
    let completed = 0;
    a.events.on('replicator-completed', () => { completed++; });
    await a.p2p.setReplicator({ Info: b.p2p.info(), Collections: ['Users'] });
    await waitFor(() => merged(b, 'bae-old', old.head.cid), 5000, 'catch-up');
    await waitFor(() => completed === 1);
    const newer = chain('bae-new', 2);
    await localCommit(a, 'bae-new', USERS.collectionID, newer);
    await waitFor(() => merged(b, 'bae-new', newer.head.cid), 5000, 'ongoing push');
    assert.equal(b.merges.some((m) => m.DocID === 'bae-book'), false);
    const reps = await a.p2p.getAllReplicators();
    assert.equal(reps.length, 1);
    assert.equal(reps[0].Info.ID, b.peer.peerID);
    assert.deepEqual(reps[0].CollectionIDs, [USERS.collectionID]);
    assert.equal(reps[0].Status, 0);
    assert.match(reps[0].LastStatusChange, /^\d{4}-\d\d-\d\dT/);
    await assert.rejects(a.p2p.setReplicator({ Info: a.p2p.info() }), /can't target ourselves/);
    await a.p2p.deleteReplicator({ Info: b.p2p.info() });
    assert.deepEqual(await a.p2p.getAllReplicators(), []);
  } finally {
    await Promise.all([a.p2p.stop(), b.p2p.stop()]);
  }
});

test('an offline target is retried and catches up when it starts late; state persists', async () => {
  const persistA = new MemoryPersist();
  const keyB = await newKeyringPeerKey();
  const idB = peerIdOf(await peerKeyFromKeyring(keyB));
  // Reserve a port for b by starting and stopping it once.
  const probe = await startNode({ key: keyB });
  const addrB = probe.p2p.info().Addrs[0];
  await probe.p2p.stop();

  let a = await startNode({ persist: persistA });
  const docs = [chain('bae-r1', 2), chain('bae-r2', 3)];
  await localCommit(a, 'bae-r1', USERS.collectionID, docs[0]);
  await a.p2p.setReplicator({ Info: { ID: idB, Addrs: [addrB] }, Collections: ['Users'] });
  await localCommit(a, 'bae-r2', USERS.collectionID, docs[1]);
  await a.peer.idle();
  const reps = await a.p2p.getAllReplicators();
  assert.equal(reps[0].Status, 1, 'inactive after failed pushes');
  assert.ok([...persistA.map.keys()].some((k) => k.startsWith('/rep/retry/doc/')));

  // Restart a from its persisted state (blocks and heads survive in its own stores).
  const { blocks, collections } = a;
  await a.p2p.stop();
  a = await startNode({ persist: persistA });
  for (const [k, v] of blocks.map) a.blocks.map.set(k, v);
  for (const [k, v] of collections.docs) a.collections.docs.set(k, v);
  assert.equal((await a.p2p.getAllReplicators()).length, 1);

  const port = Number(addrB.split('/')[4]);
  const b = await startNode({ key: keyB, port });
  try {
    await waitFor(() => merged(b, 'bae-r1', docs[0].head.cid) && merged(b, 'bae-r2', docs[1].head.cid), 8000, 'retry catch-up');
    await waitFor(async () => (await a.p2p.getAllReplicators())[0].Status === 0, 3000, 'active again');
    assert.equal([...persistA.map.keys()].filter((k) => k.startsWith('/rep/retry/')).length, 0);
  } finally {
    await Promise.all([a.p2p.stop(), b.p2p.stop()]);
  }
});

test('an offline target is redialled between retries: it catches up long before the next retry is due', async () => {
  const keyB = await newKeyringPeerKey();
  const idB = peerIdOf(await peerKeyFromKeyring(keyB));
  const probe = await startNode({ key: keyB });
  const addrB = probe.p2p.info().Addrs[0];
  await probe.p2p.stop();

  const a = await startNode({ retryIntervalsMs: [60_000] });
  const doc = chain('bae-late', 3);
  await a.p2p.setReplicator({ Info: { ID: idB, Addrs: [addrB] }, Collections: ['Users'] });
  await localCommit(a, 'bae-late', USERS.collectionID, doc);
  await a.peer.idle();
  assert.equal((await a.p2p.getAllReplicators())[0].Status, 1);
  const b = await startNode({ key: keyB, port: Number(addrB.split('/')[4]) });
  try {
    const t0 = Date.now();
    await waitFor(() => merged(b, 'bae-late', doc.head.cid), 10_000, 'catch-up through the redial');
    assert.ok(Date.now() - t0 < 10_000);
    await waitFor(async () => (await a.p2p.getAllReplicators())[0].Status === 0, 3000, 'active again');
  } finally {
    await Promise.all([a.p2p.stop(), b.p2p.stop()]);
  }
});

test('subscriptions survive a restart', async () => {
  const persist = new MemoryPersist();
  let n = await startNode({ persist });
  await n.p2p.addP2PCollections(['Users', 'Books']);
  await n.p2p.addP2PDocuments(['bae-x1']);
  await n.p2p.stop();
  n = await startNode({ persist });
  try {
    assert.deepEqual((await n.p2p.getAllP2PCollections()).sort(), ['Books', 'Users']);
    assert.deepEqual(await n.p2p.getAllP2PDocuments(), ['bae-x1']);
  } finally {
    await n.p2p.stop();
  }
});
