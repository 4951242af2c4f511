// Passive-sync subscriptions (p2p.md §3.6): collection topics (schema roots) and document topics,
// persisted under `/p2p/collection/<root>` and `/p2p/document/<docID>` and rejoined on start.

import { ErrCollectionNotFound } from '../client/index.ts';
import type { CollectionSource, PersistStore } from './deps.ts';
import { validateDocID } from './errors.ts';
import type { PubsubRpc, RpcHandler } from './pubsub-rpc.ts';
import { collectionTopic, documentTopic } from './wire/index.ts';

const COLLECTION_PREFIX = '/p2p/collection/';
const DOCUMENT_PREFIX = '/p2p/document/';
const MARK = Uint8Array.of(0xff);

export class Subscriptions {
  #persist: PersistStore;
  #collections: CollectionSource;
  #rpc: PubsubRpc;
  #handler: RpcHandler;
  #colIDs = new Set<string>();
  #docIDs = new Set<string>();

  constructor(persist: PersistStore, collections: CollectionSource, rpc: PubsubRpc, handler: RpcHandler) {
    this.#persist = persist;
    this.#collections = collections;
    this.#rpc = rpc;
    this.#handler = handler;
  }

  async load(): Promise<void> {
    for (const { key } of await this.#persist.list(COLLECTION_PREFIX)) this.#joinCollection(key.slice(COLLECTION_PREFIX.length));
    for (const { key } of await this.#persist.list(DOCUMENT_PREFIX)) this.#joinDocument(key.slice(DOCUMENT_PREFIX.length));
  }

  collectionIDs(): string[] { return [...this.#colIDs]; }
  docIDs(): string[] { return [...this.#docIDs]; }
  followsCollection(id: string): boolean { return this.#colIDs.has(id); }
  followsDocument(id: string): boolean { return this.#docIDs.has(id); }

  /** Validates every name first, so nothing is subscribed when one is unknown. */
  async addCollections(names: string[]): Promise<void> {
    const ids = await this.#resolve(names);
    for (const id of ids) await this.#persist.put(COLLECTION_PREFIX + id, MARK);
    for (const id of ids) this.#joinCollection(id);
  }

  async removeCollections(names: string[]): Promise<void> {
    const ids = await this.#resolve(names);
    for (const id of ids) {
      await this.#persist.delete(COLLECTION_PREFIX + id);
      this.#colIDs.delete(id);
      if (!this.#docIDs.has(id)) this.#rpc.leave(collectionTopic(id));
    }
  }

  /** Subscribed collection names (IDs whose collection is gone are reported as IDs). */
  async collectionNames(): Promise<string[]> {
    const out: string[] = [];
    for (const id of this.#colIDs) out.push((await this.#collections.byID(id))?.name ?? id);
    return out;
  }

  async addDocuments(docIDs: string[]): Promise<void> {
    docIDs.forEach(validateDocID);
    for (const id of docIDs) await this.#persist.put(DOCUMENT_PREFIX + id, MARK);
    for (const id of docIDs) this.#joinDocument(id);
  }

  async removeDocuments(docIDs: string[]): Promise<void> {
    docIDs.forEach(validateDocID);
    for (const id of docIDs) {
      await this.#persist.delete(DOCUMENT_PREFIX + id);
      this.#docIDs.delete(id);
      this.#rpc.leave(documentTopic(id));
    }
  }

  async #resolve(names: string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const name of names) {
      const ref = await this.#collections.byName(name);
      if (!ref) throw ErrCollectionNotFound({ Name: name });
      ids.push(ref.collectionID);
    }
    return ids;
  }

  #joinCollection(id: string): void {
    this.#colIDs.add(id);
    this.#rpc.join(collectionTopic(id), this.#handler);
  }

  #joinDocument(id: string): void {
    this.#docIDs.add(id);
    this.#rpc.join(documentTopic(id), this.#handler);
  }
}
