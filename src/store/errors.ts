// Store-level errors. Transaction errors (conflict, discarded, read-only) live in client.
import { defraError } from '../client/index.ts';

export const ErrEmptyKey = defraError('empty-key', 'key cannot be empty');
export const ErrStoreClosed = defraError('store-closed', 'datastore closed');
