// The schema catalog: schema and collection descriptions persisted in the system store
// (datamodel.md §4.5) over a synchronous KVWriter, plus the local short IDs. It runs addSchema,
// schema/collection patches and active-version switches, and answers the lookups the query
// engine and db need.

import { isRelationKind } from '../client/index.ts';
import type {
  CollectionDefinition, CollectionFetchOptions, CollectionFieldDescription, CollectionVersion, SchemaDescription,
  SchemaFetchOptions,
} from '../client/index.ts';
import type { KVWriter } from '../store/index.ts';
import { defineFromSDL } from './define.ts';
import { genRelationName } from './definitions.ts';
import { ErrKeyNotFound, ErrSchemaVersionIDEmpty } from './errors.ts';
import { patchCollections, patchSchema } from './patch.ts';
import { schemaJson } from './schema-id.ts';
import { systemKeys } from '../core/index.ts';
import { decodeSeq, encodeSeq } from './system-keys.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();
const toJson = (v: unknown) => enc.encode(JSON.stringify(v));
const fromJson = <T>(b: Uint8Array): T => JSON.parse(dec.decode(b)) as T;

/** Collection version JSON in Go's struct order. */
export function collectionJson(c: CollectionVersion): Uint8Array {
  return toJson({
    Name: c.Name, VersionID: c.VersionID, CollectionID: c.CollectionID, Sources: c.Sources, Fields: c.Fields,
    Indexes: c.Indexes, Policy: c.Policy, IsActive: c.IsActive, IsMaterialized: c.IsMaterialized,
    IsBranchable: c.IsBranchable, IsEmbeddedOnly: c.IsEmbeddedOnly, VectorEmbeddings: c.VectorEmbeddings,
  });
}

export interface CollectionEntry extends CollectionDefinition {
  /** Local uint32 collection short ID (shared by all versions of a root); 0 for embedded types. */
  shortID: number;
  /** Field name → field short ID. */
  fieldIDs: Map<string, number>;
}

export class SchemaCatalog {
  readonly kv: KVWriter;
  constructor(kv: KVWriter) { this.kv = kv; }

  // --- sequences ---
  private next(key: Uint8Array): number {
    const n = decodeSeq(this.kv.get(key)) + 1;
    this.kv.put(key, encodeSeq(n));
    return n;
  }
  nextIndexID(collectionID: string): number { return this.next(systemKeys.indexSeq(collectionID)); }

  // --- raw persistence ---
  saveSchema(s: SchemaDescription, isNewVersionOfRoot: boolean): void {
    this.kv.put(systemKeys.schemaVersion(s.VersionID), enc.encode(schemaJson(s)));
    if (isNewVersionOfRoot) this.kv.put(systemKeys.schemaHistory(s.Root, s.VersionID), new Uint8Array());
  }
  saveCollection(c: CollectionVersion): void {
    this.kv.put(systemKeys.collectionVersion(c.VersionID), collectionJson(c));
    if (c.IsActive) this.kv.put(systemKeys.collectionName(c.Name), enc.encode(c.VersionID));
  }
  schemaByVersion(versionID: string): SchemaDescription | undefined {
    const b = this.kv.get(systemKeys.schemaVersion(versionID));
    return b ? fromJson<SchemaDescription>(b) : undefined;
  }
  collectionByVersion(versionID: string): CollectionVersion | undefined {
    const b = this.kv.get(systemKeys.collectionVersion(versionID));
    return b ? fromJson<CollectionVersion>(b) : undefined;
  }
  private allSchemas(): SchemaDescription[] {
    return [...this.kv.iterate({ prefix: systemKeys.schemaVersionPrefix() })].map((e) => fromJson<SchemaDescription>(e.value));
  }
  private allCollections(): CollectionVersion[] {
    return [...this.kv.iterate({ prefix: systemKeys.collectionVersionPrefix() })].map((e) => fromJson<CollectionVersion>(e.value));
  }

  // --- short IDs ---
  collectionShortID(collectionID: string): number | undefined {
    const b = this.kv.get(systemKeys.collectionShortId(collectionID));
    return b ? Number(dec.decode(b)) : undefined;
  }
  private ensureShortIDs(c: CollectionVersion): void {
    if (c.IsEmbeddedOnly) return;
    let id = this.collectionShortID(c.CollectionID);
    if (id === undefined) {
      id = this.next(systemKeys.collectionSeq());
      this.kv.put(systemKeys.collectionShortId(c.CollectionID), enc.encode(String(id)));
    }
    for (const f of c.Fields ?? []) {
      const key = systemKeys.fieldShortId(id, f.Name);
      if (!this.kv.has(key)) this.kv.put(key, enc.encode(String(this.next(systemKeys.fieldSeq(id)))));
    }
  }
  fieldShortIDs(collectionID: string): Map<string, number> {
    const id = this.collectionShortID(collectionID);
    const out = new Map<string, number>();
    if (id === undefined) return out;
    const prefix = systemKeys.fieldShortIdPrefix(id);
    for (const e of this.kv.iterate({ prefix })) out.set(dec.decode(e.key.subarray(prefix.length)), Number(dec.decode(e.value)));
    return out;
  }

  // --- lookups ---
  getSchemas(opts: SchemaFetchOptions = {}): SchemaDescription[] {
    if (opts.versionID !== undefined) {
      const s = this.schemaByVersion(opts.versionID);
      if (!s) throw ErrKeyNotFound();
      return [s];
    }
    return this.allSchemas().filter((s) =>
      (opts.root === undefined || s.Root === opts.root) && (opts.name === undefined || s.Name === opts.name));
  }

  getCollections(opts: CollectionFetchOptions = {}): CollectionVersion[] {
    return this.allCollections().filter((c) =>
      (opts.includeInactive || opts.versionID !== undefined || c.IsActive) &&
      (opts.name === undefined || c.Name === opts.name) &&
      (opts.versionID === undefined || c.VersionID === opts.versionID) &&
      (opts.collectionID === undefined || c.CollectionID === opts.collectionID));
  }

  definitions(opts: CollectionFetchOptions = {}): CollectionEntry[] {
    return this.getCollections(opts).map((version) => ({
      version,
      schema: this.schemaByVersion(version.VersionID)!,
      shortID: this.collectionShortID(version.CollectionID) ?? 0,
      fieldIDs: this.fieldShortIDs(version.CollectionID),
    }));
  }
  activeDefinitions(): CollectionEntry[] { return this.definitions(); }
  byName(name: string): CollectionEntry | undefined {
    const b = this.kv.get(systemKeys.collectionName(name));
    return b ? this.byVersionID(dec.decode(b)) : undefined;
  }
  byVersionID(versionID: string): CollectionEntry | undefined {
    return this.definitions({ versionID, includeInactive: true })[0];
  }
  byRoot(collectionID: string, includeInactive = false): CollectionEntry[] {
    return this.definitions({ collectionID, includeInactive });
  }

  // --- operations ---
  /** addSchema: defines, validates and stores every type of the SDL; returns the new versions. */
  addSchema(sdl: string): CollectionVersion[] {
    const drafts = defineFromSDL(sdl, this.definitions());
    for (const d of drafts) {
      this.saveSchema(d.schema, false);
      this.saveCollection(d.version);
      this.ensureShortIDs(d.version);
      const indexes = d.version.Indexes ?? [];
      if (indexes.length > 0) this.kv.put(systemKeys.indexSeq(d.version.CollectionID), encodeSeq(indexes.length));
    }
    return drafts.map((d) => d.version);
  }

  /** Schema patch: new versions of changed schemas, optionally made active. */
  patchSchema(patch: string | readonly unknown[], setAsDefaultVersion = true): SchemaDescription[] {
    const active = new Map<string, SchemaDescription>();
    const activeCols = new Map<string, CollectionVersion>();
    for (const c of this.getCollections()) {
      const s = this.schemaByVersion(c.VersionID);
      if (s) { active.set(s.Name, s); activeCols.set(s.Name, c); }
    }
    const out: SchemaDescription[] = [];
    for (const [name, p] of patchSchema(active, patch)) {
      this.saveSchema(p.schema, true);
      const prev = activeCols.get(name)!;
      const fields: CollectionFieldDescription[] = [...(prev.Fields ?? [])];
      for (const f of p.schema.Fields) {
        if (fields.some((x) => x.Name === f.Name)) continue;
        const rel = isRelationKind(f.Kind);
        const relName = rel ? genRelationName(name, this.nameOfRoot(f.Kind) ?? name) : null;
        fields.push({ Name: f.Name, Kind: rel ? f.Kind : null, RelationName: relName, DefaultValue: null, Size: 0 });
      }
      const version: CollectionVersion = {
        ...structuredClone(prev), VersionID: p.schema.VersionID, Fields: fields, IsActive: setAsDefaultVersion,
        Sources: [{ SourceCollectionID: prev.VersionID, Transform: null }],
      };
      if (setAsDefaultVersion) this.saveCollection({ ...prev, IsActive: false });
      this.saveCollection(version);
      this.ensureShortIDs(version);
      out.push(p.schema);
    }
    return out;
  }

  private nameOfRoot(k: unknown): string | undefined {
    const root = (k as { Root?: string }).Root;
    return root ? this.allSchemas().find((s) => s.Root === root)?.Name : undefined;
  }

  /** Collection patch over all stored versions, keyed by version ID. */
  patchCollection(patch: string | readonly unknown[]): CollectionVersion[] {
    const changed = patchCollections(this.allCollections(), patch, (v) => this.schemaByVersion(v));
    for (const c of changed) this.saveCollection(c);
    return changed;
  }

  /** Makes `versionID` the active version of its collection. */
  setActiveSchemaVersion(versionID: string): void {
    if (versionID === '') throw ErrSchemaVersionIDEmpty();
    const target = this.collectionByVersion(versionID);
    if (!target) throw ErrKeyNotFound();
    for (const c of this.getCollections({ collectionID: target.CollectionID, includeInactive: true })) {
      if (c.IsActive && c.VersionID !== versionID) this.saveCollection({ ...c, IsActive: false });
    }
    this.saveCollection({ ...target, IsActive: true });
  }
}
