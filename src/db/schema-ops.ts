// Schema and collection definition operations over schema's catalog, inside one transaction.
// Definitions are memoised per transaction and the memo is dropped whenever this transaction
// changes the schema.

import type {
  CollectionDefinition, CollectionFetchOptions, CollectionVersion, SchemaDescription, SchemaFetchOptions,
} from '../client/index.ts';
import { ErrCollectionNotFound } from '../client/index.ts';
import { SchemaCatalog } from '../schema/index.ts';
import type { CollectionEntry } from '../schema/index.ts';
import type { TxnContext } from './context.ts';

export type { CollectionEntry };

const CATALOG = 'catalog';
const DEFS = 'defs';

export const catalogOf = (ctx: TxnContext): SchemaCatalog =>
  ctx.memoize(CATALOG, () => new SchemaCatalog(ctx.kv));

/** Forget cached definitions after a change made by this transaction. */
export function schemaChanged(ctx: TxnContext): void {
  ctx.memo.delete(DEFS);
  ctx.schemaChanged = true;
}

/** Every active definition (collections and embedded types), cached for the transaction. */
export function loadDefinitions(ctx: TxnContext): readonly CollectionEntry[] {
  return ctx.memoize(DEFS, () => {
    const shared = ctx.env.definitionsCache;
    if (!ctx.schemaChanged && shared?.epoch === ctx.epoch) return shared.value as CollectionEntry[];
    const defs = catalogOf(ctx).activeDefinitions();
    // only a snapshot without this transaction's own schema changes may be shared
    if (!ctx.schemaChanged && ctx.epoch === ctx.env.schemaEpoch) ctx.env.definitionsCache = { epoch: ctx.epoch, value: defs };
    return defs;
  });
}

export function loadDefinitionByName(ctx: TxnContext, name: string): CollectionEntry {
  const d = loadDefinitions(ctx).find((x) => x.version.Name === name);
  if (!d) throw ErrCollectionNotFound({ Name: name });
  return d;
}

/** The stored definition of the version a handle was made for (indexes may have changed). */
export function currentDefinition(ctx: TxnContext, snapshot: CollectionDefinition): CollectionEntry {
  const active = loadDefinitions(ctx).find((x) => x.version.VersionID === snapshot.version.VersionID);
  if (active) return active;
  const d = catalogOf(ctx).byVersionID(snapshot.version.VersionID);
  if (!d) throw ErrCollectionNotFound({ Name: snapshot.version.Name });
  return d;
}

/** The collection's local short ID (datamodel §4.5). */
export function collectionShortId(ctx: TxnContext, def: CollectionDefinition): number {
  const entry = def as Partial<CollectionEntry>;
  if (entry.shortID) return entry.shortID;
  return currentDefinition(ctx, def).shortID;
}

/** Field name → field short ID. */
export function fieldShortIds(ctx: TxnContext, def: CollectionDefinition): ReadonlyMap<string, number> {
  const entry = def as Partial<CollectionEntry>;
  if (entry.fieldIDs) return entry.fieldIDs;
  return currentDefinition(ctx, def).fieldIDs;
}

export function addSchema(ctx: TxnContext, sdl: string): CollectionVersion[] {
  const out = catalogOf(ctx).addSchema(sdl);
  schemaChanged(ctx);
  return out;
}

export function patchSchema(ctx: TxnContext, patch: string, _migration: unknown, setAsDefaultVersion: boolean): void {
  catalogOf(ctx).patchSchema(patch, setAsDefaultVersion);
  schemaChanged(ctx);
}

export function patchCollection(ctx: TxnContext, patch: string): void {
  catalogOf(ctx).patchCollection(patch);
  schemaChanged(ctx);
}

export function setActiveSchemaVersion(ctx: TxnContext, versionID: string): void {
  catalogOf(ctx).setActiveSchemaVersion(versionID);
  schemaChanged(ctx);
}

export function getSchemas(ctx: TxnContext, opts: SchemaFetchOptions): SchemaDescription[] {
  return catalogOf(ctx).getSchemas(opts);
}

export function getCollectionDefinitions(ctx: TxnContext, opts: CollectionFetchOptions): CollectionEntry[] {
  const noFilter = !opts.name && !opts.versionID && !opts.collectionID && !opts.includeInactive;
  return noFilter ? [...loadDefinitions(ctx)] : catalogOf(ctx).definitions(opts);
}

/** Persists a changed collection version (e.g. new indexes). */
export function saveCollectionVersion(ctx: TxnContext, version: CollectionVersion): void {
  catalogOf(ctx).saveCollection(version);
  schemaChanged(ctx);
}
