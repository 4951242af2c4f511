// A `client.Collection` over HTTP, bound to the transaction (if any) it was fetched in.

import type {
  Collection, CollectionDefinition, CollectionVersion, CreateOptions, DocFields, FilterResult,
  IndexCreateRequest, IndexDescription, SchemaDescription,
} from '../../client/index.ts';
import { DefraError } from '../../client/index.ts';
import { parseJSON } from '../json.ts';
import { sseData } from './sse.ts';
import type { Transport } from './transport.ts';

export class HttpCollection implements Collection {
  readonly #t: Transport;
  readonly #txn: string | undefined;
  readonly #def: CollectionDefinition;

  constructor(t: Transport, def: CollectionDefinition, txn?: string) {
    this.#t = t;
    this.#def = def;
    this.#txn = txn;
  }

  get name(): string { return this.#def.version.Name; }
  get version(): CollectionVersion { return this.#def.version; }
  get schema(): SchemaDescription { return this.#def.schema; }
  definition(): CollectionDefinition { return this.#def; }

  get #path(): string {
    return `/collections/${encodeURIComponent(this.name)}`;
  }

  #docPath(docID: string): string {
    return `${this.#path}/${encodeURIComponent(docID)}`;
  }

  async #create(body: DocFields | DocFields[], opts: CreateOptions = {}): Promise<string[]> {
    const ids = await this.#t.json<unknown>('POST', this.#path, {
      json: body, txn: this.#txn,
      query: { encrypt: opts.encrypt || undefined, encryptFields: opts.encryptFields?.join(',') },
    });
    if (!Array.isArray(ids)) throw new DefraError('http-no-docids', 'the server did not return the created DocIDs');
    return ids as string[];
  }

  async create(doc: DocFields, opts?: CreateOptions): Promise<string> {
    return (await this.#create(doc, opts))[0];
  }

  createMany(docs: DocFields[], opts?: CreateOptions): Promise<string[]> {
    return this.#create(docs, opts);
  }

  async update(docID: string, fields: DocFields): Promise<void> {
    await this.#t.text('PATCH', this.#docPath(docID), { json: fields, txn: this.#txn });
  }

  async save(doc: DocFields): Promise<string> {
    const { _docID: docID, ...fields } = doc;
    if (typeof docID === 'string' && await this.exists(docID)) {
      await this.update(docID, fields);
      return docID;
    }
    return this.create(doc);
  }

  async delete(docID: string): Promise<boolean> {
    try {
      await this.#t.text('DELETE', this.#docPath(docID), { txn: this.#txn });
      return true;
    } catch (e) {
      if ((e as DefraError).code === 'document-not-found') return false;
      throw e;
    }
  }

  async exists(docID: string): Promise<boolean> {
    try {
      await this.get(docID);
      return true;
    } catch (e) {
      if ((e as DefraError).code === 'document-not-found') return false;
      throw e;
    }
  }

  get(docID: string, showDeleted = false): Promise<DocFields> {
    return this.#t.json<DocFields>('GET', this.#docPath(docID), { txn: this.#txn, query: { show_deleted: showDeleted || undefined } });
  }

  async *getAllDocIDs(): AsyncIterable<{ docID: string; error?: string }> {
    const res = await this.#t.open('GET', this.#path, { txn: this.#txn });
    try {
      for await (const data of sseData(res)) {
        const ev = parseJSON(data) as { docID: string; error?: string };
        yield ev.error ? { docID: ev.docID, error: ev.error } : { docID: ev.docID };
      }
    } finally {
      res.destroy();
    }
  }

  updateWithFilter(filter: unknown, updater: string): Promise<FilterResult> {
    return this.#t.json<FilterResult>('PATCH', this.#path, { json: { filter, updater }, txn: this.#txn });
  }

  deleteWithFilter(filter: unknown): Promise<FilterResult> {
    return this.#t.json<FilterResult>('DELETE', this.#path, { json: { filter }, txn: this.#txn });
  }

  createIndex(req: IndexCreateRequest): Promise<IndexDescription> {
    return this.#t.json<IndexDescription>('POST', `${this.#path}/indexes`, {
      json: { Name: req.Name ?? '', Fields: req.Fields, Unique: req.Unique ?? false }, txn: this.#txn,
    });
  }

  async dropIndex(name: string): Promise<void> {
    await this.#t.text('DELETE', `${this.#path}/indexes/${encodeURIComponent(name)}`, { txn: this.#txn });
  }

  async getIndexes(): Promise<IndexDescription[]> {
    return (await this.#t.json<IndexDescription[] | undefined>('GET', `${this.#path}/indexes`, { txn: this.#txn })) ?? [];
  }
}
