// The in-memory backend: one persistent B+tree. A transaction's snapshot is an O(1) view of the
// tree. Commit applies the overlay to the live tree in place when no other open snapshot shares
// its current nodes; otherwise it first renews the tree's edit token so the changed paths are
// copied and every open snapshot keeps reading the tree as it was.
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
  private readonly store: MemoryStore;
  /** The store generation whose nodes this view shares (see MemoryStore.generation). */
  readonly generation: number;
  released = false;

  constructor(store: MemoryStore, tree: BTree<Uint8Array>, generation: number) {
    this.store = store;
    this.tree = tree;
    this.generation = generation;
  }

  get(key: Uint8Array): Uint8Array | undefined { return this.tree.get(key); }
  has(key: Uint8Array): boolean { return this.tree.has(key); }

  *entries(range: KeyRange): Generator<KVEntry> {
    let n = 0;
    for (const c = new BTreeCursor(this.tree, range.start, range.end, range.reverse); c.valid && n < range.limit; c.next()) {
      n++;
      yield { key: c.key, value: range.keysOnly ? EMPTY : c.value! };
    }
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.store.released(this);
  }
}

export class MemoryStore implements KVStore, TxnHost {
  readonly oracle = new ConflictOracle();
  private readonly tree = new BTree<Uint8Array>();
  /** Bumped whenever the tree's edit token is renewed; nodes of older generations are never mutated. */
  private generation = 0;
  /** Open snapshots taken during the current generation (they share mutable nodes). */
  private sharing = 0;
  private closed = false;

  /** Number of keys currently committed. */
  get size(): number { return this.tree.size; }

  newTxn(readOnly = false): KVTxn {
    if (this.closed) throw ErrStoreClosed();
    this.sharing++;
    return new Txn(this, new MemorySnapshot(this, this.tree.view(), this.generation), readOnly);
  }

  apply(writes: Overlay, snap: KVSnapshot): void {
    if (this.closed) throw ErrStoreClosed();
    const own = (snap as MemorySnapshot).generation === this.generation && !(snap as MemorySnapshot).released ? 1 : 0;
    if (this.sharing - own > 0) {
      // someone else reads the current nodes: switch to copy-on-write for them
      this.tree.renew();
      this.generation++;
      this.sharing = 0; // the snapshots of the old generation no longer count
    }
    // set/delete cannot fail half-way (no I/O, no validation), so in-place is all-or-nothing
    for (const c = new BTreeCursor(writes, undefined, undefined, false); c.valid; c.next()) {
      if (c.value === null) this.tree.delete(c.key);
      else this.tree.set(c.key, c.value!);
    }
  }

  /** Called by a snapshot when its transaction ends. */
  released(snap: MemorySnapshot): void {
    if (snap.generation === this.generation) this.sharing--;
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
