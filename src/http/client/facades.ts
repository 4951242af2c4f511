// The P2P, ACP and node facades over HTTP: the same interfaces the server is handed, so the CLI
// calls them as the node does in process.

import type {
  ACPApi, DocActorRelationship, NodeACPStatus, NodeActorRelationship, NodeApi, P2PApi, PeerInfo, PublicIdentity,
  ReplicatorInfo,
} from '../api.ts';
import type { Transport } from './transport.ts';

export class HttpP2P implements P2PApi {
  readonly #t: Transport;
  constructor(t: Transport) { this.#t = t; }

  peerInfo(): Promise<PeerInfo> { return this.#t.json('GET', '/p2p/info'); }
  async connect(info: PeerInfo): Promise<void> { await this.#t.text('POST', '/p2p/connect', { json: info }); }
  /** The route answers full multiaddrs; they are grouped back per peer. */
  async activePeers(): Promise<PeerInfo[]> {
    const byID = new Map<string, string[]>();
    for (const a of (await this.#t.json<string[]>('GET', '/p2p/active-peers')) ?? []) {
      const i = a.lastIndexOf('/p2p/');
      const id = a.slice(i + 5);
      if (!byID.has(id)) byID.set(id, []);
      if (i > 0) byID.get(id)!.push(a.slice(0, i));
    }
    return [...byID].map(([ID, Addrs]) => ({ ID, Addrs }));
  }
  async setReplicator(info: PeerInfo, collections: string[]): Promise<void> {
    await this.#t.text('POST', '/p2p/replicators', { json: { Info: info, Collections: collections } });
  }
  async deleteReplicator(info: PeerInfo, collections: string[]): Promise<void> {
    await this.#t.text('DELETE', '/p2p/replicators', { json: { Info: info, Collections: collections } });
  }
  async getAllReplicators(): Promise<ReplicatorInfo[]> { return (await this.#t.json<ReplicatorInfo[]>('GET', '/p2p/replicators')) ?? []; }
  async addP2PCollections(names: string[]): Promise<void> { await this.#t.text('POST', '/p2p/collections', { json: names }); }
  async removeP2PCollections(names: string[]): Promise<void> { await this.#t.text('DELETE', '/p2p/collections', { json: names }); }
  async getAllP2PCollections(): Promise<string[]> { return (await this.#t.json<string[]>('GET', '/p2p/collections')) ?? []; }
  async addP2PDocuments(ids: string[]): Promise<void> { await this.#t.text('POST', '/p2p/documents', { json: ids }); }
  async removeP2PDocuments(ids: string[]): Promise<void> { await this.#t.text('DELETE', '/p2p/documents', { json: ids }); }
  async getAllP2PDocuments(): Promise<string[]> { return (await this.#t.json<string[]>('GET', '/p2p/documents')) ?? []; }
  async syncDocuments(collectionName: string, docIDs: string[], timeoutMs?: number): Promise<void> {
    const timeout = timeoutMs === undefined ? undefined : `${timeoutMs}ms`;
    await this.#t.text('POST', '/p2p/documents/sync', { json: { collectionName, docIDs, timeout } });
  }
}

/** The client's identity is its bearer token, so the `identity` parameters are ignored. */
export class HttpACP implements ACPApi {
  readonly #t: Transport;
  constructor(t: Transport) { this.#t = t; }

  addDocPolicy(policy: string): Promise<{ PolicyID: string }> {
    return this.#t.json('POST', '/acp/document/policy', { text: policy });
  }
  addDocActorRelationship(rel: DocActorRelationship): Promise<{ ExistedAlready: boolean }> {
    return this.#t.json('POST', '/acp/document/relationship', { json: rel });
  }
  deleteDocActorRelationship(rel: DocActorRelationship): Promise<{ RecordFound: boolean }> {
    return this.#t.json('DELETE', '/acp/document/relationship', { json: rel });
  }
  addNodeActorRelationship(rel: NodeActorRelationship): Promise<{ ExistedAlready: boolean }> {
    return this.#t.json('POST', '/acp/node/relationship', { json: rel });
  }
  deleteNodeActorRelationship(rel: NodeActorRelationship): Promise<{ RecordFound: boolean }> {
    return this.#t.json('DELETE', '/acp/node/relationship', { json: rel });
  }
  async disableNodeACP(): Promise<void> { await this.#t.text('POST', '/acp/node/disable'); }
  async reEnableNodeACP(): Promise<void> { await this.#t.text('POST', '/acp/node/re-enable'); }
  getNodeACPStatus(): Promise<{ Status: NodeACPStatus }> { return this.#t.json('GET', '/acp/node/status'); }
}

export class HttpNode implements Required<NodeApi> {
  readonly #t: Transport;
  constructor(t: Transport) { this.#t = t; }

  async identity(): Promise<PublicIdentity | null> { return (await this.#t.json<PublicIdentity | null>('GET', '/node/identity')) ?? null; }
  async verifyBlockSignature(keyType: string, publicKey: string, cid: string): Promise<void> {
    await this.#t.text('GET', '/block/verify-signature', { query: { cid, 'public-key': publicKey, type: keyType } });
  }
  async dump(): Promise<void> { await this.#t.text('GET', '/debug/dump'); }
  async purge(): Promise<void> { await this.#t.text('POST', '/purge'); }
}
