// Errors raised by the db layer, keeping DefraDB's message text (clients and the conformance
// corpus match on it). Common ones live in client/errors.ts and are re-used from there.

import { defraError } from '../client/index.ts';

export const ErrFieldNotExist = defraError('field-not-exist', 'the given field does not exist');
export const ErrUniqueIndexViolation = defraError(
  'unique-index-violation', "can not index a doc's field(s) that violates unique index");
export const ErrOneOneAlreadyLinked = defraError(
  'one-one-already-linked', 'target document is already linked to another document.');
export const ErrSecondaryRelationSet = defraError('secondary-relation', 'cannot set relation from secondary side');
export const ErrDocIDMismatch = defraError('docid-mismatch', 'the document ID does not match the document');
export const ErrIndexNotFound = defraError('index-not-found', 'the index used does not match the given name');
export const ErrIndexWithNameExists = defraError('index-name-exists', 'index with the given name already exists');
export const ErrIndexMissingFields = defraError('index-missing-fields', 'index missing fields');
export const ErrUpdaterInvalid = defraError('invalid-updater', 'the updater of a document is of invalid type');
export const ErrCannotUpsertMany = defraError('upsert-many', 'cannot upsert multiple matching documents');
export const ErrNoBackupFS = defraError('no-backup-fs', 'no file system configured for backup');
export const ErrOpenFile = defraError('open-file', 'failed to open file');
export const ErrBlockNotFound = defraError('block-not-found', 'block not found');
