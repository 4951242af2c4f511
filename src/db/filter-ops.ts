// updateWithFilter / deleteWithFilter: the matching docIDs come from the query engine (the same
// filter semantics as DQL), then each document is changed through doc-ops.

import type { CollectionDefinition, DocFields, FilterResult } from '../client/index.ts';
import { DefraError } from '../client/index.ts';
import type { TxnContext } from './context.ts';
import { deleteDoc, updateDoc } from './doc-ops.ts';
import { ErrUpdaterInvalid } from './errors.ts';
import { runRequest } from './exec-request.ts';

export const ErrInvalidFilter = (msg: string) => new DefraError('invalid-filter', msg);

/** DocIDs of the active documents matching a DQL filter value. */
export async function matchingDocIDs(ctx: TxnContext, def: CollectionDefinition, filter: unknown): Promise<string[]> {
  const name = def.version.Name;
  const query = `query($f: ${name}FilterArg) { ${name}(filter: $f) { _docID } }`;
  const r = await runRequest(ctx, query, { variables: { f: filter ?? null } });
  if (r.errors?.length) throw ErrInvalidFilter(r.errors[0].message);
  const rows = ((r.data as Record<string, { _docID: string }[]>)[name]) ?? [];
  return rows.map((x) => x._docID);
}

function parseUpdater(updater: string): DocFields {
  let v: unknown;
  try { v = JSON.parse(updater); } catch (e) { throw new DefraError('invalid-json', `cannot parse JSON: ${(e as Error).message}`); }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw ErrUpdaterInvalid();
  return v as DocFields;
}

export async function updateWithFilter(ctx: TxnContext, def: CollectionDefinition, filter: unknown, updater: string): Promise<FilterResult> {
  const fields = parseUpdater(updater);
  const ids = await matchingDocIDs(ctx, def, filter);
  for (const id of ids) updateDoc(ctx, def, id, fields);
  return { Count: ids.length, DocIDs: ids };
}

export async function deleteWithFilter(ctx: TxnContext, def: CollectionDefinition, filter: unknown): Promise<FilterResult> {
  const ids = await matchingDocIDs(ctx, def, filter);
  for (const id of ids) deleteDoc(ctx, def, id);
  return { Count: ids.length, DocIDs: ids };
}
