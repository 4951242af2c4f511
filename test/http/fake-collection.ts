// The fake store's collections: documents keyed by a content-hash DocID, simple filters
// (`_eq`, `_ne`, `_gt`, `_lt`, `_gte`, `_lte`, `_and`, `_or`) and named indexes.

import { DefraError, ErrDocumentAlreadyExists, ErrDocumentNotFound } from '../../src/client/index.ts';
import type {
  Collection, CollectionDefinition, CollectionVersion, DocFields, FilterResult, IndexCreateRequest, IndexDescription,
  SchemaDescription,
} from '../../src/client/index.ts';
import { fakeDocID } from './fake-store.ts';
import type { FakeDB } from './fake-store.ts';

type Cmp = (a: unknown, b: unknown) => boolean;
const OPS: Record<string, Cmp> = {
  _eq: (a, b) => a === b || (a != null && b != null && String(a) === String(b) && typeof a !== 'string'),
  _ne: (a, b) => a !== b,
  _gt: (a, b) => (a as number) > (b as number),
  _lt: (a, b) => (a as number) < (b as number),
  _gte: (a, b) => (a as number) >= (b as number),
  _lte: (a, b) => (a as number) <= (b as number),
};

export function matches(filter: unknown, doc: DocFields): boolean {
  if (filter === null || filter === undefined) return true;
  return Object.entries(filter as Record<string, unknown>).every(([k, cond]) => {
    if (k === '_and') return (cond as unknown[]).every((f) => matches(f, doc));
    if (k === '_or') return (cond as unknown[]).some((f) => matches(f, doc));
    return Object.entries(cond as Record<string, unknown>).every(([op, v]) => {
      const cmp = OPS[op];
      if (!cmp) throw new DefraError('fake-filter', 'unknown filter operator', { Operator: op });
      return cmp(doc[k], v);
    });
  });
}

export class FakeCollection implements Collection {
  readonly #db: FakeDB;
  readonly name: string;

  constructor(db: FakeDB, name: string) {
    this.#db = db;
    this.name = name;
  }

  get #state() { return this.#db.col(this.name); }
  get version(): CollectionVersion { return this.#state.def.version; }
  get schema(): SchemaDescription { return this.#state.def.schema; }
  definition(): CollectionDefinition { return this.#state.def; }

  #check(fields: DocFields): void {
    const known = new Set(this.schema.Fields.map((f) => f.Name));
    for (const k of Object.keys(fields)) {
      if (!known.has(k) || k === '_docID') throw new DefraError('field-not-exist', 'the given field does not exist', { Name: k });
    }
  }

  async create(doc: DocFields): Promise<string> {
    const { _docID: _, ...fields } = doc;
    this.#check(fields);
    const id = fakeDocID(this.name, fields);
    this.#db.write(() => {
      if (this.#state.docs.has(id)) throw ErrDocumentAlreadyExists({ DocID: id });
      this.#state.docs.set(id, { fields: { ...fields }, deleted: false });
    });
    this.#db.announce(this.name, { _docID: id, ...fields });
    return id;
  }

  async createMany(docs: DocFields[]): Promise<string[]> {
    const ids: string[] = [];
    for (const d of docs) ids.push(await this.create(d));
    return ids;
  }

  #live(docID: string) {
    const d = this.#state.docs.get(docID);
    if (!d || d.deleted) throw ErrDocumentNotFound({ DocID: docID });
    return d;
  }

  async update(docID: string, fields: DocFields): Promise<void> {
    const { _docID: _, ...rest } = fields;
    this.#check(rest);
    this.#db.write(() => { Object.assign(this.#live(docID).fields, rest); });
  }

  async save(doc: DocFields): Promise<string> {
    const id = typeof doc._docID === 'string' ? doc._docID : undefined;
    if (id && await this.exists(id)) { await this.update(id, doc); return id; }
    return this.create(doc);
  }

  async delete(docID: string): Promise<boolean> {
    const d = this.#state.docs.get(docID);
    if (!d || d.deleted) return false;
    this.#db.write(() => { d.deleted = true; });
    return true;
  }

  async exists(docID: string): Promise<boolean> {
    const d = this.#state.docs.get(docID);
    return !!d && !d.deleted;
  }

  async get(docID: string, showDeleted = false): Promise<DocFields> {
    const d = this.#state.docs.get(docID);
    if (!d || (d.deleted && !showDeleted)) throw ErrDocumentNotFound({ DocID: docID });
    return { _docID: docID, ...d.fields };
  }

  async *getAllDocIDs(): AsyncIterable<{ docID: string; error?: string }> {
    for (const [docID, d] of [...this.#state.docs]) if (!d.deleted) yield { docID };
  }

  #matching(filter: unknown): string[] {
    return [...this.#state.docs].filter(([, d]) => !d.deleted && matches(filter, d.fields)).map(([id]) => id);
  }

  async updateWithFilter(filter: unknown, updater: string): Promise<FilterResult> {
    let fields: unknown;
    try { fields = JSON.parse(updater); } catch { fields = undefined; }
    if (!fields || typeof fields !== 'object' || Array.isArray(fields)) {
      throw new DefraError('invalid-updater', 'the updater of a document is of invalid type');
    }
    const ids = this.#matching(filter);
    for (const id of ids) await this.update(id, fields as DocFields);
    return { Count: ids.length, DocIDs: ids };
  }

  async deleteWithFilter(filter: unknown): Promise<FilterResult> {
    const ids = this.#matching(filter);
    for (const id of ids) await this.delete(id);
    return { Count: ids.length, DocIDs: ids };
  }

  async createIndex(req: IndexCreateRequest): Promise<IndexDescription> {
    if (!req.Fields.length) throw new DefraError('index-missing-fields', 'index missing fields');
    this.#check(Object.fromEntries(req.Fields.map((f) => [f.Name, null])));
    const name = req.Name || `${this.name}_${req.Fields[0].Name}_${req.Fields[0].Descending ? 'DESC' : 'ASC'}`;
    return this.#db.write(() => {
      const s = this.#state;
      if (s.indexes.some((i) => i.Name === name)) throw new DefraError('index-name-exists', 'index with the given name already exists');
      const idx: IndexDescription = { Name: name, ID: s.indexes.reduce((m, i) => Math.max(m, i.ID), 0) + 1, Fields: req.Fields, Unique: req.Unique ?? false };
      s.indexes.push(idx);
      return idx;
    });
  }

  async dropIndex(name: string): Promise<void> {
    this.#db.write(() => {
      const s = this.#state;
      const at = s.indexes.findIndex((i) => i.Name === name);
      if (at < 0) throw new DefraError('index-not-found', 'the index used does not match the given name', { Name: name });
      s.indexes.splice(at, 1);
    });
  }

  async getIndexes(): Promise<IndexDescription[]> {
    return [...this.#state.indexes];
  }
}
