// Schema, collection and index descriptions in the exact JSON shape Go DefraDB emits over HTTP
// (PascalCase field names, every field present, null for None). The same objects are used
// internally, so the HTTP layer passes them through unchanged.

import type { Kind } from './kinds.ts';

export interface SchemaFieldDescription {
  Name: string;
  Kind: Kind;
  /** CRDT type (CType). */
  Typ: number;
}

export interface SchemaDescription {
  Root: string;
  VersionID: string;
  Name: string;
  Fields: SchemaFieldDescription[];
}

export interface CollectionFieldDescription {
  Name: string;
  /** Present (non-null) only for fields that are not in the schema (e.g. `published: [Book]`) or are relations. */
  Kind: Kind | null;
  RelationName: string | null;
  DefaultValue: unknown;
  /** `@constraints(size: N)` for arrays, 0 when unset. */
  Size: number;
}

export interface IndexFieldDescription {
  Name: string;
  Descending: boolean;
}

export interface IndexDescription {
  Name: string;
  ID: number;
  Fields: IndexFieldDescription[];
  Unique: boolean;
}

export interface IndexCreateRequest {
  Name?: string;
  Fields: IndexFieldDescription[];
  Unique?: boolean;
}

export interface PolicyDescription {
  ID: string;
  ResourceName: string;
}

export interface CollectionSource {
  SourceCollectionID?: string;
  Query?: unknown;
  Transform?: unknown;
}

export interface CollectionVersion {
  Name: string;
  VersionID: string;
  CollectionID: string;
  Sources: CollectionSource[] | null;
  Fields: CollectionFieldDescription[] | null;
  Indexes: IndexDescription[] | null;
  Policy: PolicyDescription | null;
  IsActive: boolean;
  IsMaterialized: boolean;
  IsBranchable: boolean;
  IsEmbeddedOnly: boolean;
  VectorEmbeddings: unknown[] | null;
}

/** `{version, schema}`: the only two lower-case keys in DefraDB's HTTP JSON. */
export interface CollectionDefinition {
  version: CollectionVersion;
  schema: SchemaDescription;
}

export interface CollectionFetchOptions {
  name?: string;
  versionID?: string;
  collectionID?: string;
  includeInactive?: boolean;
}

export interface SchemaFetchOptions {
  name?: string;
  root?: string;
  versionID?: string;
}
