// Test helper: a QuerySource over plain objects, with a minimal client.Collection for mutations.
// DocIDs are deterministic (`bae-0001`, ...) so scan order equals creation order.

import type {
  Collection, CollectionDefinition, DocFields, FilterResult, IndexDescription,
} from '../../client/index.ts';
import type { CommitQuery, CommitRecord, QuerySource, ScanOptions, SourceDoc } from '../source.ts';
import { sdlDefinitions } from './sdl-definitions.ts';

interface Stored { docID: string; deleted: boolean; fields: DocFields }

export class MemorySource implements QuerySource {
  readonly defs: CollectionDefinition[];
  readonly docs = new Map<string, Map<string, Stored>>();
  commitList: CommitRecord[] = [];
  #next = 1;

  constructor(sdl: string) {
    this.defs = sdlDefinitions(sdl);
    for (const d of this.defs) this.docs.set(d.version.Name, new Map());
  }

  /** Adds a document directly; returns its docID. */
  add(collection: string, fields: DocFields): string {
    const docID = `bae-${String(this.#next++).padStart(4, '0')}`;
    this.docs.get(collection)!.set(docID, { docID, deleted: false, fields: { ...fields } });
    return docID;
  }

  definitions(): readonly CollectionDefinition[] { return this.defs; }
  definitionsKey(): string { return this.defs.map((d) => d.version.VersionID).join(',') + JSON.stringify(this.defs).length; }

  *scan(collection: string, opts: ScanOptions = {}): Iterable<SourceDoc> {
    const m = this.docs.get(collection);
    if (!m) return;
    const ids = [...m.keys()].sort();
    for (const id of ids) {
      const d = m.get(id)!;
      if (!d.deleted || opts.showDeleted) yield d;
    }
  }

  get(collection: string, docID: string, opts: ScanOptions = {}): SourceDoc | undefined {
    const d = this.docs.get(collection)?.get(docID);
    return d && (!d.deleted || opts.showDeleted) ? d : undefined;
  }

  async getAtCommit(collection: string, docID: string): Promise<SourceDoc | undefined> {
    return this.get(collection, docID);
  }

  *commits(q: CommitQuery): Iterable<CommitRecord> {
    for (const c of this.commitList) {
      if (q.docID !== undefined && c.docID !== q.docID) continue;
      if (q.cid !== undefined && c.cid !== q.cid) continue;
      const fn = q.fieldName === 'C' || q.fieldName === '_C' ? null : q.fieldName;
      if (q.fieldName !== undefined && c.fieldName !== fn) continue;
      yield c;
    }
  }

  *headCommits(_collection: string, docID: string): Iterable<CommitRecord> {
    const own = this.commitList.filter((c) => c.docID === docID && c.fieldName === null);
    const top = Math.max(0, ...own.map((c) => c.height));
    yield* own.filter((c) => c.height === top);
  }

  async collection(name: string): Promise<Collection> {
    const def = this.defs.find((d) => d.version.Name === name)!;
    const store = this.docs.get(name)!;
    const notImpl = (): never => { throw new Error('not implemented in MemorySource'); };
    const self = this;
    return {
      name, version: def.version, schema: def.schema, definition: () => def,
      async create(doc: DocFields) { return self.add(name, doc); },
      async createMany(docs: DocFields[]) { return docs.map((d) => self.add(name, d)); },
      async update(docID: string, fields: DocFields) {
        const d = store.get(docID)!;
        d.fields = { ...d.fields, ...fields };
      },
      async save(doc: DocFields) { return self.add(name, doc); },
      async delete(docID: string) {
        const d = store.get(docID);
        if (!d || d.deleted) return false;
        d.deleted = true;
        return true;
      },
      async exists(docID: string) { return store.has(docID); },
      async get(docID: string) { return { _docID: docID, ...store.get(docID)!.fields }; },
      async *getAllDocIDs() { for (const id of store.keys()) yield { docID: id }; },
      updateWithFilter: async (): Promise<FilterResult> => notImpl(),
      deleteWithFilter: async (): Promise<FilterResult> => notImpl(),
      createIndex: async (): Promise<IndexDescription> => notImpl(),
      dropIndex: async () => notImpl(),
      getIndexes: async () => [],
    };
  }
}
