// On-demand pull of named documents over the psrpc topic `doc-sync` (p2p.md §6.2): every peer
// answers with the composite heads it has; the requester fetches each new head's DAG and merges.

import type { CID } from 'multiformats/cid';
import type { Logger } from '../util/index.ts';
import type { CollectionSource } from './deps.ts';
import { ErrTimeoutDocSync } from './errors.ts';
import type { PubsubRpc } from './pubsub-rpc.ts';
import {
  DOC_SYNC_TOPIC, decodeDocSyncReply, decodeDocSyncRequest, encodeDocSyncReply, encodeDocSyncRequest,
} from './wire/index.ts';

export interface DocSyncDeps {
  rpc: PubsubRpc;
  collections: CollectionSource;
  self: string;
  /** Fetch the DAG of `head` (preferring `fromPeer`) and merge it; resolves after merge-complete. */
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
    const work: Promise<void>[] = [];
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), timeoutMs);
    let allCovered!: () => void;
    const done = new Promise<void>((r) => { allCovered = r; });
    try {
      await this.#waitForResponders(Math.min(timeoutMs, 2000));
      await this.#d.rpc.request(DOC_SYNC_TOPIC, encodeDocSyncRequest(docIDs), (reply) => {
        if (reply.err) return;
        let parsed;
        try { parsed = decodeDocSyncReply(reply.data); } catch { return; }
        for (const r of parsed.results) {
          if (!wanted.has(r.docID)) continue;
          const merges = r.heads.filter((h) => !seen.has(`${r.docID}/${h}`)).map((h) => {
            seen.add(`${r.docID}/${h}`);
            return this.#d.fetchAndMerge(r.docID, collectionID, h, reply.fromPeer, parsed.sender || reply.fromPeer);
          });
          const p = Promise.all(merges).then(() => {
            covered.add(r.docID);
            if (covered.size === wanted.size) allCovered();
          }, (err) => this.#d.logger?.error('doc-sync merge failed', { docID: r.docID, err: String(err) }));
          work.push(p);
        }
      }, ctl.signal);
      const aborted = new Promise<void>((r) => ctl.signal.addEventListener('abort', () => r(), { once: true }));
      await Promise.race([done, aborted]);
      if (covered.size === 0) throw ErrTimeoutDocSync();
    } finally {
      clearTimeout(timer);
      ctl.abort();
    }
  }

  /** Gossipsub learns a new peer's topics a moment after connecting: wait until every pubsub
   *  peer is known to follow `doc-sync` (every DefraDB node does), or the deadline. */
  async #waitForResponders(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    const ready = () => {
      const subs = new Set(this.#d.rpc.subscribers(DOC_SYNC_TOPIC));
      const peers = this.#d.rpc.peers();
      return subs.size > 0 && peers.every((p) => subs.has(p));
    };
    while (!ready() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }
}
