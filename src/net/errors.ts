// Net errors with stable codes, keeping DefraDB's message text where clients match on it.

import { defraError } from '../client/index.ts';

export const ErrMalformedDocID = defraError('malformed-docid', 'malformed document ID, missing either version or cid');
export const ErrSelfTargetForReplicator = defraError('self-replicator', 'can\'t target ourselves as a replicator');
export const ErrInvalidPeerID = defraError('invalid-peer-id', 'invalid peer ID');
export const ErrTimeoutDocSync = defraError('doc-sync-timeout', 'timeout while syncing doc');
export const ErrReplicatorNotFound = defraError('replicator-not-found', 'replicator not found');

/** Go `client.NewDocIDFromString`: `<version>-<cid/uuid>`; only the shape is checked here. */
export function validateDocID(docID: string): void {
  const i = docID.indexOf('-');
  if (i <= 0 || i === docID.length - 1) throw ErrMalformedDocID();
}
