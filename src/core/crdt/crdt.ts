// The contract every Merkle-CRDT implements: where its head set lives, and how a delta of its
// kind merges into the KV state. The Merkle clock (../merkle-clock.ts) drives both.

import type { KVWriter } from '../../store/index.ts';
import type { Delta } from '../block.ts';

export interface MerkleCrdt {
  /** Head-set key prefix of this DAG (doc field, doc composite or collection). */
  readonly headPrefix: Uint8Array;
  /** Apply a delta (plaintext) to the stored state. */
  merge(kv: KVWriter, delta: Delta): void;
}
