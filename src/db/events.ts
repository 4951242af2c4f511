// The database's event bus with core's payloads (core/events.ts), as DefraDB's: `update` after a
// local change commits (net publishes the block), `merge` asks the db to merge a remote head
// whose blocks are in (or fetchable into) the block store, `merge-complete` once it is applied.
// (net's NetEvents use Go's PascalCase field names; the node layer bridges the two.)

import type { MergeCompleteEvent as CoreMergeComplete, MergeEvent, UpdateEvent } from '../core/index.ts';
import { EventBus } from '../util/index.ts';

export type { MergeEvent, UpdateEvent };

/** core's payload plus the failure reason when the merge did not apply. */
export interface MergeCompleteEvent extends CoreMergeComplete { error?: string }

export interface DbEvents extends Record<string, unknown> {
  update: UpdateEvent;
  merge: MergeEvent;
  'merge-complete': MergeCompleteEvent;
}

export const newDbEventBus = () => new EventBus<DbEvents>();
