// Head exchange on (re)connection, beyond DefraDB v0.19 (p2p.md §6.4 says it has none). When a
// peer is identified, we ask it for the heads of what we follow: subscribed collections and
// documents, plus whatever it replicates to us. Missing heads are fetched and merged, so a node
// that was offline catches up by itself without waiting for the next update of each document.

import type { Libp2p, PeerId, Stream } from '@libp2p/interface';
import type { CID } from 'multiformats/cid';
import type { Logger } from '../util/index.ts';
import type { BlockStore, CollectionSource } from './deps.ts';
import { readLp, sendLp } from './stream-io.ts';
import {
  HEAD_EXCHANGE_PROTOCOL, decodeHeadsBatch, decodeHeadsRequest, encodeHeadsBatch, encodeHeadsRequest,
  type DocHeads, type HeadsRequest,
} from './wire/index.ts';

const BATCH = 200;

/** What both requests follow. */
const intersect = (a: HeadsRequest, b: HeadsRequest): HeadsRequest => ({
  collectionIDs: a.collectionIDs.filter((c) => b.collectionIDs.includes(c)),
  docIDs: a.docIDs.filter((d) => b.docIDs.includes(d)),
});
const REPEAT_AFTER_MS = 1500;

export interface HeadExchangeDeps {
  blocks: BlockStore;
  collections: CollectionSource;
  /** What this node follows (subscriptions). */
  interests(): HeadsRequest;
  /** Collections this node replicates to `peer` (the peer gets their heads unasked). */
  replicatedTo(peer: string): string[];
  fetchAndMerge(docID: string, collectionID: string, head: CID, fromPeer: string): Promise<void>;
  logger?: Logger;
}

export class HeadExchange {
  #libp2p: Libp2p;
  #d: HeadExchangeDeps;
  #running = new Map<string, Promise<void>>();
  #timers = new Set<ReturnType<typeof setTimeout>>();
  /** What we followed when a connection to the peer opened (identify comes a little later). */
  #atConnect = new Map<string, HeadsRequest>();

  constructor(libp2p: Libp2p, d: HeadExchangeDeps) {
    this.#libp2p = libp2p;
    this.#d = d;
  }

  async start(): Promise<void> {
    await this.#libp2p.handle(HEAD_EXCHANGE_PROTOCOL, (stream, conn) => this.#serve(stream, conn.remotePeer.toString()));
    this.#libp2p.addEventListener('connection:open', this.#onOpen);
    this.#libp2p.addEventListener('peer:identify', this.#onIdentify);
  }

  async stop(): Promise<void> {
    this.#libp2p.removeEventListener('connection:open', this.#onOpen);
    this.#libp2p.removeEventListener('peer:identify', this.#onIdentify);
    this.#atConnect.clear();
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#libp2p.unhandle(HEAD_EXCHANGE_PROTOCOL);
    await Promise.allSettled([...this.#running.values()]);
  }

  #onOpen = (evt: CustomEvent<{ remotePeer: PeerId }>): void => {
    this.#atConnect.set(evt.detail.remotePeer.toString(), this.#d.interests());
  };

  #onIdentify = (evt: CustomEvent<{ peerId: PeerId; protocols: string[] }>): void => {
    const peer = evt.detail.peerId.toString();
    // Only what we already followed when the connection opened: a subscription added after
    // connecting gets new updates only, as in DefraDB (and one undone meanwhile is not pulled).
    const before = this.#atConnect.get(peer);
    this.#atConnect.delete(peer);
    if (!evt.detail.protocols.includes(HEAD_EXCHANGE_PROTOCOL)) return;
    const interests = before ? intersect(before, this.#d.interests()) : this.#d.interests();
    void this.exchange(peer, interests);
    // Until gossipsub has told the peer our subscriptions, what it publishes does not reach us:
    // a second pull of the same interests, once that window has passed, picks up updates lost in
    // it (subscriptions added since only get new updates, as in DefraDB).
    const t = setTimeout(() => {
      this.#timers.delete(t);
      void this.exchange(peer, intersect(interests, this.#d.interests()));
    }, REPEAT_AFTER_MS);
    t.unref?.();
    this.#timers.add(t);
  };

  /** Pulls the peer's heads for what we follow; one exchange per peer at a time. */
  exchange(peer: string, interests: HeadsRequest = this.#d.interests()): Promise<void> {
    let p = this.#running.get(peer);
    if (!p) {
      p = this.#pull(peer, interests)
        .catch((err) => this.#d.logger?.debug('head exchange failed', { peer, err: String(err) }))
        .finally(() => this.#running.delete(peer));
      this.#running.set(peer, p);
    }
    return p;
  }

  async #pull(peer: string, interests: HeadsRequest): Promise<void> {
    const conn = this.#libp2p.getConnections().find((c) => c.remotePeer.toString() === peer);
    if (!conn) return;
    const stream = await conn.newStream(HEAD_EXCHANGE_PROTOCOL, { signal: AbortSignal.timeout(10_000) });
    await sendLp(stream, encodeHeadsRequest(interests));
    await stream.close();
    const work: Promise<void>[] = [];
    for await (const batch of readLp(stream)) {
      for (const doc of decodeHeadsBatch(batch)) work.push(this.#catchUp(doc, peer, interests));
    }
    await Promise.all(work);
  }

  async #catchUp(doc: DocHeads, peer: string, asked: HeadsRequest): Promise<void> {
    if (!(await this.#d.collections.byID(doc.collectionID))) return;
    for (const head of doc.heads) {
      // a document we asked for by ID and unsubscribed from since is no longer wanted
      if (!this.#stillWanted(doc, asked)) return;
      if (await this.#d.blocks.has(head)) continue;
      await this.#d.fetchAndMerge(doc.docID, doc.collectionID, head, peer)
        .catch((err) => this.#d.logger?.debug('head catch-up failed', { docID: doc.docID, err: String(err) }));
    }
  }

  #stillWanted(doc: DocHeads, asked: HeadsRequest): boolean {
    if (!asked.docIDs.includes(doc.docID) || asked.collectionIDs.includes(doc.collectionID)) return true;
    const now = this.#d.interests();
    return now.docIDs.includes(doc.docID) || now.collectionIDs.includes(doc.collectionID);
  }

  async #serve(stream: Stream, peer: string): Promise<void> {
    try {
      let req: HeadsRequest | undefined;
      for await (const msg of readLp(stream)) req ??= decodeHeadsRequest(msg);
      if (!req) return;
      const cols = new Set([...req.collectionIDs, ...this.#d.replicatedTo(peer)]);
      let batch: DocHeads[] = [];
      const flush = async () => { if (batch.length) await sendLp(stream, encodeHeadsBatch(batch)); batch = []; };
      const sent = new Set<string>();
      for (const collectionID of cols) {
        if (!(await this.#d.collections.byID(collectionID))) continue;
        for await (const docID of await this.#d.collections.docIDs(collectionID)) {
          const heads = await this.#d.collections.heads(docID);
          if (heads.length === 0) continue;
          sent.add(docID);
          batch.push({ docID, collectionID, heads });
          if (batch.length >= BATCH) await flush();
        }
      }
      for (const docID of req.docIDs) {
        if (sent.has(docID)) continue;
        const heads = await this.#d.collections.heads(docID);
        const collectionID = await this.#d.collections.collectionOfDoc?.(docID);
        if (heads.length > 0 && collectionID) batch.push({ docID, collectionID, heads });
      }
      await flush();
      await stream.close();
    } catch (err) {
      stream.abort(err as Error);
    }
  }
}
