// A persistent B+tree over byte keys (bytewise order). Nodes carry the edit token of the tree
// that created them: a tree mutates its own nodes in place and copies any other node on the
// way down (path copying). `fork()` hands out a frozen view sharing every node and gives this
// tree a fresh token, so snapshots cost O(1) and stay valid however many commits follow.
import { compareBytes } from '../util/index.ts';

const MAX = 64;
const MIN = MAX >> 2;

export interface Leaf<V> { leaf: true; edit: number; keys: Uint8Array[]; vals: V[] }
/** keys[i] (i > 0) is a lower bound of kids[i] and greater than every key of kids[i-1]. */
export interface Branch<V> { leaf: false; edit: number; keys: Uint8Array[]; kids: BNode<V>[] }
export type BNode<V> = Leaf<V> | Branch<V>;

let lastEdit = 0;
const FROZEN = 0; // never handed out, so a frozen tree copies whatever it would change

/** First index whose key is >= key. */
export function lowerBound(keys: Uint8Array[], key: Uint8Array): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid], key) < 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Index of the child whose range holds key: the last i with keys[i] <= key, at least 0. */
export function childIndex(keys: Uint8Array[], key: Uint8Array): number {
  let lo = 1, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareBytes(keys[mid], key) <= 0) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

export class BTree<V> {
  root: BNode<V>;
  size: number;
  private edit: number;

  constructor(root?: BNode<V>, size = 0, edit = ++lastEdit) {
    this.edit = edit;
    this.root = root ?? { leaf: true, edit, keys: [], vals: [] };
    this.size = size;
  }

  /** A read-only view of the current content; later writes to this tree do not show in it. */
  fork(): BTree<V> {
    this.renew();
    return this.view();
  }

  /**
   * A read-only view sharing this tree's nodes. It stays valid only while this tree is not
   * written to, or after `renew()` (the caller tracks that; see MemoryStore).
   */
  view(): BTree<V> {
    return new BTree(this.root, this.size, FROZEN);
  }

  /** Stops in-place edits of the nodes existing so far: later writes copy them. */
  renew(): void {
    this.edit = ++lastEdit;
  }

  get(key: Uint8Array): V | undefined {
    let node = this.root;
    while (!node.leaf) node = node.kids[childIndex(node.keys, key)];
    const i = lowerBound(node.keys, key);
    return i < node.keys.length && compareBytes(node.keys[i], key) === 0 ? node.vals[i] : undefined;
  }

  has(key: Uint8Array): boolean {
    let node = this.root;
    while (!node.leaf) node = node.kids[childIndex(node.keys, key)];
    const i = lowerBound(node.keys, key);
    return i < node.keys.length && compareBytes(node.keys[i], key) === 0;
  }

  set(key: Uint8Array, val: V): void {
    const root = this.own(this.root);
    this.root = root;
    const right = this.insert(root, key, val);
    if (right) {
      this.root = { leaf: false, edit: this.edit, keys: [root.keys[0] ?? key, right.keys[0]], kids: [root, right] };
    }
  }

  /** Removes key; returns whether it was present. */
  delete(key: Uint8Array): boolean {
    if (!this.has(key)) return false; // avoid copying a path for nothing
    const root = this.own(this.root);
    this.remove(root, key);
    this.size--;
    this.root = !root.leaf && root.kids.length === 1 ? root.kids[0] : root;
    return true;
  }

  private own<N extends BNode<V>>(node: N): N {
    if (node.edit === this.edit) return node;
    return (node.leaf
      ? { leaf: true, edit: this.edit, keys: node.keys.slice(), vals: node.vals.slice() }
      : { leaf: false, edit: this.edit, keys: node.keys.slice(), kids: node.kids.slice() }) as N;
  }

  /** Inserts into an owned node; returns the new right sibling when the node split. */
  private insert(node: BNode<V>, key: Uint8Array, val: V): BNode<V> | undefined {
    if (node.leaf) {
      const i = lowerBound(node.keys, key);
      if (i < node.keys.length && compareBytes(node.keys[i], key) === 0) {
        node.vals[i] = val;
        return undefined;
      }
      node.keys.splice(i, 0, key);
      node.vals.splice(i, 0, val);
      this.size++;
      if (node.keys.length <= MAX) return undefined;
      const half = node.keys.length >>> 1;
      return { leaf: true, edit: this.edit, keys: node.keys.splice(half), vals: node.vals.splice(half) };
    }
    const i = childIndex(node.keys, key);
    const child = this.own(node.kids[i]);
    node.kids[i] = child;
    if (i === 0 && compareBytes(key, node.keys[0]) < 0) node.keys[0] = key;
    const right = this.insert(child, key, val);
    if (!right) return undefined;
    node.keys.splice(i + 1, 0, right.keys[0]);
    node.kids.splice(i + 1, 0, right);
    if (node.kids.length <= MAX) return undefined;
    const half = node.kids.length >>> 1;
    return { leaf: false, edit: this.edit, keys: node.keys.splice(half), kids: node.kids.splice(half) };
  }

  /** Removes a key known to be present from an owned node, rebalancing underfull children. */
  private remove(node: BNode<V>, key: Uint8Array): void {
    if (node.leaf) {
      const i = lowerBound(node.keys, key);
      node.keys.splice(i, 1);
      node.vals.splice(i, 1);
      return;
    }
    const i = childIndex(node.keys, key);
    const child = this.own(node.kids[i]);
    node.kids[i] = child;
    this.remove(child, key);
    if (child.keys.length >= MIN || node.kids.length === 1) return;
    const li = i > 0 ? i - 1 : i; // merge the pair (li, li + 1)
    this.rebalance(node, li);
  }

  /** Joins kids[li] and kids[li+1]; splits the result evenly again when it is too big. */
  private rebalance(parent: Branch<V>, li: number): void {
    const left = this.own(parent.kids[li]);
    const right = this.own(parent.kids[li + 1]);
    parent.kids[li] = left;
    parent.kids[li + 1] = right;
    // a branch's keys[0] may be stale; the parent's separator is authoritative and travels along
    if (!right.leaf) right.keys[0] = parent.keys[li + 1];
    const keys = left.keys.concat(right.keys);
    const total = keys.length;
    if (total <= MAX) {
      left.keys = keys;
      if (left.leaf) left.vals = left.vals.concat((right as Leaf<V>).vals);
      else left.kids = left.kids.concat((right as Branch<V>).kids);
      parent.keys.splice(li + 1, 1);
      parent.kids.splice(li + 1, 1);
      return;
    }
    const half = total >>> 1;
    left.keys = keys.slice(0, half);
    right.keys = keys.slice(half);
    if (left.leaf) {
      const vals = left.vals.concat((right as Leaf<V>).vals);
      left.vals = vals.slice(0, half);
      (right as Leaf<V>).vals = vals.slice(half);
    } else {
      const kids = left.kids.concat((right as Branch<V>).kids);
      left.kids = kids.slice(0, half);
      (right as Branch<V>).kids = kids.slice(half);
    }
    parent.keys[li + 1] = right.keys[0];
  }
}
