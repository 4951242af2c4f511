// The Peer composes the host and every protocol (p2p.md §1–6): it publishes local `update`s to
// document/collection topics and replicators, receives push-logs (pubsub or gRPC), fetches the
// missing DAG over bitswap, then asks db to merge.

import type { CID } from 'multiformats/cid';
import { silentLogger, type Logger } from '../util/index.ts';
import { ErrCollectionNotFound } from '../client/index.ts';
import { cidKey } from '../core/index.ts';
import type { MergeEvent, NetDeps, UpdateEvent } from './deps.ts';
import { mergeThroughEvents } from './merge-through-events.ts';
import { Host, type AddrInfo } from './host.ts';
import { peerKeyFromKeyring } from './peer-key.ts';
import { Bitswap } from './bitswap.ts';
import { DagSync } from './dag-sync.ts';
import { PubsubRpc } from './pubsub-rpc.ts';
import { GrpcClient, GrpcServer } from './grpc.ts';
import { Subscriptions } from './subscriptions.ts';
import { Replicators } from './replicators.ts';
import { DocSync } from './doc-sync.ts';
import { HeadExchange } from './head-exchange.ts';
import { validateDocID } from './errors.ts';
import { collectionTopic, decodePushLog, documentTopic, encodePushLog, type PushLog } from './wire/index.ts';

export interface PeerOptions {
  /** Keyring `peer-key` (64 bytes seed‖pub); ephemeral identity when absent. */
  privateKey?: Uint8Array;
  /** Listen multiaddrs (default `/ip4/127.0.0.1/tcp/9171`, the CLI default). */
  listen?: string[];
  /** Bootstrap peers (`--peers`): full multiaddrs with `/p2p/<id>`. */
  bootstrap?: string[];
  /** Replicator retry intervals (default 30 s … 1920 s). */
  retryIntervalsMs?: number[];
  retryTickMs?: number;
  /** Exchange heads with every newly identified peer (default true; not in DefraDB). */
  headExchange?: boolean;
  /** Publish updates on pubsub (`net.pubSubEnabled`, default true). */
  pubsub?: boolean;
  logger?: Logger;
}

/** Remembered merged heads, so a doc subscribed both ways is not merged twice. */
const RECENT_LIMIT = 10_000;

export class Peer {
  readonly host: Host;
  readonly subscriptions: Subscriptions;
  readonly replicators: Replicators;
  readonly docSync: DocSync;
  #deps: NetDeps;
  #opts: PeerOptions;
  #log: Logger;
  #bitswap: Bitswap;
  #dag: DagSync;
  #rpc: PubsubRpc;
  #grpcServer: GrpcServer;
  #grpc: GrpcClient;
  #heads?: HeadExchange;
  #merge: (req: MergeEvent) => Promise<void>;
  #recent = new Set<string>();
  #offUpdate?: () => void;
  #pending = new Set<Promise<unknown>>();

  private constructor(host: Host, deps: NetDeps, opts: PeerOptions) {
    this.host = host;
    this.#deps = deps;
    this.#opts = opts;
    this.#log = opts.logger ?? silentLogger;
    const self = host.peerId.toString();
    this.#merge = deps.merge ? deps.merge.bind(deps) : mergeThroughEvents(deps.events);
    this.#bitswap = new Bitswap(host.libp2p, { blocks: deps.blocks, canServe: deps.canServe, logger: this.#log });
    this.#dag = new DagSync(deps.blocks, this.#bitswap);
    this.#rpc = new PubsubRpc(host.pubsub, host.peerId, this.#log);
    this.#grpc = new GrpcClient(host.libp2p);
    this.#grpcServer = new GrpcServer(host.libp2p, {
      pushLog: (msg, from) => this.#receive(msg, from, true),
      getIdentity: async (caller) => deps.identityToken?.(caller),
    });
    this.subscriptions = new Subscriptions(deps.persist, deps.collections, this.#rpc,
      async (from, _topic, data) => { await this.#receive(decodePushLog(data), from, false); return undefined; });
    this.replicators = new Replicators({
      self, persist: deps.persist, blocks: deps.blocks, collections: deps.collections,
      pushLog: (peer, msg) => this.#grpc.pushLog(peer, msg),
      connect: (info) => this.host.connect(info),
      isConnected: (peer) => this.host.isConnected(peer),
      onCompleted: () => deps.events.emit('replicator-completed', null),
      retryIntervalsMs: opts.retryIntervalsMs, retryTickMs: opts.retryTickMs, logger: this.#log,
    });
    this.docSync = new DocSync({
      rpc: this.#rpc, collections: deps.collections, self, logger: this.#log,
      connectedPeers: () => this.host.activePeers().map((p) => p.ID),
      fetchAndMerge: (docID, col, head, from, by) => this.#fetchAndMerge(docID, col, head, from, by),
    });
    if (opts.headExchange !== false) {
      this.#heads = new HeadExchange(host.libp2p, {
        blocks: deps.blocks, collections: deps.collections, logger: this.#log,
        interests: () => ({ collectionIDs: this.subscriptions.collectionIDs(), docIDs: this.subscriptions.docIDs() }),
        replicatedTo: (peer) => this.replicators.settledFor(peer),
        fetchAndMerge: (docID, col, head, from) => this.#fetchAndMerge(docID, col, head, from, from),
      });
    }
  }

  static async create(deps: NetDeps, opts: PeerOptions = {}): Promise<Peer> {
    const host = await Host.create({
      privateKey: await peerKeyFromKeyring(opts.privateKey),
      listen: opts.listen ?? ['/ip4/127.0.0.1/tcp/9171'],
      bootstrap: opts.bootstrap,
      logger: opts.logger,
    });
    return new Peer(host, deps, opts);
  }

  get peerID(): string { return this.host.peerId.toString(); }

  async start(): Promise<void> {
    await this.host.start();
    await this.#bitswap.start();
    await this.#grpcServer.start();
    this.#rpc.start();
    this.docSync.start();
    await this.subscriptions.load();
    await this.#heads?.start();
    await this.replicators.start();
    this.host.libp2p.addEventListener('peer:connect', this.#onConnect);
    this.#offUpdate = this.#deps.events.on('update', (u) => this.#track(this.#onUpdate(u)));
    this.#deps.events.emit('peer-info', { Info: this.host.info() });
  }

  async stop(): Promise<void> {
    this.#offUpdate?.();
    this.host.libp2p.removeEventListener('peer:connect', this.#onConnect);
    await this.replicators.stop();
    await Promise.allSettled([...this.#pending]);
    await this.#heads?.stop();
    this.#rpc.stop();
    this.#grpc.close();
    await this.#grpcServer.stop();
    await this.#bitswap.stop();
    await this.host.stop();
  }

  info(): AddrInfo { return this.host.info(); }

  /** Pulls documents from connected peers (`doc-sync`). */
  async syncDocuments(collectionName: string, docIDs: string[], timeoutMs = 10_000): Promise<void> {
    docIDs.forEach(validateDocID);
    const ref = await this.#deps.collections.byName(collectionName);
    if (!ref) throw ErrCollectionNotFound({ Name: collectionName });
    await this.docSync.sync(ref.collectionID, docIDs, timeoutMs);
  }

  /** Waits for background work (pushes, merges) started so far. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    await this.replicators.idle();
  }

  #onConnect = (evt: CustomEvent<{ toString(): string }>): void => {
    this.#track(this.replicators.peerConnected(evt.detail.toString()));
  };

  async #onUpdate(u: UpdateEvent): Promise<void> {
    this.replicators.push(u);
    if (u.IsRetry || this.#opts.pubsub === false) return;
    const msg = encodePushLog({ docID: u.DocID, cid: u.Cid, collectionID: u.CollectionID, creator: this.peerID, block: u.Block });
    const topics = u.DocID ? [documentTopic(u.DocID), collectionTopic(u.CollectionID)] : [collectionTopic(u.CollectionID)];
    await Promise.all(topics.map((t) => this.#rpc.publish(t, msg).catch((err) =>
      this.#log.debug('publish failed', { topic: t, err: String(err) }))));
  }

  /** `processPushlog`: store the head and its missing DAG, then merge. A replicator push
   *  returns once the DAG is stored; the merge runs on (Go does the same). */
  async #receive(msg: PushLog, from: string, isReplicator: boolean): Promise<void> {
    if (msg.docID !== '') validateDocID(msg.docID);
    const cid = await this.#dag.syncHead(msg.block, { prefer: [from] });
    if (!cid.equals(msg.cid)) this.#log.debug('push-log CID differs from block', { claimed: String(msg.cid), actual: String(cid) });
    const merge = this.#mergeOnce({ DocID: msg.docID, ByPeer: msg.creator, FromPeer: from, Cid: cid, CollectionID: msg.collectionID });
    if (isReplicator) this.#track(merge);
    else await merge;
  }

  async #fetchAndMerge(docID: string, collectionID: string, head: CID, from: string, by: string): Promise<void> {
    await this.#dag.sync(head, { prefer: [from] });
    await this.#mergeOnce({ DocID: docID, ByPeer: by, FromPeer: from, Cid: head, CollectionID: collectionID }, true);
  }

  async #mergeOnce(req: MergeEvent, force = false): Promise<void> {
    const key = `${req.DocID}/${cidKey(req.Cid)}`;
    if (this.#recent.has(key) && !force) return;
    this.#recent.add(key);
    if (this.#recent.size > RECENT_LIMIT) this.#recent.delete(this.#recent.values().next().value!);
    try {
      await this.#merge(req);
    } catch (err) {
      this.#recent.delete(key);
      this.#log.error('merge failed', { docID: req.DocID, cid: String(req.Cid), err: String(err) });
    }
  }

  #track(p: Promise<unknown>): void {
    const t = p.catch((err) => this.#log.error('p2p task failed', { err: String(err) }));
    this.#pending.add(t);
    void t.finally(() => this.#pending.delete(t));
  }
}
