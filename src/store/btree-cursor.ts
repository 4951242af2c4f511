// A cursor over a BTree range [start, end), forwards or backwards. It keeps the root-to-leaf path
// (B+tree leaves all sit at the same depth) instead of sibling links, which a persistent tree
// cannot have. No allocation per step: read `key`/`value` while `valid`, then call `next()`.
import { compareBytes } from '../util/index.ts';
import { childIndex, lowerBound, type BNode, type BTree, type Branch, type Leaf } from './btree.ts';

export class BTreeCursor<V> {
  private readonly path: Branch<V>[] = [];
  private readonly idx: number[] = [];
  private leaf: Leaf<V> | undefined;
  private pos = 0;
  private readonly start: Uint8Array | undefined;
  private readonly end: Uint8Array | undefined;
  private readonly reverse: boolean;
  valid = false;
  key: Uint8Array = new Uint8Array(0);
  value: V | undefined = undefined;

  constructor(tree: BTree<V>, start: Uint8Array | undefined, end: Uint8Array | undefined, reverse: boolean) {
    this.start = start;
    this.end = end;
    this.reverse = reverse;
    if (reverse) this.seekLast(tree.root, end);
    else this.seekFirst(tree.root, start);
    this.load();
  }

  next(): void {
    if (!this.leaf) return;
    if (this.reverse) {
      if (--this.pos < 0) this.stepLeaf(-1);
    } else if (++this.pos >= this.leaf.keys.length) this.stepLeaf(1);
    this.load();
  }

  /** Positions on the first key >= start (or the very first key). */
  private seekFirst(root: BNode<V>, start: Uint8Array | undefined): void {
    let node = root;
    while (!node.leaf) {
      const i = start ? childIndex(node.keys, start) : 0;
      this.path.push(node);
      this.idx.push(i);
      node = node.kids[i];
    }
    this.leaf = node;
    this.pos = start ? lowerBound(node.keys, start) : 0;
    if (this.pos >= node.keys.length) this.stepLeaf(1);
  }

  /** Positions on the last key < end (or the very last key). */
  private seekLast(root: BNode<V>, end: Uint8Array | undefined): void {
    let node = root;
    while (!node.leaf) {
      const i = end ? childIndex(node.keys, end) : node.kids.length - 1;
      this.path.push(node);
      this.idx.push(i);
      node = node.kids[i];
    }
    this.leaf = node;
    this.pos = (end ? lowerBound(node.keys, end) : node.keys.length) - 1;
    if (this.pos < 0) this.stepLeaf(-1);
  }

  /** Moves to the neighbouring non-empty leaf in direction dir, or invalidates the cursor. */
  private stepLeaf(dir: 1 | -1): void {
    for (;;) {
      let d = this.path.length - 1;
      while (d >= 0) {
        const j = this.idx[d] + dir;
        if (j >= 0 && j < this.path[d].kids.length) break;
        d--;
      }
      if (d < 0) { this.leaf = undefined; return; }
      this.idx[d] += dir;
      let node = this.path[d].kids[this.idx[d]];
      for (let k = d + 1; k < this.path.length; k++) {
        const b = node as Branch<V>;
        this.path[k] = b;
        this.idx[k] = dir > 0 ? 0 : b.kids.length - 1;
        node = b.kids[this.idx[k]];
      }
      this.leaf = node as Leaf<V>;
      if (this.leaf.keys.length === 0) continue;
      this.pos = dir > 0 ? 0 : this.leaf.keys.length - 1;
      return;
    }
  }

  private load(): void {
    const leaf = this.leaf;
    if (!leaf) { this.valid = false; return; }
    const key = leaf.keys[this.pos];
    if (this.reverse ? this.start && compareBytes(key, this.start) < 0 : this.end && compareBytes(key, this.end) >= 0) {
      this.leaf = undefined;
      this.valid = false;
      return;
    }
    this.valid = true;
    this.key = key;
    this.value = leaf.vals[this.pos];
  }
}
