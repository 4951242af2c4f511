// net: libp2p networking: pubsub push-logs, replicators, doc-sync, head exchange, bitswap.
import type { NetDeps } from './deps.ts';
import { Peer, type PeerOptions } from './peer.ts';

export type {
  NetDeps, NetEvents, UpdateEvent, MergeEvent, MergeCompleteEvent, BlockStore, PersistStore,
  CollectionSource, CollectionRef,
} from './deps.ts';
export { Peer, type PeerOptions } from './peer.ts';
export { P2P, type ReplicatorParams } from './p2p.ts';
export type { AddrInfo } from './host.ts';
export type { Replicator } from './replicators.ts';
export { DEFAULT_RETRY_INTERVALS_MS } from './replicators.ts';
export { mergeThroughEvents } from './merge-through-events.ts';
export { kvPersist } from './kv-persist.ts';
export { Batcher, type BatchResult } from './batcher.ts';
export { newKeyringPeerKey, peerKeyFromKeyring, peerIdOf } from './peer-key.ts';
export { ErrMalformedDocID, ErrTimeoutDocSync, ErrSelfTargetForReplicator } from './errors.ts';

/** Builds a Peer (not started) from node's deps and options. */
export const createPeer = (deps: NetDeps, opts: PeerOptions = {}): Promise<Peer> => Peer.create(deps, opts);
