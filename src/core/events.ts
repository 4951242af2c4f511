// Payloads of DefraDB's internal events (db ↔ net decoupling, DESIGN.md): `update` after a local
// commit, `merge` when a peer pushes a block, `merge-complete` after it is applied.

import type { CID } from 'multiformats/cid';

export const EventName = { Update: 'update', Merge: 'merge', MergeComplete: 'merge-complete' } as const;

/** A local commit produced a new composite (or collection) head. */
export interface UpdateEvent {
  /** Empty for collection-level blocks. */
  docID: string;
  cid: CID;
  /** Collection ID (= schema root) the block belongs to. */
  collectionID: string;
  /** Encoded block bytes, ready to push. */
  block: Uint8Array;
  isCreate: boolean;
}

/** A peer pushed a block that must be synced and merged. */
export interface MergeEvent {
  docID: string;
  cid: CID;
  collectionID: string;
  /** Peer ID of the sender. */
  by: string;
}

export interface MergeCompleteEvent {
  merge: MergeEvent;
  /** The merge was applied (false when decryption keys were missing). */
  decrypted: boolean;
}

export interface CoreEvents {
  update: UpdateEvent;
  merge: MergeEvent;
  'merge-complete': MergeCompleteEvent;
}
