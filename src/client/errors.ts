// Error classes with a stable `code`. Messages keep DefraDB's text where clients match on it.
// DefraDB renders key/value details as `message. Key: value, Key2: value2`.

export class DefraError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    const kv = Object.entries(details).map(([k, v]) => `${k}: ${formatDetail(v)}`).join(', ');
    super(kv ? `${message}. ${kv}` : message);
    this.name = 'DefraError';
    this.code = code;
    this.details = details;
  }
}

function formatDetail(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(formatDetail).join(' ')}]`;
  return String(v);
}

/** Helper for a family of errors sharing one message. */
export const defraError = (code: string, message: string) =>
  (details: Record<string, unknown> = {}) => new DefraError(code, message, details);

export const ErrCollectionNotFound = defraError('collection-not-found', 'collection not found');
export const ErrDocumentNotFound = defraError('document-not-found', 'document not found or not authorized to access');
export const ErrDocumentAlreadyExists = defraError('document-exists', 'a document with the given ID already exists');
export const ErrDocumentDeleted = defraError('document-deleted', 'a document with the given ID has been deleted');
export const ErrInvalidDocID = defraError('invalid-docid', 'invalid document ID');
export const ErrTxnConflict = defraError('txn-conflict', 'transaction conflict. Please retry');
export const ErrTxnDiscarded = defraError('txn-discarded', 'transaction discarded');
export const ErrReadOnlyTxn = defraError('txn-read-only', 'transaction is read only');
export const ErrInvalidTxnID = defraError('invalid-txn-id', 'invalid transaction id');
export const ErrP2PDisabled = defraError('p2p-disabled', 'p2p network is disabled');
