// Turning an error response back into a DefraError with the server's message, and the common
// DefraDB errors back into their codes so callers can branch on `code` as with the embedded DB.

import {
  DefraError, ErrCollectionNotFound, ErrDocumentAlreadyExists, ErrDocumentDeleted, ErrDocumentNotFound,
  ErrInvalidDocID, ErrInvalidTxnID, ErrP2PDisabled, ErrReadOnlyTxn, ErrTxnConflict, ErrTxnDiscarded,
} from '../../client/index.ts';
import { parseJSON } from '../json.ts';

const KNOWN = [
  ErrCollectionNotFound, ErrDocumentNotFound, ErrDocumentAlreadyExists, ErrDocumentDeleted, ErrInvalidDocID,
  ErrTxnConflict, ErrTxnDiscarded, ErrReadOnlyTxn, ErrInvalidTxnID, ErrP2PDisabled,
].map((make) => make());

/** An error answered by the server; `status` is the HTTP status. */
export class HttpResponseError extends DefraError {
  readonly status: number;
  constructor(code: string, message: string, status: number) {
    super(code, message);
    this.name = 'HttpResponseError';
    this.status = status;
  }
}

function codeOf(message: string): string {
  const k = KNOWN.find((e) => message === e.message || message.startsWith(e.message + '. '));
  return k ? k.code : 'http-error';
}

export function reviveError(status: number, body: string): HttpResponseError {
  let message: string | undefined;
  try {
    const v = parseJSON(body) as { error?: unknown } | string;
    if (v && typeof v === 'object' && typeof v.error === 'string') message = v.error;
  } catch { /* not JSON */ }
  if (message === undefined) {
    const text = body.trim();
    return new HttpResponseError('http-error', `${status}: ${text}`, status);
  }
  return new HttpResponseError(codeOf(message), message, status);
}
