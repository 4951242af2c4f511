// The facades the HTTP server is handed besides the Store, and which the HTTP client implements
// too, so the node wires a real network / ACP system into the server and the CLI talks to the
// same interfaces over HTTP. Shapes are DefraDB's JSON (PascalCase where Go has no JSON tags).

/** A libp2p peer as DefraDB prints it: `{"ID": "<peerID>", "Addrs": ["/ip4/…"]}`. */
export interface PeerInfo {
  ID: string;
  Addrs: string[];
}

export interface ReplicatorInfo {
  Info: PeerInfo;
  CollectionIDs: string[];
  /** 0 = active, 1 = inactive. */
  Status: number;
  /** RFC 3339 time. */
  LastStatusChange: string;
}

/** P2P operations (`/api/v0/p2p/*`). Absent → every P2P route answers `p2p network is disabled`. */
export interface P2PApi {
  peerInfo(): PeerInfo | Promise<PeerInfo>;
  /** Harness extension (`POST /p2p/connect`): dial a peer. */
  connect(info: PeerInfo): Promise<void>;
  /** Connected peers (`GET /p2p/active-peers`, DefraDB 1.0); the route answers full multiaddrs. */
  activePeers?(): PeerInfo[] | Promise<PeerInfo[]>;
  /** `collections` are names; empty = all collections. */
  setReplicator(info: PeerInfo, collections: string[]): Promise<void>;
  deleteReplicator(info: PeerInfo, collections: string[]): Promise<void>;
  getAllReplicators(): Promise<ReplicatorInfo[]>;
  addP2PCollections(names: string[]): Promise<void>;
  removeP2PCollections(names: string[]): Promise<void>;
  getAllP2PCollections(): Promise<string[]>;
  addP2PDocuments(docIDs: string[]): Promise<void>;
  removeP2PDocuments(docIDs: string[]): Promise<void>;
  getAllP2PDocuments(): Promise<string[]>;
  /** Fetches the docs' heads from peers; rejects after `timeoutMs` (route answers 500). */
  syncDocuments(collectionName: string, docIDs: string[], timeoutMs?: number): Promise<void>;
}

export interface DocActorRelationship {
  CollectionName: string;
  DocID: string;
  Relation: string;
  /** A DID or `*`. */
  TargetActor: string;
}

export interface NodeActorRelationship {
  Relation: string;
  TargetActor: string;
}

export type NodeACPStatus = 'not configured' | 'enabled' | 'disabled temporarily';

/**
 * Access control (`/api/v0/acp/*`). `identity` is what `HttpAuth.verify` returned for the
 * request's bearer token (undefined = anonymous); the HTTP client ignores it (its token is fixed).
 */
export interface ACPApi {
  addDocPolicy(policy: string, identity?: unknown): Promise<{ PolicyID: string }>;
  addDocActorRelationship(rel: DocActorRelationship, identity?: unknown): Promise<{ ExistedAlready: boolean }>;
  deleteDocActorRelationship(rel: DocActorRelationship, identity?: unknown): Promise<{ RecordFound: boolean }>;
  addNodeActorRelationship(rel: NodeActorRelationship, identity?: unknown): Promise<{ ExistedAlready: boolean }>;
  deleteNodeActorRelationship(rel: NodeActorRelationship, identity?: unknown): Promise<{ RecordFound: boolean }>;
  disableNodeACP(identity?: unknown): Promise<void>;
  reEnableNodeACP(identity?: unknown): Promise<void>;
  getNodeACPStatus(identity?: unknown): Promise<{ Status: NodeACPStatus }>;
}

/** `{"PublicKey": "<hex>", "DID": "did:key:…"}`. */
export interface PublicIdentity {
  PublicKey: string;
  DID: string;
}

/** Node-level routes (`/node/identity`, `/block/verify-signature`, `/debug/dump`, `/purge`). */
export interface NodeApi {
  identity(): Promise<PublicIdentity | null>;
  /** Rejects when the block's signature does not verify. */
  verifyBlockSignature(keyType: string, publicKey: string, cid: string): Promise<void>;
  /** Dumps DB state to the node log. */
  dump(): Promise<void>;
  /** Only in development mode; called after the `200` is sent. Absent = purge refused. */
  purge?(): Promise<void>;
}
