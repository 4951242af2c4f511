// `client.Collection` bound to a runner: on a Store each call is its own transaction, on a Txn
// every call shares it. The document logic lives in doc-ops.ts; this class only routes.

import type {
  Collection, CollectionDefinition, CollectionVersion, CreateOptions, DocFields, FilterResult,
  IndexCreateRequest, IndexDescription, SchemaDescription,
} from '../client/index.ts';
import type { Runner } from './db-ops.ts';
import { streamFromRun } from './run-stream.ts';
import * as docs from './doc-ops.ts';
import * as filtered from './filter-ops.ts';
import * as indexes from './index-ops.ts';
import { loadDefinitionByName } from './schema-ops.ts';

export class CollectionHandle implements Collection {
  readonly #run: Runner;
  #def: CollectionDefinition;

  constructor(run: Runner, def: CollectionDefinition) {
    this.#run = run;
    this.#def = def;
  }

  get name(): string { return this.#def.version.Name; }
  get version(): CollectionVersion { return this.#def.version; }
  get schema(): SchemaDescription { return this.#def.schema; }
  definition(): CollectionDefinition { return this.#def; }

  async create(doc: DocFields, opts: CreateOptions = {}): Promise<string> {
    const [id] = await this.#run((ctx) => docs.createDocs(ctx, this.#def, [doc], opts));
    return id;
  }

  createMany(list: DocFields[], opts: CreateOptions = {}): Promise<string[]> {
    return this.#run((ctx) => docs.createDocs(ctx, this.#def, list, opts));
  }

  update(docID: string, fields: DocFields): Promise<void> {
    return this.#run((ctx) => docs.updateDoc(ctx, this.#def, docID, fields));
  }

  save(doc: DocFields): Promise<string> {
    return this.#run((ctx) => docs.saveDoc(ctx, this.#def, doc));
  }

  delete(docID: string): Promise<boolean> {
    return this.#run((ctx) => docs.deleteDoc(ctx, this.#def, docID));
  }

  exists(docID: string): Promise<boolean> {
    return this.#run((ctx) => docs.docExists(ctx, this.#def, docID), { readOnly: true });
  }

  get(docID: string, showDeleted = false): Promise<DocFields> {
    return this.#run((ctx) => docs.getDoc(ctx, this.#def, docID, showDeleted), { readOnly: true });
  }

  /** Streamed from one read transaction's snapshot, in batches, as the consumer pulls. */
  async *getAllDocIDs(): AsyncIterable<{ docID: string; error?: string }> {
    for await (const docID of streamFromRun(this.#run, (ctx) => docs.docIDsOf(ctx, this.#def))) yield { docID };
  }

  updateWithFilter(filter: unknown, updater: string): Promise<FilterResult> {
    return this.#run((ctx) => filtered.updateWithFilter(ctx, this.#def, filter, updater));
  }

  deleteWithFilter(filter: unknown): Promise<FilterResult> {
    return this.#run((ctx) => filtered.deleteWithFilter(ctx, this.#def, filter));
  }

  async createIndex(req: IndexCreateRequest): Promise<IndexDescription> {
    const desc = await this.#run((ctx) => indexes.createIndex(ctx, this.#def, req));
    await this.#refresh();
    return desc;
  }

  async dropIndex(name: string): Promise<void> {
    await this.#run((ctx) => indexes.dropIndex(ctx, this.#def, name));
    await this.#refresh();
  }

  getIndexes(): Promise<IndexDescription[]> {
    return this.#run((ctx) => loadDefinitionByName(ctx, this.name).version.Indexes ?? [], { readOnly: true });
  }

  /** Index changes alter the collection version; keep this handle's view current. */
  async #refresh(): Promise<void> {
    this.#def = await this.#run((ctx) => loadDefinitionByName(ctx, this.name), { readOnly: true });
  }
}
