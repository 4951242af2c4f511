// Collection CRDT of branchable collections (datamodel.md §3.6): merge does nothing; the DAG only
// orders and syncs composite blocks.

import type { KVWriter } from '../../store/index.ts';
import type { CollectionDelta, Delta } from '../block.ts';
import { collectionHeadPrefix } from '../keys.ts';
import type { MerkleCrdt } from './crdt.ts';
import { ErrUnexpectedDelta } from './lww.ts';

export interface CollectionTarget { colShortId: number; schemaVersionID: string }

export class CollectionCrdt implements MerkleCrdt {
  readonly target: CollectionTarget;
  readonly headPrefix: Uint8Array;

  constructor(target: CollectionTarget) {
    this.target = target;
    this.headPrefix = collectionHeadPrefix(target.colShortId);
  }

  delta(): CollectionDelta {
    return { kind: 'collection', priority: 0, schemaVersionID: this.target.schemaVersionID };
  }

  merge(_kv: KVWriter, delta: Delta): void {
    if (delta.kind !== 'collection') throw ErrUnexpectedDelta(delta.kind);
  }
}
