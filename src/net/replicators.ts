// Active replication (p2p.md §4): push every update of a collection to target peers over gRPC
// `PushLog`. Replicators persist under `/rep/id/<peerID>`; a failed push marks the target
// inactive and records `/rep/retry/doc/<peer>/<docID>`; a retry loop re-pushes the current heads
// of those docs with exponential intervals (and at once when the target reconnects).

import type { CID } from 'multiformats/cid';
import { utf8, fromUtf8, type Logger } from '../util/index.ts';
import { ErrCollectionNotFound } from '../client/index.ts';
import type { BlockStore, CollectionSource, PersistStore, UpdateEvent } from './deps.ts';
import { ErrSelfTargetForReplicator } from './errors.ts';
import { parseAddrInfo, type AddrInfo } from './host.ts';
import type { PushLog } from './wire/index.ts';

/** `client.Replicator` JSON shape. */
export interface Replicator {
  Info: AddrInfo;
  CollectionIDs: string[];
  /** 0 active, 1 inactive. */
  Status: 0 | 1;
  LastStatusChange: string;
}

interface RetryInfo { NextRetry: number; NumRetries: number; Retrying: boolean }

const REP_PREFIX = '/rep/id/';
const RETRY_PREFIX = '/rep/retry/id/';
const RETRY_DOC_PREFIX = '/rep/retry/doc/';

const REDIAL_MIN_MS = 1000;

/** Documents a catch-up pushes concurrently (each push is a round trip and a remote commit). */
const CATCH_UP_WINDOW = 256;

export const DEFAULT_RETRY_INTERVALS_MS = [30, 60, 120, 240, 480, 960, 1920].map((s) => s * 1000);

export interface ReplicatorDeps {
  self: string;
  persist: PersistStore;
  blocks: BlockStore;
  collections: CollectionSource;
  pushLog(peerID: string, msg: PushLog): Promise<void>;
  connect(info: AddrInfo): Promise<unknown>;
  /** Whether a connection to the peer is open (redials are skipped then). */
  isConnected?(peerID: string): boolean;
  onCompleted(): void;
  retryIntervalsMs?: number[];
  retryTickMs?: number;
  now?: () => number;
  logger?: Logger;
}

export class Replicators {
  #d: ReplicatorDeps;
  #reps = new Map<string, Replicator>();
  #timer?: ReturnType<typeof setInterval>;
  #tasks = new Set<Promise<unknown>>();
  /** Targets with a retry running in this process (guards against overlapping scans). */
  #active = new Set<string>();
  #intervals: number[];
  #now: () => number;
  /** Offline targets with a pending retry: when to dial next and the current backoff. */
  #redial = new Map<string, { at: number; delay: number }>();
  /** `<peer>/<collectionID>` whose full catch-up is queued or running. */
  #catchingUp = new Map<string, number>();

  constructor(d: ReplicatorDeps) {
    this.#d = d;
    this.#intervals = d.retryIntervalsMs ?? DEFAULT_RETRY_INTERVALS_MS;
    this.#now = d.now ?? Date.now;
  }

  /** Reloads replicators, clears stale `Retrying` flags (Go quirk), reconnects, starts the loop. */
  async start(): Promise<void> {
    for (const { key, value } of await this.#d.persist.list(REP_PREFIX)) {
      this.#reps.set(key.slice(REP_PREFIX.length), JSON.parse(fromUtf8(value)) as Replicator);
    }
    for (const { key, value } of await this.#d.persist.list(RETRY_PREFIX)) {
      const info = JSON.parse(fromUtf8(value)) as RetryInfo;
      if (info.Retrying) await this.#d.persist.put(key, utf8(JSON.stringify({ ...info, Retrying: false })));
    }
    for (const r of this.#reps.values()) this.#track(this.#d.connect(r.Info).catch(() => {}));
    this.#timer = setInterval(() => this.#track(this.#retryDue()), this.#d.retryTickMs ?? 2000);
    this.#timer.unref?.();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.allSettled([...this.#tasks]);
  }

  /** Resolves once background pushes started so far have finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
  }

  getAll(): Replicator[] { return [...this.#reps.values()].map((r) => structuredClone(r)); }

  /** Collections replicated to `peer` with no full catch-up to it under way (that one pushes
   *  every document anyway). */
  settledFor(peer: string): string[] {
    return (this.#reps.get(peer)?.CollectionIDs ?? []).filter((c) => !this.#catchingUp.has(`${peer}/${c}`));
  }

  targetsFor(collectionID: string): string[] {
    return [...this.#reps].filter(([, r]) => r.CollectionIDs.includes(collectionID)).map(([id]) => id);
  }

  /** Adds (or extends) a replicator; an empty list means every collection that exists now. */
  async set(info: AddrInfo, names: string[]): Promise<void> {
    const { peer } = parseAddrInfo(info);
    const id = peer.toString();
    if (id === this.#d.self) throw ErrSelfTargetForReplicator();
    const ids = await this.#resolve(names);
    const existing = this.#reps.get(id);
    const added = ids.filter((c) => !existing?.CollectionIDs.includes(c));
    const rep: Replicator = existing
      ? { ...existing, CollectionIDs: [...existing.CollectionIDs, ...added] }
      : { Info: { ID: id, Addrs: info.Addrs ?? [] }, CollectionIDs: ids, Status: 0, LastStatusChange: new Date(this.#now()).toISOString() };
    await this.#save(rep);
    // Marked before dialling: the head exchange the new connection triggers must not also
    // offer these collections (the target would fetch every document twice).
    const marks = added.map((col) => `${id}/${col}`);
    for (const m of marks) this.#catchingUp.set(m, (this.#catchingUp.get(m) ?? 0) + 1);
    // Listed while the dial is under way; a document created after this point is pushed as
    // an update (the replicator is saved already), so none falls in between.
    const listed = added.map((col) => Promise.resolve(this.#d.collections.docIDs(col)));
    for (const l of listed) l.catch(() => {}); // awaited below; a failure surfaces there
    this.#track((async () => {
      try {
        await this.#d.connect(rep.Info).catch((err) => this.#d.logger?.debug('replicator connect failed', { peer: id, err: String(err) }));
        for (const [i, col] of added.entries()) await this.#catchUp(id, col, await listed[i]!);
      } finally {
        for (const m of marks) {
          const n = (this.#catchingUp.get(m) ?? 1) - 1;
          if (n > 0) this.#catchingUp.set(m, n);
          else this.#catchingUp.delete(m);
        }
      }
      this.#d.onCompleted();
    })());
  }

  /** Removes collections (all when the list is empty); the last one removes the replicator. */
  async delete(info: AddrInfo, names: string[]): Promise<void> {
    const id = parseAddrInfo(info).peer.toString();
    const rep = this.#reps.get(id);
    if (!rep) return;
    const drop = names.length === 0 ? rep.CollectionIDs : await this.#resolve(names);
    rep.CollectionIDs = rep.CollectionIDs.filter((c) => !drop.includes(c));
    if (rep.CollectionIDs.length === 0) {
      this.#reps.delete(id);
      await this.#d.persist.delete(REP_PREFIX + id);
      await this.#clearRetry(id);
    } else {
      await this.#save(rep);
    }
    this.#d.onCompleted();
  }

  /** Pushes one local update to every target of its collection (background, failures retried). */
  push(u: UpdateEvent): void {
    for (const target of this.targetsFor(u.CollectionID)) {
      this.#track(this.#pushOne(target, u.DocID, u.CollectionID, u.Cid, u.Block)
        .catch((err) => this.#failed(target, u.DocID, u.CollectionID, err)));
    }
  }

  /** A target came back: make its retry due now. */
  async peerConnected(peerID: string): Promise<void> {
    const raw = await this.#d.persist.get(RETRY_PREFIX + peerID);
    if (!raw) return;
    const info = JSON.parse(fromUtf8(raw)) as RetryInfo;
    if (info.Retrying || this.#active.has(peerID)) return;
    await this.#d.persist.put(RETRY_PREFIX + peerID, utf8(JSON.stringify({ ...info, NextRetry: 0 })));
    this.#track(this.#retryDue());
  }

  #pushOne(target: string, docID: string, collectionID: string, cid: CID, block: Uint8Array): Promise<void> {
    return this.#d.pushLog(target, { docID, cid, collectionID, creator: this.#d.self, block });
  }

  async #pushHeads(target: string, docID: string, collectionID: string): Promise<void> {
    for (const head of await this.#d.collections.heads(docID)) {
      const block = await this.#d.blocks.get(head);
      if (block) await this.#pushOne(target, docID, collectionID, head, block);
    }
  }

  /** Pushes every document's heads, up to CATCH_UP_WINDOW documents in flight (a document's own
   *  heads go one after another). After the first failure the rest are recorded for retry;
   *  it stops when the replicator no longer covers the collection. */
  async #catchUp(target: string, collectionID: string, ids: Iterable<string> | AsyncIterable<string>): Promise<void> {
    let failed = false;
    const inflight = new Set<Promise<void>>();
    for await (const docID of ids) {
      // Deleted meanwhile: nothing more to push or to record for retry.
      if (!this.#reps.get(target)?.CollectionIDs.includes(collectionID)) break;
      if (failed) { await this.#recordDoc(target, docID, collectionID); continue; }
      const p: Promise<void> = this.#pushHeads(target, docID, collectionID).catch(async (err) => {
        failed = true;
        await this.#failed(target, docID, collectionID, err);
      }).finally(() => inflight.delete(p));
      inflight.add(p);
      if (inflight.size >= CATCH_UP_WINDOW) await Promise.race(inflight);
    }
    await Promise.all(inflight);
  }

  async #failed(target: string, docID: string, collectionID: string, err: unknown): Promise<void> {
    this.#d.logger?.debug('replicator push failed', { peer: target, docID, err: String(err) });
    const rep = this.#reps.get(target);
    if (!rep) return;
    if (rep.Status !== 1) {
      rep.Status = 1;
      rep.LastStatusChange = new Date(this.#now()).toISOString();
      await this.#save(rep);
    }
    if (!(await this.#d.persist.get(RETRY_PREFIX + target))) {
      await this.#putRetry(target, { NextRetry: this.#now() + this.#intervals[0], NumRetries: 0, Retrying: false });
    }
    await this.#recordDoc(target, docID, collectionID);
  }

  async #recordDoc(target: string, docID: string, collectionID: string): Promise<void> {
    // Collection-level blocks (docID "") are not retried: their heads are not per-document.
    if (docID !== '') await this.#d.persist.put(`${RETRY_DOC_PREFIX}${target}/${docID}`, utf8(collectionID));
  }

  async #retryDue(): Promise<void> {
    for (const { key, value } of await this.#d.persist.list(RETRY_PREFIX)) {
      const target = key.slice(RETRY_PREFIX.length);
      const info = JSON.parse(fromUtf8(value)) as RetryInfo;
      if (!info.Retrying && info.NextRetry > this.#now() && !this.#active.has(target)) this.#maybeRedial(target);
      if (info.Retrying || info.NextRetry > this.#now() || this.#active.has(target)) continue;
      if (!this.#reps.has(target)) { await this.#clearRetry(target); continue; }
      this.#active.add(target);
      await this.#putRetry(target, { ...info, Retrying: true, NumRetries: info.NumRetries + 1 });
      this.#track(this.#retry(target, info.NumRetries + 1).finally(() => this.#active.delete(target)));
    }
  }

  async #retry(target: string, numRetries: number): Promise<void> {
    const prefix = `${RETRY_DOC_PREFIX}${target}/`;
    for (const { key, value } of await this.#d.persist.list(prefix)) {
      try {
        await this.#pushHeads(target, key.slice(prefix.length), fromUtf8(value));
        await this.#d.persist.delete(key);
      } catch {
        const next = this.#now() + this.#intervals[Math.min(numRetries, this.#intervals.length - 1)];
        await this.#putRetry(target, { NextRetry: next, NumRetries: numRetries, Retrying: false });
        return;
      }
    }
    if ((await this.#d.persist.list(prefix)).length > 0) {
      await this.#putRetry(target, { NextRetry: 0, NumRetries: numRetries, Retrying: false });
      return;
    }
    await this.#d.persist.delete(RETRY_PREFIX + target);
    const rep = this.#reps.get(target);
    if (rep && rep.Status !== 0) {
      rep.Status = 0;
      rep.LastStatusChange = new Date(this.#now()).toISOString();
      await this.#save(rep);
    }
  }

  /** Between retries an offline target is redialled with a short backoff (1 s doubling, capped
   *  by the first retry interval): once it is back, `peerConnected` makes the retry due at once,
   *  so a restarted target catches up in seconds instead of waiting for the next interval. */
  #maybeRedial(target: string): void {
    const rep = this.#reps.get(target);
    if (!rep || this.#d.isConnected?.(target) !== false) return;
    const r = this.#redial.get(target) ?? { at: 0, delay: REDIAL_MIN_MS / 2 };
    if (r.at > this.#now()) return;
    r.delay = Math.min(r.delay * 2, Math.max(REDIAL_MIN_MS, this.#intervals[0]!));
    r.at = this.#now() + r.delay;
    this.#redial.set(target, r);
    this.#track(this.#d.connect(rep.Info).then(() => this.#redial.delete(target), () => {}));
  }

  async #clearRetry(target: string): Promise<void> {
    this.#redial.delete(target);
    await this.#d.persist.delete(RETRY_PREFIX + target);
    for (const { key } of await this.#d.persist.list(`${RETRY_DOC_PREFIX}${target}/`)) await this.#d.persist.delete(key);
  }

  #putRetry(target: string, info: RetryInfo): Promise<void> {
    return this.#d.persist.put(RETRY_PREFIX + target, utf8(JSON.stringify(info)));
  }

  async #save(rep: Replicator): Promise<void> {
    this.#reps.set(rep.Info.ID, rep);
    await this.#d.persist.put(REP_PREFIX + rep.Info.ID, utf8(JSON.stringify(rep)));
  }

  async #resolve(names: string[]): Promise<string[]> {
    if (names.length === 0) return (await this.#d.collections.all()).map((c) => c.collectionID);
    const ids: string[] = [];
    for (const name of names) {
      const ref = await this.#d.collections.byName(name);
      if (!ref) throw ErrCollectionNotFound({ Name: name });
      ids.push(ref.collectionID);
    }
    return ids;
  }

  #track<T>(p: Promise<T>): void {
    const t = p.catch((err) => this.#d.logger?.error('replicator task failed', { err: String(err) }));
    this.#tasks.add(t);
    void t.finally(() => this.#tasks.delete(t));
  }
}
