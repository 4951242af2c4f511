// In-memory NetDeps for tests (here and in node/integration suites): a block store, a persist
// store, a collection table and a merge recorder standing in for db.

import type { CID } from 'multiformats/cid';
import { EventBus } from '../../util/index.ts';
import type { BlockStore, CollectionRef, CollectionSource, MergeEvent, NetDeps, NetEvents, PersistStore } from '../deps.ts';

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export class MemoryBlockStore implements BlockStore {
  readonly map = new Map<string, Uint8Array>();
  async get(cid: CID) { return this.map.get(cid.toString()); }
  async has(cid: CID) { return this.map.has(cid.toString()); }
  async put(cid: CID, bytes: Uint8Array) { this.map.set(cid.toString(), bytes); }
}

export class MemoryPersist implements PersistStore {
  readonly map = new Map<string, Uint8Array>();
  async get(key: string) { return this.map.get(key); }
  async put(key: string, value: Uint8Array) { this.map.set(key, value); }
  async delete(key: string) { this.map.delete(key); }
  async list(prefix: string) {
    return [...this.map].filter(([k]) => k.startsWith(prefix)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value }));
  }
}

/** Collections plus a head table: `setHead` plays db's local commit, merges update heads too. */
export class MemoryCollections implements CollectionSource {
  readonly refs: CollectionRef[];
  /** docID → {collectionID, heads}. */
  readonly docs = new Map<string, { collectionID: string; heads: CID[] }>();
  constructor(refs: CollectionRef[]) { this.refs = refs; }
  async all() { return this.refs; }
  async byName(name: string) { return this.refs.find((r) => r.name === name); }
  async byID(id: string) { return this.refs.find((r) => r.collectionID === id); }
  async docIDs(id: string) { return [...this.docs].filter(([, d]) => d.collectionID === id).map(([k]) => k); }
  async heads(docID: string) { return this.docs.get(docID)?.heads ?? []; }
  async collectionOfDoc(docID: string) { return this.docs.get(docID)?.collectionID; }
  setHead(docID: string, collectionID: string, head: CID) { this.docs.set(docID, { collectionID, heads: [head] }); }
}

/** A db stand-in: records merges, moves the doc head to the merged CID, emits merge-complete. */
export function memoryDeps(refs: CollectionRef[]) {
  const events = new EventBus<NetEvents>();
  const blocks = new MemoryBlockStore();
  const persist = new MemoryPersist();
  const collections = new MemoryCollections(refs);
  const merges: MergeEvent[] = [];
  const deps: NetDeps = {
    events, blocks, persist, collections,
    async merge(req) {
      if (!(await blocks.has(req.Cid))) throw new Error(`merge: head ${req.Cid} not in block store`);
      merges.push(req);
      collections.setHead(req.DocID, req.CollectionID, req.Cid);
      events.emit('merge-complete', { Merge: req, Decrypted: false });
    },
  };
  return { deps, events, blocks, persist, collections, merges };
}
