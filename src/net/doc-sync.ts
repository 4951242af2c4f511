// On-demand pull of named documents over the psrpc topic `doc-sync` (p2p.md §6.2): every peer
// answers with the composite heads it has; the requester fetches each new head's DAG and merges.

import type { CID } from 'multiformats/cid';
import type { Logger } from '../util/index.ts';
import type { CollectionSource } from './deps.ts';
import { ErrTimeoutDocSync } from './errors.ts';
import type { PubsubRpc, RpcResponse } from './pubsub-rpc.ts';
import {
  DOC_SYNC_TOPIC, decodeDocSyncReply, decodeDocSyncRequest, encodeDocSyncReply, encodeDocSyncRequest,
} from './wire/index.ts';

export interface DocSyncDeps {
  rpc: PubsubRpc;
  collections: CollectionSource;
  self: string;
  /** Fetch the DAG of `head` (preferring `fromPeer`) and merge it; resolves after merge-complete. */
  /** Peers with an open connection (pubsub sessions open a moment later). */
  connectedPeers?(): string[];
  fetchAndMerge(docID: string, collectionID: string, head: CID, fromPeer: string, byPeer: string): Promise<void>;
  logger?: Logger;
}

export class DocSync {
  #d: DocSyncDeps;

  constructor(d: DocSyncDeps) { this.#d = d; }

  /** Joins `doc-sync` as a responder (every node does, at start). */
  start(): void {
    this.#d.rpc.join(DOC_SYNC_TOPIC, async (_from, _topic, data) => {
      const results = [];
      for (const docID of decodeDocSyncRequest(data)) {
        const heads = await this.#d.collections.heads(docID);
        if (heads.length > 0) results.push({ docID, heads });
      }
      return encodeDocSyncReply({ results, sender: this.#d.self });
    });
  }

  /** Pulls the docs; returns when every docID was answered and merged, or at the deadline. */
  async sync(collectionID: string, docIDs: string[], timeoutMs: number): Promise<void> {
    const wanted = new Set(docIDs);
    const covered = new Set<string>();
    const seen = new Set<string>();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    let allCovered!: () => void;
    const done = new Promise<void>((r) => { allCovered = r; });
    const onReply = (reply: RpcResponse) => {
      if (reply.err) return;
      let parsed;
      try { parsed = decodeDocSyncReply(reply.data); } catch { return; }
      for (const r of parsed.results) {
        if (!wanted.has(r.docID)) continue;
        const merges = r.heads.filter((h) => !seen.has(`${r.docID}/${h}`)).map((h) => {
          seen.add(`${r.docID}/${h}`);
          return this.#d.fetchAndMerge(r.docID, collectionID, h, reply.fromPeer, parsed.sender || reply.fromPeer);
        });
        void Promise.all(merges).then(() => {
          covered.add(r.docID);
          if (covered.size === wanted.size) allCovered();
        }, (err) => this.#d.logger?.error('doc-sync merge failed', { docID: r.docID, err: String(err) }));
      }
    };
    try {
      await this.#waitForResponders(Math.min(timeoutMs, 2000));
      let asked = new Set(this.#d.rpc.subscribers(DOC_SYNC_TOPIC));
      await this.#d.rpc.request(DOC_SYNC_TOPIC, encodeDocSyncRequest(docIDs), onReply, ctl.signal);
      // A peer whose pubsub session opened after the request missed it: ask again for what is
      // still uncovered whenever new responders show up.
      const aborted = new Promise<void>((r) => ctl.signal.addEventListener('abort', () => r(), { once: true }));
      while (!ctl.signal.aborted && covered.size < wanted.size) {
        await Promise.race([done, aborted, new Promise((r) => setTimeout(r, 250))]);
        const now = this.#d.rpc.subscribers(DOC_SYNC_TOPIC);
        if (ctl.signal.aborted || covered.size === wanted.size || now.every((p) => asked.has(p))) continue;
        asked = new Set(now);
        const rest = docIDs.filter((d) => !covered.has(d));
        await this.#d.rpc.request(DOC_SYNC_TOPIC, encodeDocSyncRequest(rest), onReply, ctl.signal);
      }
      if (covered.size === 0) throw ErrTimeoutDocSync();
    } finally {
      clearTimeout(timer);
      ctl.abort();
    }
  }

  /** Gossipsub learns a new peer's topics a moment after connecting: wait until every connected
   *  peer is known to follow `doc-sync` (every DefraDB node does), or the deadline. */
  async #waitForResponders(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    const ready = () => {
      const subs = new Set(this.#d.rpc.subscribers(DOC_SYNC_TOPIC));
      const peers = [...this.#d.rpc.peers(), ...(this.#d.connectedPeers?.() ?? [])];
      return subs.size > 0 && peers.every((p) => subs.has(p));
    };
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
