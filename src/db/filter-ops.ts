// updateWithFilter / deleteWithFilter: the matching docIDs come from the query engine (the same
// filter semantics as DQL), then each document is changed through doc-ops.

import type { CollectionDefinition, DocFields, FilterResult } from '../client/index.ts';
import { DefraError } from '../client/index.ts';
import { fastjsonError } from '../util/index.ts';
import type { TxnContext } from './context.ts';
import { deleteDoc, updateDoc } from './doc-ops.ts';
import { ErrUpdaterInvalid } from './errors.ts';
import { runRequest } from './exec-request.ts';

export const ErrInvalidFilter = (msg: string) => new DefraError('invalid-filter', msg);
const ErrFilterKeyNotFound = () => new DefraError('not-found', 'key not found');

/**
 * DocIDs of the active documents matching a filter, as DefraDB's makeSelectionPlan takes it: a
 * string is a GraphQL filter literal (`{name: {_eq: "John"}}`, empty = invalid), an object is the
 * filter's conditions (a key naming neither a field nor an operator is not found); anything else
 * is an invalid filter.
 */
export async function matchingDocIDs(ctx: TxnContext, def: CollectionDefinition, filter: unknown): Promise<string[]> {
  const name = def.version.Name;
  let r;
  if (typeof filter === 'string') {
    if (filter === '') throw ErrInvalidFilter('invalid filter');
    r = await runRequest(ctx, `query { ${name}(filter: ${filter}) { _docID } }`);
  } else if (filter !== null && typeof filter === 'object' && !Array.isArray(filter)) {
    const known = new Set(['_and', '_or', '_not', '_docID', '_alias', ...(def.version.Fields ?? []).map((f) => f.Name)]);
    for (const f of def.schema.Fields) known.add(f.Name);
    if (Object.keys(filter).some((k) => !known.has(k))) throw ErrFilterKeyNotFound();
    r = await runRequest(ctx, `query($f: ${name}FilterArg) { ${name}(filter: $f) { _docID } }`, { variables: { f: filter } });
  } else {
    throw ErrInvalidFilter('invalid filter');
  }
  if (r.errors?.length) throw ErrInvalidFilter(r.errors[0].message);
  const rows = ((r.data as Record<string, { _docID: string }[]>)[name]) ?? [];
  return rows.map((x) => x._docID);
}

/** DefraDB parses the updater with fastjson: an object merges, an array (patch) changes nothing. */
function parseUpdater(updater: string): DocFields | 'patch' {
  const err = fastjsonError(updater);
  if (err !== undefined) throw new DefraError('invalid-json', err);
  let v: unknown;
  try { v = JSON.parse(updater); } catch (e) { throw new DefraError('invalid-json', `cannot parse JSON: ${(e as Error).message}`); }
  if (Array.isArray(v)) return 'patch';
  if (v === null || typeof v !== 'object') throw ErrUpdaterInvalid();
  return v as DocFields;
}

export async function updateWithFilter(ctx: TxnContext, def: CollectionDefinition, filter: unknown, updater: string): Promise<FilterResult> {
  const fields = parseUpdater(updater);
  const ids = await matchingDocIDs(ctx, def, filter);
  if (fields !== 'patch') for (const id of ids) updateDoc(ctx, def, id, fields);
  return { Count: ids.length, DocIDs: ids };
}

export async function deleteWithFilter(ctx: TxnContext, def: CollectionDefinition, filter: unknown): Promise<FilterResult> {
  const ids = await matchingDocIDs(ctx, def, filter);
  for (const id of ids) deleteDoc(ctx, def, id);
  return { Count: ids.length, DocIDs: ids };
}
