// The `client.DB` surface shared by the Store and its transactions. Every call runs through
// `run`: the Store opens a transaction per call (retrying on conflict), a Txn uses itself.

import type {
  BackupConfig, Collection, CollectionFetchOptions, CollectionVersion, DB, IndexDescription,
  RequestOptions, RequestResult, SchemaDescription, SchemaFetchOptions,
} from '../client/index.ts';
import { ErrCollectionNotFound } from '../client/index.ts';
import type { TxnContext } from './context.ts';
import * as schemaOps from './schema-ops.ts';
import { CollectionHandle } from './collection.ts';
import { execRequest, requestFailed } from './exec-request.ts';
import { basicExport, basicImport } from './backup.ts';

export interface RunOptions {
  readOnly?: boolean;
  /** Commit only when this holds for the result (else discard and still return it). */
  commitIf?: (result: never) => boolean;
}
export type Runner = <T>(fn: (ctx: TxnContext) => T | Promise<T>, opts?: RunOptions) => Promise<T>;

export abstract class DbOps implements DB {
  /** Runs `fn` inside a transaction (its own, or the one this object is). */
  abstract run<T>(fn: (ctx: TxnContext) => T | Promise<T>, opts?: RunOptions): Promise<T>;

  protected get runner(): Runner {
    return (fn, opts) => this.run(fn, opts);
  }

  addSchema(sdl: string): Promise<CollectionVersion[]> {
    return this.run((ctx) => schemaOps.addSchema(ctx, sdl));
  }

  patchSchema(patch: string, migration: unknown, setAsDefaultVersion: boolean): Promise<void> {
    return this.run((ctx) => schemaOps.patchSchema(ctx, patch, migration, setAsDefaultVersion));
  }

  patchCollection(patch: string): Promise<void> {
    return this.run((ctx) => schemaOps.patchCollection(ctx, patch));
  }

  setActiveSchemaVersion(versionID: string): Promise<void> {
    return this.run((ctx) => schemaOps.setActiveSchemaVersion(ctx, versionID));
  }

  getSchemas(opts: SchemaFetchOptions = {}): Promise<SchemaDescription[]> {
    return this.run((ctx) => schemaOps.getSchemas(ctx, opts), { readOnly: true });
  }

  async getCollections(opts: CollectionFetchOptions = {}): Promise<Collection[]> {
    const defs = await this.run((ctx) => schemaOps.getCollectionDefinitions(ctx, opts), { readOnly: true });
    return defs.map((d) => new CollectionHandle(this.runner, d));
  }

  async getCollectionByName(name: string): Promise<Collection> {
    const defs = await this.run((ctx) => schemaOps.getCollectionDefinitions(ctx, { name }), { readOnly: true });
    if (defs.length === 0) throw ErrCollectionNotFound({ Name: name });
    return new CollectionHandle(this.runner, defs[0]);
  }

  async getAllIndexes(): Promise<Record<string, IndexDescription[]>> {
    const defs = await this.run((ctx) => schemaOps.getCollectionDefinitions(ctx, {}), { readOnly: true });
    const out: Record<string, IndexDescription[]> = {};
    for (const d of defs) if (d.version.Indexes?.length) out[d.version.Name] = d.version.Indexes;
    return out;
  }

  execRequest(query: string, opts: RequestOptions = {}): Promise<RequestResult> {
    return this.run((ctx) => execRequest(ctx, query, opts), { commitIf: (r: RequestResult) => !requestFailed(r) });
  }

  basicExport(config: BackupConfig): Promise<void> {
    return this.run((ctx) => basicExport(ctx, config), { readOnly: true });
  }

  basicImport(filepath: string): Promise<void> {
    return this.run((ctx) => basicImport(ctx, filepath));
  }
}
