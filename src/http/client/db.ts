// The `client.DB` operations over HTTP, shared by the store client and its transactions (which
// only add the `x-defradb-tx` header).

import type {
  BackupConfig, Collection, CollectionDefinition, CollectionFetchOptions, CollectionVersion, DB, GQLResult,
  IndexDescription, RequestOptions, RequestResult, SchemaDescription, SchemaFetchOptions,
} from '../../client/index.ts';
import { ErrCollectionNotFound } from '../../client/index.ts';
import { parseJSON } from '../json.ts';
import { HttpCollection } from './collection.ts';
import { readAll, type Transport } from './transport.ts';
import { sseData } from './sse.ts';

export class HttpDB implements DB {
  protected readonly transport: Transport;
  protected readonly txnID: string | undefined;

  constructor(transport: Transport, txnID?: string) {
    this.transport = transport;
    this.txnID = txnID;
  }

  async addSchema(sdl: string): Promise<CollectionVersion[]> {
    return (await this.transport.json<CollectionVersion[]>('POST', '/schema', { text: sdl, txn: this.txnID })) ?? [];
  }

  async patchSchema(patch: string, migration: unknown, setAsDefaultVersion: boolean): Promise<void> {
    await this.transport.text('PATCH', '/schema', {
      json: { Patch: patch, SetAsDefaultVersion: setAsDefaultVersion, Migration: migration ?? null }, txn: this.txnID,
    });
  }

  async patchCollection(patch: string): Promise<void> {
    await this.transport.text('PATCH', '/collections', { json: patch, txn: this.txnID });
  }

  async setActiveSchemaVersion(versionID: string): Promise<void> {
    await this.transport.text('POST', '/schema/default', { text: versionID, txn: this.txnID });
  }

  async getSchemas(opts: SchemaFetchOptions = {}): Promise<SchemaDescription[]> {
    const query = { name: opts.name, root: opts.root, version_id: opts.versionID };
    return (await this.transport.json<SchemaDescription[]>('GET', '/schema', { query, txn: this.txnID })) ?? [];
  }

  async getCollections(opts: CollectionFetchOptions = {}): Promise<Collection[]> {
    const query = {
      name: opts.name, version_id: opts.versionID, collection_id: opts.collectionID,
      get_inactive: opts.includeInactive || undefined,
    };
    const defs = (await this.transport.json<CollectionDefinition[]>('GET', '/collections', { query, txn: this.txnID })) ?? [];
    return defs.map((d) => new HttpCollection(this.transport, d, this.txnID));
  }

  async getCollectionByName(name: string): Promise<Collection> {
    const [col] = await this.getCollections({ name });
    if (!col) throw ErrCollectionNotFound({ Name: name });
    return col;
  }

  async getAllIndexes(): Promise<Record<string, IndexDescription[]>> {
    return (await this.transport.json<Record<string, IndexDescription[]>>('GET', '/collections/indexes', { txn: this.txnID })) ?? {};
  }

  async execRequest(query: string, opts: RequestOptions = {}): Promise<RequestResult> {
    const res = await this.transport.open('POST', '/graphql', {
      json: { query, operationName: opts.operationName, variables: opts.variables }, txn: this.txnID,
    });
    if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
      const events = sseData(res);
      async function* stream(): AsyncGenerator<GQLResult> {
        for await (const data of events) yield parseJSON(data) as GQLResult;
      }
      return { kind: 'subscription', stream: stream(), close: () => res.destroy() };
    }
    const result = parseJSON(await readAll(res)) as GQLResult;
    return { kind: 'result', result };
  }

  async basicExport(config: BackupConfig): Promise<void> {
    await this.transport.text('POST', '/backup/export', {
      json: { filepath: config.filepath, format: config.format ?? '', pretty: config.pretty ?? false, collections: config.collections ?? [] },
      txn: this.txnID,
    });
  }

  async basicImport(filepath: string): Promise<void> {
    await this.transport.text('POST', '/backup/import', { json: { filepath }, txn: this.txnID });
  }
}
