// The in-memory backend: one persistent B+tree. A transaction's snapshot is an O(1) fork of the
// tree; commit applies the overlay to the live tree, copying only the paths it changes, so
// every open snapshot keeps reading the tree as it was.
import { BTree } from './btree.ts';
import { BTreeCursor } from './btree-cursor.ts';
import { ConflictOracle } from './conflicts.ts';
import { ErrStoreClosed } from './errors.ts';
import { Txn, type KVSnapshot, type Overlay, type TxnHost } from './txn.ts';
import type { KeyRange } from './range.ts';
import type { KVEntry, KVStore, KVTxn } from './kv.ts';

const EMPTY = new Uint8Array(0);

class MemorySnapshot implements KVSnapshot {
  private readonly tree: BTree<Uint8Array>;
  constructor(tree: BTree<Uint8Array>) { this.tree = tree; }
  get(key: Uint8Array): Uint8Array | undefined { return this.tree.get(key); }
  has(key: Uint8Array): boolean { return this.tree.has(key); }
  *entries(range: KeyRange): Generator<KVEntry> {
    let n = 0;
    for (const c = new BTreeCursor(this.tree, range.start, range.end, range.reverse); c.valid && n < range.limit; c.next()) {
      n++;
      yield { key: c.key, value: range.keysOnly ? EMPTY : c.value! };
    }
  }
  release(): void {}
}

export class MemoryStore implements KVStore, TxnHost {
  readonly oracle = new ConflictOracle();
  private tree = new BTree<Uint8Array>();
  private closed = false;

  /** Number of keys currently committed. */
  get size(): number { return this.tree.size; }

  newTxn(readOnly = false): KVTxn {
    if (this.closed) throw ErrStoreClosed();
    return new Txn(this, new MemorySnapshot(this.tree.fork()), readOnly);
  }

  apply(writes: Overlay): void {
    if (this.closed) throw ErrStoreClosed();
    // work on a fork so a failure half-way leaves the live tree untouched
    const next = new BTree<Uint8Array>(this.tree.root, this.tree.size);
    for (const c = new BTreeCursor(writes, undefined, undefined, false); c.valid; c.next()) {
      if (c.value === null) next.delete(c.key);
      else next.set(c.key, c.value!);
    }
    this.tree = next;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
