// Adapts the embedded database to net's narrow deps (net/deps.ts): db `update` events become
// net `update`s (PascalCase, as Go's), net's `merge` requests call `db.merge`, blocks and heads
// are read from the db's KV store, and subscriptions/replicators persist under /db/system/net.
// Also adapts net's P2P facade to the HTTP server's P2PApi.
import type { CID } from 'multiformats/cid';
import type { Block } from '../core/index.ts';
import { COMPOSITE_HEAD_FIELD, cidKey, docHeadPrefix, getBlockBytes, hasBlock, headCids, putBlockBytes } from '../core/index.ts';
import type { Database, StoredBlock } from '../db/index.ts';
import type { P2PApi, PeerInfo } from '../http/index.ts';
import { Batcher, createPeer, kvPersist, P2P } from '../net/index.ts';
import type { CollectionRef, CollectionSource, MergeEvent, NetDeps, NetEvents, PersistStore } from '../net/index.ts';
import type { KVStore, KVTxn } from '../store/index.ts';
import { EventBus } from '../util/index.ts';
import type { Logger } from '../util/index.ts';
import type { NodeKeys } from './node-keys.ts';
import type { OpenedNet } from './services.ts';
import type { NodeSettings } from './settings.ts';

async function readTxn<T>(kv: KVStore, fn: (t: ReturnType<KVStore['newTxn']>) => T): Promise<T> {
  const t = kv.newTxn(true);
  try { return fn(t); } finally { t.discard(); }
}

/** One read snapshot shared by the block reads of an event-loop turn (a bitswap message or a
 *  catch-up asks for many blocks at once) instead of a transaction per block. Blocks are never
 *  changed or deleted, so an older snapshot can only miss a block, never return a wrong one. */
function turnSnapshot(kv: KVStore): () => KVTxn {
  let txn: KVTxn | undefined;
  return () => {
    if (!txn) {
      const t = (txn = kv.newTxn(true));
      setImmediate(() => { txn = undefined; t.discard(); });
    }
    return txn;
  };
}

function collectionSource(db: Database, kv: KVStore): CollectionSource {
  const all = async (): Promise<CollectionRef[]> => {
    const seen = new Map<string, CollectionRef>();
    for (const c of await db.getCollections()) {
      if (!seen.has(c.version.CollectionID)) seen.set(c.version.CollectionID, { name: c.name, collectionID: c.version.CollectionID });
    }
    return [...seen.values()];
  };
  return {
    all,
    byName: async (name) => (await all()).find((c) => c.name === name),
    byID: async (id) => (await all()).find((c) => c.collectionID === id),
    async docIDs(collectionID) {
      const ref = (await all()).find((c) => c.collectionID === collectionID);
      if (!ref) return [];
      const out: string[] = [];
      for await (const d of (await db.getCollectionByName(ref.name)).getAllDocIDs()) if (!d.error) out.push(d.docID);
      return out;
    },
    heads: (docID) => readTxn(kv, (t) => headCids(t, docHeadPrefix(docID, COMPOSITE_HEAD_FIELD))),
    // Head exchange needs it to answer for subscribed documents.
    async collectionOfDoc(docID) {
      for (const ref of await all()) {
        try {
          await (await db.getCollectionByName(ref.name)).get(docID, true);
          return ref.collectionID;
        } catch { /* not in this collection */ }
      }
      return undefined;
    },
  };
}

export function netDeps(db: Database, kv: KVStore): { deps: NetDeps; detach: () => void } {
  const events = new EventBus<NetEvents>();
  const detach = db.events.on('update', (u) => {
    events.emit('update', { DocID: u.docID, Cid: u.cid, CollectionID: u.collectionID, Block: u.block });
  });
  // Blocks and merges arriving together (a replicator's catch-up, a burst of updates) share one
  // transaction: a synced commit costs milliseconds, so one per block or head caps replication
  // at a few hundred documents per second. A merge is queued only once its blocks are stored,
  // so it always lands in a later batch than they do.
  type Write = { blocks: Array<{ cid: CID; bytes: Uint8Array; block?: Block }> } | { merge: MergeEvent };
  // The merges of a batch mostly need the blocks the batch before stored: handed over as bytes
  // instead of read back (only once that batch committed, and with this batch's own, which
  // commit together with the merges or not at all).
  let committedBlocks = new Map<string, StoredBlock>();
  const writes = new Batcher<Write>(async (items) => {
    const blocks = items.flatMap((w) => ('blocks' in w ? w.blocks : []));
    const reqs = items.flatMap((w) => ('merge' in w ? [w.merge] : []));
    const putBlocks = blocks.length ? (t: KVTxn) => { for (const b of blocks) putBlockBytes(t, b.cid, b.bytes); } : undefined;
    const batchBlocks = new Map<string, StoredBlock>();
    for (const b of blocks) batchBlocks.set(cidKey(b.cid), b);
    const previous = committedBlocks;
    const stored = (cid: string) => batchBlocks.get(cid) ?? previous.get(cid);
    const errs = await db.mergeMany(reqs.map((ev) => ({ docID: ev.DocID, cid: ev.Cid, collectionID: ev.CollectionID, by: ev.ByPeer })), putBlocks, undefined, stored);
    committedBlocks = batchBlocks; // mergeMany resolved: the prelude's blocks are committed
    let m = 0;
    return items.map((w) => {
      const error = 'merge' in w ? errs[m++] : undefined;
      return error ? { ok: false, error } : { ok: true, value: undefined };
    });
  });
  const snap = turnSnapshot(kv);
  const deps: NetDeps = {
    events,
    blocks: {
      // a block found in the turn's snapshot is current (blocks never change); a miss is rechecked
      get: async (cid: CID) => getBlockBytes(snap(), cid) ?? readTxn(kv, (t) => getBlockBytes(t, cid)),
      // a stale "no" only costs a redundant fetch (net's DAG walk and merge are idempotent)
      has: async (cid: CID) => hasBlock(snap(), cid),
      hasNow: (cid: CID) => hasBlock(snap(), cid),
      put: (cid: CID, bytes: Uint8Array) => writes.add({ blocks: [{ cid, bytes }] }),
      putMany: (blocks) => writes.add({ blocks }),
    },
    persist: kvPersist(kv, '/db/system/net'),
    collections: collectionSource(db, kv),
    merge: (ev) => writes.add({ merge: ev }),
  };
  return { deps, detach };
}

/** net's P2P facade in the shape the HTTP server expects. */
export function p2pApi(p2p: P2P): P2PApi & { activePeers(): PeerInfo[] } {
  return {
    peerInfo: () => p2p.info(),
    connect: (info) => p2p.connect(info),
    activePeers: () => p2p.activePeers(),
    setReplicator: (info, collections) => p2p.setReplicator({ Info: info, Collections: collections }),
    deleteReplicator: (info, collections) => p2p.deleteReplicator({ Info: info, Collections: collections }),
    getAllReplicators: () => p2p.getAllReplicators(),
    addP2PCollections: (names) => p2p.addP2PCollections(names),
    removeP2PCollections: (names) => p2p.removeP2PCollections(names),
    getAllP2PCollections: () => p2p.getAllP2PCollections(),
    addP2PDocuments: (ids) => p2p.addP2PDocuments(ids),
    removeP2PDocuments: (ids) => p2p.removeP2PDocuments(ids),
    getAllP2PDocuments: () => p2p.getAllP2PDocuments(),
    syncDocuments: (name, ids, timeoutMs) => p2p.syncDocuments(name, ids, timeoutMs),
  };
}

/** Without a keyring the peer key would change at every start, so a restarted node could no
 *  longer be reached by its replicators and peers: keep it in the datastore instead. */
async function storedPeerKey(persist: PersistStore, fresh: Uint8Array): Promise<Uint8Array> {
  const have = await persist.get(PEER_KEY);
  if (have?.length === 64) return have;
  await persist.put(PEER_KEY, fresh);
  return fresh;
}
const PEER_KEY = '/peer-key';

export async function startNet(settings: NodeSettings, keys: NodeKeys, db: Database, kv: KVStore, logger: Logger): Promise<OpenedNet> {
  const { deps, detach } = netDeps(db, kv);
  const peer = await createPeer(deps, {
    privateKey: keys.peerKeyEphemeral ? await storedPeerKey(deps.persist, keys.peerKey) : keys.peerKey,
    listen: settings.net.listen,
    bootstrap: settings.net.peers,
    retryIntervalsMs: settings.net.replicatorRetryIntervals.map((s) => s * 1000),
    logger,
  });
  const p2p = new P2P(peer);
  await p2p.start();
  return {
    p2p: p2pApi(p2p),
    info: () => ({ ID: p2p.info().ID, Addrs: p2p.fullAddrs() }),
    async stop() {
      detach();
      await p2p.stop();
    },
  };
}
