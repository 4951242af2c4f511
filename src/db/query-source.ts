// The query engine's read interface (query/source.ts) over one transaction: documents through
// doc-store, commits through the DAG walker, mutations through txn-bound collections.

import type { Collection, CollectionDefinition } from '../client/index.ts';
import type { CommitQuery, CommitRecord, IndexProbe, IndexScan, IndexScanStats, QuerySource, ScanOptions, SourceDoc } from '../query/index.ts';
import type { TxnContext } from './context.ts';
import { CollectionHandle } from './collection.ts';
import type { Runner } from './db-ops.ts';
import { countActiveDocs, readDoc, scanDocs } from './doc-store.ts';
import { readDocAtCommit } from './time-travel.ts';
import { walkCommits, docHeadCommits } from './commits.ts';
import { lookupIndex } from './index-lookup.ts';
import { scanIndex } from './index-scan.ts';
import { collectionShortId, loadDefinitionByName, loadDefinitions } from './schema-ops.ts';

/** A runner that executes in the given transaction (mutations inside a request share it). */
export const inTxn = (ctx: TxnContext): Runner => async (fn) => fn(ctx);

export class DbQuerySource implements QuerySource {
  readonly #ctx: TxnContext;

  constructor(ctx: TxnContext) {
    this.#ctx = ctx;
  }

  definitions(): readonly CollectionDefinition[] {
    return loadDefinitions(this.#ctx);
  }

  definitionsKey(): string {
    return loadDefinitions(this.#ctx).map((d) => `${d.version.Name}@${d.version.VersionID}#${d.version.Indexes?.length ?? 0}`).join(',');
  }

  scan(collectionName: string, opts: ScanOptions = {}): Iterable<SourceDoc> {
    return scanDocs(this.#ctx, loadDefinitionByName(this.#ctx, collectionName), opts.showDeleted ?? false, opts.prefilter);
  }

  countDocs(collectionName: string): number {
    return countActiveDocs(this.#ctx, loadDefinitionByName(this.#ctx, collectionName));
  }

  get(collectionName: string, docID: string, opts: ScanOptions = {}): SourceDoc | undefined {
    return readDoc(this.#ctx, loadDefinitionByName(this.#ctx, collectionName), docID, opts.showDeleted ?? false);
  }

  getAtCommit(collectionName: string, docID: string, cid: string): Promise<SourceDoc | undefined> {
    return readDocAtCommit(this.#ctx, loadDefinitionByName(this.#ctx, collectionName), docID, cid);
  }

  commits(q: CommitQuery): Iterable<CommitRecord> {
    return walkCommits(this.#ctx, q);
  }

  headCommits(collectionName: string, docID: string): Iterable<CommitRecord> {
    return docHeadCommits(this.#ctx, loadDefinitionByName(this.#ctx, collectionName), docID);
  }

  indexLookup(collectionName: string, probe: IndexProbe): Iterable<string> {
    return lookupIndex(this.#ctx, loadDefinitionByName(this.#ctx, collectionName), probe);
  }

  indexScan(collectionName: string, scan: IndexScan, stats: IndexScanStats): Iterable<string> {
    return scanIndex(this.#ctx, loadDefinitionByName(this.#ctx, collectionName), scan, stats);
  }

  collectionShortID(collectionName: string): number {
    return collectionShortId(this.#ctx, loadDefinitionByName(this.#ctx, collectionName));
  }

  async collection(name: string): Promise<Collection> {
    return new CollectionHandle(inTxn(this.#ctx), loadDefinitionByName(this.#ctx, name));
  }
}
