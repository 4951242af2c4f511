// One benchmark environment: an LMDB store in a fresh temp dir (default 'periodic' flush, as the node
// opens it), wrapped in a ProbeStore for recording, and the database over it. close() removes
// the directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbStore } from '../src/store/index.ts';
import { openDatabase, type Database } from '../src/db/index.ts';
import { ProbeStore } from './probe-store.ts';

export interface Sizes {
  /** Documents for create-batched, which also become the query data set. */
  docs: number;
  batch: number;
  /** create-single: at most this many documents, or until singleMs has passed. */
  singleDocs: number;
  singleMs: number;
  /** Random gets for get-by-docid. */
  gets: number;
  authors: number;
  books: number;
  /** Time budget per query benchmark (ms), and its minimum number of runs. */
  queryMs: number;
  queryRuns: number;
  /** Documents A replicates to B, and updates timed over pubsub. */
  replicateDocs: number;
  pubsubUpdates: number;
}

export const FULL: Sizes = {
  docs: 100_000, batch: 1000, singleDocs: 2000, singleMs: 4000, gets: 20_000,
  authors: 1000, books: 100_000, queryMs: 1500, queryRuns: 3, replicateDocs: 10_000, pubsubUpdates: 20,
};

export const QUICK: Sizes = {
  docs: 2000, batch: 1000, singleDocs: 50, singleMs: 500, gets: 500,
  authors: 10, books: 1000, queryMs: 100, queryRuns: 1, replicateDocs: 50, pubsubUpdates: 2,
};

export class BenchEnv {
  readonly dir: string;
  readonly lmdb: LmdbStore;
  readonly probe: ProbeStore;
  readonly db: Database;
  readonly sizes: Sizes;

  constructor(sizes: Sizes) {
    this.sizes = sizes;
    this.dir = mkdtempSync(join(tmpdir(), 'defra-bench-'));
    this.lmdb = new LmdbStore({ path: this.dir });
    this.probe = new ProbeStore(this.lmdb);
    this.db = openDatabase({ store: this.probe });
  }

  async close(): Promise<void> {
    try { await this.db.close(); } finally { rmSync(this.dir, { recursive: true, force: true }); }
  }
}
