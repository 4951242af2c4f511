// Collection document operations inside one transaction (DefraDB's collection_create/update/
// delete.go): validate first, then write through the Merkle clock, maintain secondary indexes,
// and queue the `update` events for after commit.

import type { CollectionDefinition, CreateOptions, DocFields } from '../client/index.ts';
import { ErrDocumentAlreadyExists, ErrDocumentDeleted, ErrDocumentNotFound } from '../client/index.ts';
import { DocStatus, generateDocId, parseDocId } from '../core/index.ts';
import type { TxnContext } from './context.ts';
import { DOC_ID, buildCreateWrites, buildWrites } from './doc-build.ts';
import type { FieldWrite } from './doc-build.ts';
import { ErrDocIDMismatch } from './errors.ts';
import { docState, listDocIDs, readDoc, writeChange } from './doc-store.ts';
import type { StoredDoc } from './doc-store.ts';
import { indexDocChange } from './index-maintenance.ts';
import { checkOneToOneLinks } from './relations.ts';
import { currentDefinition } from './schema-ops.ts';

const hasIndexes = (def: CollectionDefinition): boolean => (def.version.Indexes?.length ?? 0) > 0;

const docFields = (writes: readonly FieldWrite[]) =>
  writes.map((w) => ({ name: w.field.Name, kind: w.kind, value: w.value }));

/** Creates documents; every input is validated before anything is written. */
export function createDocs(ctx: TxnContext, snapshot: CollectionDefinition, inputs: DocFields[], _opts: CreateOptions = {}): string[] {
  const def = currentDefinition(ctx, snapshot);
  const prepared = inputs.map((input) => {
    const writes = buildCreateWrites(def, input);
    const docID = generateDocId(docFields(writes), def.schema.Root);
    const given = input[DOC_ID];
    if (given !== undefined && given !== null && parseDocId(String(given)) !== docID) {
      throw ErrDocIDMismatch({ Expected: docID, Actual: String(given) });
    }
    return { docID, writes };
  });
  const seen = new Set<string>();
  for (const { docID } of prepared) {
    if (seen.has(docID)) throw ErrDocumentAlreadyExists({ DocID: docID });
    seen.add(docID);
    const state = docState(ctx, def, docID);
    if (state === 'deleted') throw ErrDocumentDeleted({ DocID: docID });
    if (state === 'active') throw ErrDocumentAlreadyExists({ DocID: docID });
  }
  for (const { docID, writes } of prepared) {
    checkOneToOneLinks(ctx, def, docID, writes);
    writeChange(ctx, def, docID, writes, DocStatus.Active, true);
    if (hasIndexes(def)) indexDocChange(ctx, def, docID, undefined, readDoc(ctx, def, docID, false));
  }
  return prepared.map((p) => p.docID);
}

function requireActive(ctx: TxnContext, def: CollectionDefinition, docID: string): StoredDoc {
  const id = parseDocId(docID);
  const state = docState(ctx, def, id);
  if (state === 'deleted') throw ErrDocumentDeleted({ DocID: id });
  const doc = state === 'active' ? readDoc(ctx, def, id, false) : undefined;
  if (!doc) throw ErrDocumentNotFound();
  return doc;
}

/** Sets the given fields (null clears); counter fields add the given increment. */
export function updateDoc(ctx: TxnContext, snapshot: CollectionDefinition, docID: string, fields: DocFields): void {
  const def = currentDefinition(ctx, snapshot);
  const before = requireActive(ctx, def, docID);
  const writes = buildWrites(def, fields);
  applyUpdate(ctx, def, before, writes);
}

function applyUpdate(ctx: TxnContext, def: CollectionDefinition, before: StoredDoc, writes: FieldWrite[]): void {
  checkOneToOneLinks(ctx, def, before.docID, writes);
  writeChange(ctx, def, before.docID, writes, DocStatus.Active, false);
  if (hasIndexes(def)) indexDocChange(ctx, def, before.docID, before, readDoc(ctx, def, before.docID, false));
}

/** Upsert by the document's own ID (given `_docID` or the one its fields hash to). */
export function saveDoc(ctx: TxnContext, snapshot: CollectionDefinition, input: DocFields): string {
  const def = currentDefinition(ctx, snapshot);
  const given = input[DOC_ID];
  const docID = given !== undefined && given !== null
    ? parseDocId(String(given))
    : generateDocId(docFields(buildCreateWrites(def, input)), def.schema.Root);
  const state = docState(ctx, def, docID);
  if (state === 'deleted') throw ErrDocumentDeleted({ DocID: docID });
  if (state === undefined) return createDocs(ctx, def, [input])[0];
  applyUpdate(ctx, def, readDoc(ctx, def, docID, false)!, buildWrites(def, input));
  return docID;
}

/** Marks the document deleted (composite status 2); false when it was not active. */
export function deleteDoc(ctx: TxnContext, snapshot: CollectionDefinition, docID: string): boolean {
  const def = currentDefinition(ctx, snapshot);
  const id = parseDocId(docID);
  if (docState(ctx, def, id) !== 'active') throw ErrDocumentNotFound();
  const before = readDoc(ctx, def, id, false);
  writeChange(ctx, def, id, [], DocStatus.Deleted, false);
  indexDocChange(ctx, def, id, before, undefined);
  return true;
}

export function docExists(ctx: TxnContext, snapshot: CollectionDefinition, docID: string): boolean {
  return docState(ctx, snapshot, parseDocId(docID)) === 'active';
}

/** The document's fields plus `_docID` (and `_deleted` when shown deleted). */
export function getDoc(ctx: TxnContext, snapshot: CollectionDefinition, docID: string, showDeleted: boolean): DocFields {
  const doc = readDoc(ctx, snapshot, parseDocId(docID), showDeleted);
  if (!doc) throw ErrDocumentNotFound();
  return { [DOC_ID]: doc.docID, ...doc.fields };
}

/** Active docIDs in ascending order, lazily (getAllDocIDs streams these). */
export const docIDsOf = (ctx: TxnContext, snapshot: CollectionDefinition): Iterable<string> => listDocIDs(ctx, snapshot, false);
