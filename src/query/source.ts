// What the query engine needs from the database for ONE transaction. `db/` implements it over
// core's doc-fetcher and history; tests implement it over plain objects. Reads are synchronous
// iterables because the KV is local and sync: the engine never awaits per document, which keeps
// an unindexed filtered scan well above 500k docs/s. Only mutations (through client.Collection)
// and time travel are async.

import type { Collection, CollectionDefinition, DocFields, IndexDescription } from '../client/index.ts';

/**
 * A decoded document. `fields` holds every stored field by name (relation links as `<rel>_id`
 * DocID strings) with values in their GraphQL/JSON form: Int as number (bigint past 2^53),
 * Float32/Float64 as number, DateTime as an RFC 3339 string, Blob as a hex string, JSON as any
 * JSON value, scalar arrays as arrays. Absent and null fields may be missing or null.
 */
export interface SourceDoc {
  readonly docID: string;
  readonly deleted: boolean;
  readonly fields: DocFields;
}

export interface ScanOptions {
  /** Include deleted documents (they come back with `deleted: true`). */
  readonly showDeleted?: boolean;
  /**
   * A test the scan may apply first to documents holding only `fields` (others absent), skipping
   * those that fail without decoding the rest. Passing documents come back whole. Optional for
   * a source to honour: the caller still filters what it gets.
   */
  readonly prefilter?: ScanPrefilter;
}

export interface ScanPrefilter {
  readonly fields: readonly string[];
  /** The test reads `docID`; when false the partial document's ID may be empty. */
  readonly usesDocID: boolean;
  readonly test: (partial: SourceDoc) => boolean;
}

/** One block of a Merkle DAG as the `Commit` GraphQL type exposes it. */
export interface CommitRecord {
  readonly cid: string;
  readonly height: number;
  /** Raw CBOR delta bytes (base64 in `delta`); null for composite and collection blocks. */
  readonly delta: Uint8Array | null;
  /** Empty for collection-level (branchable) commits. */
  readonly docID: string;
  /** Field name; null for the document's composite commit (and collection commits). */
  readonly fieldName: string | null;
  readonly schemaVersionId: string;
  readonly links: readonly { readonly name: string; readonly cid: string }[];
  readonly signature: { readonly type: string; readonly identity: string; readonly value: string } | null;
}

export interface CommitQuery {
  /** Restrict to one document's DAGs. */
  readonly docID?: string;
  /** Restrict to one field's DAG; "C" or "_C" means the composite (document) DAG. */
  readonly fieldName?: string;
  /** Start the walk at this block instead of the heads. */
  readonly cid?: string;
  /** Walk at most this many blocks deep from each head (1 = heads only). */
  readonly depth?: number;
}

/** An equality/range probe into a secondary index, by index field order. */
export interface IndexProbe {
  readonly index: IndexDescription;
  /** Per index field: a value list (`_eq`/`_in`), or undefined = any value. */
  readonly values: readonly (readonly unknown[] | undefined)[];
}

/** The filter's condition on one index field, as an index scan uses it. */
export interface IndexFieldCond {
  /**
   * `_eq` (values[0]), `_in` (values), a range bound (values[0]), or `scan`: an operator the
   * index cannot narrow (`_ne`, `_like`, …) – every entry of the field's scope is read.
   */
  readonly op: '_eq' | '_in' | '_gt' | '_ge' | '_lt' | '_le' | 'scan';
  readonly values?: readonly unknown[];
  /** JSON fields: the property path the condition is on (`0` = an array element). */
  readonly jsonPath?: readonly (string | 0)[];
  /** For `scan`: the filter's operator and operand (the engine matches index values with them). */
  readonly operator?: string;
  readonly operand?: unknown;
}

/** A scan of one index: per index field (in index order) its condition, if any. */
export interface IndexScan {
  readonly index: IndexDescription;
  readonly fields: readonly (IndexFieldCond | undefined)[];
}

/** Counters an index scan adds to (explain execute's `indexFetches`). */
export interface IndexScanStats {
  indexFetches: number;
}

export interface QuerySource {
  /** Active collection definitions (collections, views and embedded types) visible to this txn. */
  definitions(): readonly CollectionDefinition[];
  /** Changes whenever `definitions()` changes (e.g. the version IDs joined); keys the schema cache. */
  definitionsKey(): string;
  /**
   * Every document of the collection in primary-key order (ascending docID), deleted ones only
   * when `showDeleted`. Must be cheap to call several times per request.
   */
  scan(collectionName: string, opts?: ScanOptions): Iterable<SourceDoc>;
  /** One document, or undefined (deleted ones only when `showDeleted`). */
  get(collectionName: string, docID: string, opts?: ScanOptions): SourceDoc | undefined;
  /** The document as it was at commit `cid` (time travel); undefined when not found. */
  getAtCommit(collectionName: string, docID: string, cid: string): Promise<SourceDoc | undefined>;
  /**
   * Commits in DefraDB's natural `commits` order: for each head (heads in key order) a
   * depth-first walk of its DAG. Without `docID`: every document's (and branchable collection's)
   * commits. Throws DefraDB's error for an invalid `cid`.
   */
  commits(q: CommitQuery): Iterable<CommitRecord>;
  /** The head commits of a document's composite DAG (for `_version`). */
  headCommits(collectionName: string, docID: string): Iterable<CommitRecord>;
  /** Optional: docIDs matching an index probe, in index order. Absent = always scan. */
  indexLookup?(collectionName: string, probe: IndexProbe): Iterable<string>;
  /**
   * Optional: docIDs of the entries in the scan's key ranges, in index order, each once; every
   * entry read adds one to `stats.indexFetches`. The caller still applies the whole filter.
   */
  indexScan?(collectionName: string, scan: IndexScan, stats: IndexScanStats): Iterable<string>;
  /**
   * Optional: how many active documents the collection holds, i.e. the length of `scan` without
   * showDeleted, counted without decoding any document (an unfiltered `_count`).
   */
  countDocs?(collectionName: string): number;
  /** Optional: the collection's local short ID (explain prints scan prefixes `/<id>`). */
  collectionShortID?(collectionName: string): number;
  /** The collection bound to this transaction, for mutations. */
  collection(name: string): Promise<Collection>;
}
