// A test-only, in-memory `client.Store`: just enough of DefraDB's behaviour to exercise the HTTP
// layer and the contract suite while the embedded database is being written. Transactions work on
// a snapshot and conflict when another commit happened since they began.

import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { parse, Kind as GqlKind } from 'graphql';
import type { FieldNode, ObjectTypeDefinitionNode, OperationDefinitionNode } from 'graphql';
import {
  DefraError, ErrCollectionNotFound, ErrInvalidTxnID, ErrReadOnlyTxn,
  ErrTxnConflict, FieldKind,
} from '../../src/client/index.ts';
import type {
  BackupConfig, Collection, CollectionDefinition, CollectionVersion, DB, DocFields, GQLResult, IndexDescription,
  RequestResult, SchemaDescription, Store, Txn,
} from '../../src/client/index.ts';
import { FakeCollection } from './fake-collection.ts';

interface ColState { def: CollectionDefinition; docs: Map<string, { fields: DocFields; deleted: boolean }>; indexes: IndexDescription[] }
export interface FakeState { cols: Map<string, ColState>; version: number }

const KINDS: Record<string, number> = { String: FieldKind.String, Int: FieldKind.Int, Float: FieldKind.Float64, Boolean: FieldKind.Bool };
const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export const fakeDocID = (col: string, fields: DocFields): string => {
  const h = hash(col + JSON.stringify(fields, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)));
  return `bae-${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

function definition(type: ObjectTypeDefinitionNode): CollectionDefinition {
  const name = type.name.value;
  const fields = (type.fields ?? []).map((f) => {
    const t = f.type.kind === GqlKind.NON_NULL_TYPE ? f.type.type : f.type;
    const kind = t.kind === GqlKind.NAMED_TYPE ? KINDS[t.name.value] : undefined;
    if (kind === undefined) throw new DefraError('fake-kind', 'no type found for given name', { Type: f.name.value });
    return { Name: f.name.value, Kind: kind as FieldKindValue, Typ: 1 };
  });
  const versionID = 'bafkrei' + hash('v' + name).slice(0, 52);
  const schema: SchemaDescription = { Root: versionID, VersionID: versionID, Name: name, Fields: [{ Name: '_docID', Kind: FieldKind.DocID, Typ: 0 }, ...fields] };
  const version: CollectionVersion = {
    Name: name, VersionID: versionID, CollectionID: 'bafkrei' + hash('c' + name).slice(0, 52), Sources: [],
    Fields: schema.Fields.map((f) => ({ Name: f.Name, Kind: null, RelationName: null, DefaultValue: null, Size: 0 })),
    Indexes: [], Policy: null, IsActive: true, IsMaterialized: true, IsBranchable: false, IsEmbeddedOnly: false, VectorEmbeddings: [],
  };
  return { version, schema };
}
type FieldKindValue = (typeof FieldKind)[keyof typeof FieldKind];

/** Store and Txn share this: operations on a state, plus a write hook for read-only checks. */
export class FakeDB implements DB {
  state: FakeState;
  readonly root: FakeStore;
  readonly readOnly: boolean;
  /** Created docs not yet visible to subscribers (a txn's until it commits). */
  pending: [string, DocFields][] = [];

  constructor(root: FakeStore, state: FakeState, readOnly = false) {
    this.root = root;
    this.state = state;
    this.readOnly = readOnly;
  }

  announce(col: string, doc: DocFields): void {
    this.pending.push([col, doc]);
    if (this.root === (this as unknown)) this.root.flush(this.pending.splice(0));
  }

  /** Runs a write: on the store it is its own txn; on a txn it touches the snapshot. */
  write<T>(fn: (s: FakeState) => T): T {
    if (this.readOnly) throw ErrReadOnlyTxn();
    const out = fn(this.state);
    this.state.version++;
    return out;
  }

  async addSchema(sdl: string): Promise<CollectionVersion[]> {
    const defs = parse(sdl).definitions.filter((d): d is ObjectTypeDefinitionNode => d.kind === GqlKind.OBJECT_TYPE_DEFINITION).map(definition);
    return this.write((s) => {
      for (const d of defs) {
        if (s.cols.has(d.version.Name)) throw new DefraError('fake-exists', 'collection already exists', { Name: d.version.Name });
      }
      for (const d of defs) s.cols.set(d.version.Name, { def: d, docs: new Map(), indexes: [] });
      return defs.map((d) => d.version);
    });
  }

  async patchSchema(): Promise<void> { throw new DefraError('fake', 'not supported by the fake store'); }
  async patchCollection(): Promise<void> { throw new DefraError('fake', 'not supported by the fake store'); }
  async setActiveSchemaVersion(): Promise<void> { throw new DefraError('fake', 'not supported by the fake store'); }

  async getSchemas(o: { name?: string; root?: string; versionID?: string } = {}): Promise<SchemaDescription[]> {
    return [...this.state.cols.values()].map((c) => c.def.schema)
      .filter((s) => (!o.name || s.Name === o.name) && (!o.root || s.Root === o.root) && (!o.versionID || s.VersionID === o.versionID));
  }

  async getCollections(o: { name?: string; versionID?: string; collectionID?: string } = {}): Promise<Collection[]> {
    return [...this.state.cols.values()]
      .filter((c) => (!o.name || c.def.version.Name === o.name) && (!o.versionID || c.def.version.VersionID === o.versionID)
        && (!o.collectionID || c.def.version.CollectionID === o.collectionID))
      .map((c) => new FakeCollection(this, c.def.version.Name));
  }

  async getCollectionByName(name: string): Promise<Collection> {
    if (!this.state.cols.has(name)) throw ErrCollectionNotFound({ Name: name });
    return new FakeCollection(this, name);
  }

  col(name: string): ColState {
    const c = this.state.cols.get(name);
    if (!c) throw ErrCollectionNotFound({ Name: name });
    return c;
  }

  async getAllIndexes(): Promise<Record<string, IndexDescription[]>> {
    return Object.fromEntries([...this.state.cols].filter(([, c]) => c.indexes.length).map(([n, c]) => [n, c.indexes]));
  }

  /** Queries `{ Col { fields } }` and subscriptions on creates; no arguments. */
  async execRequest(query: string): Promise<RequestResult> {
    let op: OperationDefinitionNode | undefined;
    try {
      op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === GqlKind.OPERATION_DEFINITION);
    } catch (e) {
      return { kind: 'result', result: { data: null, errors: [{ message: (e as Error).message }] } };
    }
    if (!op) return { kind: 'result', result: { data: null, errors: [{ message: 'no operation' }] } };
    const fields = op.selectionSet.selections.filter((s): s is FieldNode => s.kind === GqlKind.FIELD);
    const bad = fields.find((f) => !this.state.cols.has(f.name.value));
    if (bad) return { kind: 'result', result: { data: null, errors: [{ message: `Cannot query field "${bad.name.value}" on type "${op.operation === 'query' ? 'Query' : 'Subscription'}".` }] } };
    const pick = (f: FieldNode, doc: DocFields) => Object.fromEntries(
      (f.selectionSet?.selections ?? []).filter((s): s is FieldNode => s.kind === GqlKind.FIELD).map((s) => [s.name.value, doc[s.name.value] ?? null]));
    if (op.operation === 'subscription') {
      const f = fields[0];
      const { stream, close } = this.root.subscribe(f.name.value, (doc): GQLResult => ({ data: { [f.name.value]: [pick(f, doc)] } }));
      return { kind: 'subscription', stream, close };
    }
    const data: Record<string, unknown> = {};
    for (const f of fields) {
      data[f.name.value] = [...this.col(f.name.value).docs.entries()].filter(([, d]) => !d.deleted)
        .map(([id, d]) => pick(f, { _docID: id, ...d.fields }));
    }
    return { kind: 'result', result: { data } };
  }

  async basicExport(config: BackupConfig): Promise<void> {
    const out: Record<string, DocFields[]> = {};
    for (const [name, c] of this.state.cols) {
      if (config.collections?.length && !config.collections.includes(name)) continue;
      out[name] = [...c.docs].filter(([, d]) => !d.deleted).map(([id, d]) => ({ _docID: id, _docIDNew: id, ...d.fields }));
    }
    await writeFile(config.filepath, JSON.stringify(out, null, config.pretty ? 2 : undefined));
  }

  async basicImport(filepath: string): Promise<void> {
    const data = JSON.parse(await readFile(filepath, 'utf8')) as Record<string, DocFields[]>;
    for (const [name, docs] of Object.entries(data)) {
      const col = new FakeCollection(this, name);
      await col.createMany(docs.map(({ _docID, _docIDNew, ...f }) => f));
    }
  }
}

class FakeTxn extends FakeDB implements Txn {
  readonly id: number;
  readonly #base: number;
  #done = false;

  constructor(root: FakeStore, id: number, readOnly: boolean) {
    super(root, structuredClone(root.state), readOnly);
    this.id = id;
    this.#base = root.state.version;
  }

  async commit(): Promise<void> {
    if (this.#done) throw ErrInvalidTxnID();
    this.#done = true;
    if (this.state.version === this.#base) return;
    if (this.root.state.version !== this.#base) throw ErrTxnConflict();
    this.root.state = this.state;
    this.root.flush(this.pending.splice(0));
  }

  async discard(): Promise<void> {
    this.#done = true;
  }
}

export class FakeStore extends FakeDB implements Store {
  #nextTxn = 0;
  #subs = new Set<{ col: string; push: (d: DocFields) => void }>();

  constructor() {
    super(undefined as unknown as FakeStore, { cols: new Map(), version: 0 });
    (this as { root: FakeStore }).root = this;
  }

  async newTxn(readOnly = false): Promise<Txn> {
    return new FakeTxn(this, ++this.#nextTxn, readOnly);
  }

  async close(): Promise<void> {}

  /** Creates are announced to subscribers once they are visible on the store. */
  flush(p: [string, DocFields][]): void {
    for (const [col, doc] of p) for (const s of this.#subs) if (s.col === col) s.push(doc);
  }

  subscribe(col: string, map: (d: DocFields) => GQLResult): { stream: AsyncIterable<GQLResult>; close(): void } {
    const queue: GQLResult[] = [];
    let wake: (() => void) | undefined;
    let closed = false;
    const sub = { col, push: (d: DocFields) => { queue.push(map(d)); wake?.(); } };
    this.#subs.add(sub);
    const close = () => { closed = true; this.#subs.delete(sub); wake?.(); };
    async function* stream() {
      while (!closed) {
        if (queue.length) { yield queue.shift()!; continue; }
        await new Promise<void>((r) => { wake = r; });
      }
    }
    return { stream: stream(), close };
  }
}
