// What the net layer needs from the rest of the node. `node` adapts db, the block store and the
// system store to these narrow contracts (DESIGN: db and net meet only through events and the
// block store), so net never imports db or query.

import type { CID } from 'multiformats/cid';
import type { Block } from '../core/index.ts';
import type { EventBus } from '../util/index.ts';

/** `update`: published by db after every successful local commit (p2p.md §2). */
export interface UpdateEvent {
  DocID: string;
  Cid: CID;
  /** Schema root CID string. */
  CollectionID: string;
  /** Exact dag-cbor bytes of the head (composite or collection) block. */
  Block: Uint8Array;
  IsRetry?: boolean;
}

/** `merge`: net asks db to merge a DAG whose blocks are all in the block store. */
export interface MergeEvent {
  DocID: string;
  /** Author peer ID (the push-log `Creator`). */
  ByPeer: string;
  /** Peer the blocks came from. */
  FromPeer: string;
  Cid: CID;
  CollectionID: string;
}

/** `merge-complete`: db after the merge committed (or failed: `Error` set). */
export interface MergeCompleteEvent {
  Merge: MergeEvent;
  Decrypted: boolean;
  Error?: string;
}

export interface NetEvents extends Record<string, unknown> {
  update: UpdateEvent;
  merge: MergeEvent;
  'merge-complete': MergeCompleteEvent;
  'replicator-completed': null;
  'peer-info': { Info: { ID: string; Addrs: string[] } };
  pubsub: { Peer: string };
}

/** Content-addressed block storage shared with db. Invariant net relies on: a block is put only
 *  after every block it links to (heads, links, signature) is present. */
export interface BlockStore {
  get(cid: CID): Promise<Uint8Array | undefined>;
  has(cid: CID): Promise<boolean>;
  /** Optional synchronous `has`, for stores that can answer at once (every fetched block is
   *  checked first). */
  hasNow?(cid: CID): boolean;
  /** Stores bytes under their CID (dag-cbor sha2-256). */
  put(cid: CID, bytes: Uint8Array): Promise<void>;
  /** Stores several blocks at once, in this order (optional; default: a `put` each). `block`
   *  is the decoded form when it was read already (a merge can reuse it). */
  putMany?(blocks: Array<{ cid: CID; bytes: Uint8Array; block?: Block }>): Promise<void>;
}

/** Small string-keyed store for subscriptions and replicators (node backs it by the system store). */
export interface PersistStore {
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /** Entries whose key starts with prefix, in key order. */
  list(prefix: string): Promise<Array<{ key: string; value: Uint8Array }>>;
}

export interface CollectionRef {
  name: string;
  /** Schema root CID string (`CollectionVersion.CollectionID`). */
  collectionID: string;
}

/** Read access to collections and document heads (node adapts db's store). */
export interface CollectionSource {
  /** Active collections, one entry per collection ID. */
  all(): Promise<CollectionRef[]>;
  byName(name: string): Promise<CollectionRef | undefined>;
  byID(collectionID: string): Promise<CollectionRef | undefined>;
  /** Every docID of the collection (deleted docs included: their heads still replicate). */
  docIDs(collectionID: string): AsyncIterable<string> | Promise<string[]>;
  /** Current composite heads of a document (empty when unknown). */
  heads(docID: string): Promise<CID[]>;
  /** Collection of a document, if known locally. */
  collectionOfDoc?(docID: string): Promise<string | undefined>;
}

export interface NetDeps {
  events: EventBus<NetEvents>;
  blocks: BlockStore;
  persist: PersistStore;
  collections: CollectionSource;
  /** Merge a DAG already in the block store; resolves when db reports `merge-complete`.
   *  Defaults to emitting `merge` on `events` and waiting (see mergeThroughEvents). */
  merge?(req: MergeEvent): Promise<void>;
  /** Optional bitswap serving filter (DAC); default allows every block. */
  canServe?(peerID: string, cid: CID): Promise<boolean>;
  /** Optional GetIdentity answer (JWT bytes for the caller's peer ID); default none. */
  identityToken?(callerPeerID: string): Promise<Uint8Array | undefined>;
}
