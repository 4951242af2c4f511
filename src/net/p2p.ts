// The P2P facade: exactly the operations the HTTP `/api/v0/p2p/*` routes need (http-cli.md),
// in DefraDB's JSON shapes, plus start/stop for node.

import type { AddrInfo } from './host.ts';
import type { Peer } from './peer.ts';
import type { Replicator } from './replicators.ts';

/** `POST|DELETE /p2p/replicators` body. `Collections` null or empty means all. */
export interface ReplicatorParams { Info: AddrInfo; Collections?: string[] | null }

export class P2P {
  readonly peer: Peer;

  constructor(peer: Peer) { this.peer = peer; }

  start(): Promise<void> { return this.peer.start(); }
  stop(): Promise<void> { return this.peer.stop(); }

  /** `GET /p2p/info`: `{ID, Addrs}` (listen addresses without `/p2p`). */
  info(): AddrInfo { return this.peer.info(); }
  /** Full multiaddrs `/ip4/…/tcp/…/p2p/12D3…`. */
  fullAddrs(): string[] { return this.peer.host.fullAddrs(); }
  /** `POST /p2p/connect` (harness extension): an AddrInfo or a full multiaddr. */
  async connect(target: AddrInfo | string): Promise<void> { await this.peer.host.connect(target); }
  /** Connected peers with the addresses of their open connections. */
  activePeers(): AddrInfo[] { return this.peer.host.activePeers(); }

  setReplicator(p: ReplicatorParams): Promise<void> { return this.peer.replicators.set(p.Info, p.Collections ?? []); }
  deleteReplicator(p: ReplicatorParams): Promise<void> { return this.peer.replicators.delete(p.Info, p.Collections ?? []); }
  async getAllReplicators(): Promise<Replicator[]> { return this.peer.replicators.getAll(); }

  addP2PCollections(names: string[]): Promise<void> { return this.peer.subscriptions.addCollections(names); }
  removeP2PCollections(names: string[]): Promise<void> { return this.peer.subscriptions.removeCollections(names); }
  getAllP2PCollections(): Promise<string[]> { return this.peer.subscriptions.collectionNames(); }

  addP2PDocuments(docIDs: string[]): Promise<void> { return this.peer.subscriptions.addDocuments(docIDs); }
  removeP2PDocuments(docIDs: string[]): Promise<void> { return this.peer.subscriptions.removeDocuments(docIDs); }
  async getAllP2PDocuments(): Promise<string[]> { return this.peer.subscriptions.docIDs(); }

  /** `POST /p2p/documents/sync`. */
  syncDocuments(collectionName: string, docIDs: string[], timeoutMs?: number): Promise<void> {
    return this.peer.syncDocuments(collectionName, docIDs, timeoutMs);
  }
}
