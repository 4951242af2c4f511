// The public contract: a Store (the database), its transactions and its collections. Implemented
// by the embedded database (`db/`) and by the HTTP client (`http/client`); one test suite runs
// over both.

import type {
  CollectionDefinition, CollectionFetchOptions, CollectionVersion, IndexCreateRequest, IndexDescription,
  SchemaDescription, SchemaFetchOptions,
} from './descriptions.ts';

/** A document as plain JSON-like values keyed by field name. Int values beyond 2^53 are bigint. */
export type DocFields = Record<string, unknown>;

export interface GQLError { message: string; extensions?: Record<string, unknown> }
export interface GQLResult { data: unknown; errors?: GQLError[] }

export interface RequestOptions {
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** The outcome of a request: one result, or a stream of results for a subscription. */
export type RequestResult =
  | { kind: 'result'; result: GQLResult }
  | { kind: 'subscription'; stream: AsyncIterable<GQLResult>; close(): void };

export interface FilterResult { Count: number; DocIDs: string[] }

export interface BackupConfig {
  filepath: string;
  format?: 'json' | 'car';
  pretty?: boolean;
  collections?: string[];
}

export interface CreateOptions {
  encrypt?: boolean;
  encryptFields?: string[];
}

export interface Collection {
  readonly name: string;
  readonly version: CollectionVersion;
  readonly schema: SchemaDescription;
  definition(): CollectionDefinition;
  /** Creates one document and returns its DocID. */
  create(doc: DocFields, opts?: CreateOptions): Promise<string>;
  createMany(docs: DocFields[], opts?: CreateOptions): Promise<string[]>;
  /** Sets the given fields (null clears); counters add. */
  update(docID: string, fields: DocFields): Promise<void>;
  /** Creates the document when absent, updates it otherwise; returns its DocID. */
  save(doc: DocFields): Promise<string>;
  /** Returns true when a document was deleted. */
  delete(docID: string): Promise<boolean>;
  exists(docID: string): Promise<boolean>;
  /** The document with `_docID`, or ErrDocumentNotFound. */
  get(docID: string, showDeleted?: boolean): Promise<DocFields>;
  getAllDocIDs(): AsyncIterable<{ docID: string; error?: string }>;
  updateWithFilter(filter: unknown, updater: string): Promise<FilterResult>;
  deleteWithFilter(filter: unknown): Promise<FilterResult>;
  createIndex(req: IndexCreateRequest): Promise<IndexDescription>;
  dropIndex(name: string): Promise<void>;
  getIndexes(): Promise<IndexDescription[]>;
}

/** What both a Store and a Txn can do. Calls on a Store run each in a transaction of their own. */
export interface DB {
  addSchema(sdl: string): Promise<CollectionVersion[]>;
  patchSchema(patch: string, migration: unknown, setAsDefaultVersion: boolean): Promise<void>;
  patchCollection(patch: string): Promise<void>;
  setActiveSchemaVersion(versionID: string): Promise<void>;
  getSchemas(opts?: SchemaFetchOptions): Promise<SchemaDescription[]>;
  getCollections(opts?: CollectionFetchOptions): Promise<Collection[]>;
  getCollectionByName(name: string): Promise<Collection>;
  getAllIndexes(): Promise<Record<string, IndexDescription[]>>;
  execRequest(query: string, opts?: RequestOptions): Promise<RequestResult>;
  basicExport(config: BackupConfig): Promise<void>;
  basicImport(filepath: string): Promise<void>;
}

export interface Txn extends DB {
  readonly id: number;
  readonly readOnly: boolean;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

export interface Store extends DB {
  newTxn(readOnly?: boolean): Promise<Txn>;
  close(): Promise<void>;
}
