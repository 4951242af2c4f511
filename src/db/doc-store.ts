// Where db meets core's storage: document state (records), reading materialised values, and
// writing one change through the Merkle clock (field blocks → composite with links → branchable
// collection block), queueing the `update` event for after commit.

import type { CollectionDefinition, DocFields, ScalarKind, SchemaFieldDescription } from '../client/index.ts';
import { CType, isRelationKind } from '../client/index.ts';
import {
  CollectionCrdt, CompositeCrdt, Counter, FieldTable, LwwRegister,
  addDelta, docStatus, holdAbsentDocHeads, holdAbsentRecord, withWriteBatch, encodeFieldValue, fetchDoc, recordDocID, recordPrefix, scanDocs as fetchScan,
} from '../core/index.ts';
import type { DagLink, DocStatus, FetchField, FetchOptions, FetchedDoc, MerkleCrdt } from '../core/index.ts';
import type { ScanPrefilter } from '../query/index.ts';
import type { KVReader } from '../store/index.ts';
import type { TxnContext } from './context.ts';
import type { FieldWrite } from './doc-build.ts';
import { collectionShortId, fieldShortIds } from './schema-ops.ts';

/** A materialised document (the query engine's SourceDoc shape). */
export interface StoredDoc {
  readonly docID: string;
  readonly deleted: boolean;
  readonly fields: DocFields;
}

/** How to read one collection's documents: its short ID and core's field table. */
export interface DocLayout {
  readonly col: number;
  readonly table: FieldTable;
}

const layouts = new WeakMap<object, DocLayout>();

export function docLayout(ctx: TxnContext, def: CollectionDefinition): DocLayout {
  const ids = fieldShortIds(ctx, def);
  let l = layouts.get(ids);
  if (l) return l;
  const fields: FetchField[] = [];
  for (const f of def.schema.Fields) {
    const id = ids.get(f.Name);
    if (id !== undefined && !isRelationKind(f.Kind)) fields.push({ id, name: f.Name, kind: f.Kind as ScalarKind });
  }
  l = { col: collectionShortId(ctx, def), table: new FieldTable(fields) };
  layouts.set(ids, l);
  return l;
}

export function docState(ctx: TxnContext, def: CollectionDefinition, docID: string): 'active' | 'deleted' | undefined {
  return docStatus(ctx.kv, collectionShortId(ctx, def), docID);
}

const toStored = (d: FetchedDoc): StoredDoc => ({ docID: d.docID, deleted: d.deleted, fields: d.fields });

/** Reads a document's values from any KV (the live one, or a time-travel replay). */
export function readDocFrom(kv: KVReader, layout: DocLayout, docID: string, showDeleted: boolean): StoredDoc | undefined {
  const d = fetchDoc(kv, layout.col, docID, layout.table, { showDeleted });
  return d && toStored(d);
}

export function readDoc(ctx: TxnContext, def: CollectionDefinition, docID: string, showDeleted: boolean): StoredDoc | undefined {
  return readDocFrom(ctx.kv, docLayout(ctx, def), docID, showDeleted);
}

function* docIDsAt(ctx: TxnContext, col: number, deleted: boolean): Generator<string> {
  const prefix = recordPrefix(col, deleted);
  for (const { key } of ctx.kv.iterate({ prefix, keysOnly: true })) yield recordDocID(key, prefix.length);
}

/** DocIDs in ascending order (the record keys), deleted ones interleaved only when asked. */
export function* listDocIDs(ctx: TxnContext, def: CollectionDefinition, showDeleted: boolean): Generator<string> {
  const col = collectionShortId(ctx, def);
  if (!showDeleted) { yield* docIDsAt(ctx, col, false); return; }
  yield* mergeAscending(docIDsAt(ctx, col, false), docIDsAt(ctx, col, true), (id) => id);
}

/** Active documents, counted on their record keys without reading any value. */
export function countActiveDocs(ctx: TxnContext, def: CollectionDefinition): number {
  let n = 0;
  for (const _ of ctx.kv.iterate({ prefix: recordPrefix(collectionShortId(ctx, def), false), keysOnly: true })) n++;
  return n;
}

/** Two ascending streams as one (docIDs never repeat across them). */
function* mergeAscending<T>(a: Iterator<T>, b: Iterator<T>, id: (x: T) => string): Generator<T> {
  let x = a.next(), y = b.next();
  while (!x.done || !y.done) {
    if (y.done || (!x.done && id(x.value) < id(y.value))) { yield x.value; x = a.next(); }
    else { yield y.value; y = b.next(); }
  }
}

/** Every document in ascending docID order (active and, when shown, deleted ones interleaved). */
export function* scanDocs(ctx: TxnContext, def: CollectionDefinition, showDeleted: boolean, prefilter?: ScanPrefilter): Generator<StoredDoc> {
  const layout = docLayout(ctx, def);
  const opts: FetchOptions = prefilter ? { prefilter: { fieldIds: fieldIdsOf(ctx, def, prefilter.fields), usesDocID: prefilter.usesDocID, test: prefilter.test } } : {};
  if (!showDeleted) {
    for (const d of fetchScan(ctx.kv, layout.col, layout.table, opts)) yield toStored(d);
    return;
  }
  const a = fetchScan(ctx.kv, layout.col, layout.table, opts);
  const b = fetchScan(ctx.kv, layout.col, layout.table, { ...opts, deletedOnly: true });
  for (const d of mergeAscending(a, b, (x) => x.docID)) yield toStored(d);
}

function fieldIdsOf(ctx: TxnContext, def: CollectionDefinition, names: readonly string[]): Set<number> {
  const ids = fieldShortIds(ctx, def);
  const out = new Set<number>();
  for (const n of names) { const id = ids.get(n); if (id !== undefined) out.add(id); }
  return out;
}

/** A random int63 counter nonce from the injected randomness. */
function nonceFrom(ctx: TxnContext): bigint {
  const b = ctx.env.random(8);
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n % (2n ** 63n - 1n);
}

/** The field CRDT of a stored field (it merges into the document's record wherever that is). */
export function fieldCrdt(layout: { col: number }, docID: string, f: SchemaFieldDescription, fieldId: number, schemaVersionID: string): LwwRegister | Counter {
  const target = { colShortId: layout.col, docID, fieldId, fieldName: f.Name, schemaVersionID };
  if (f.Typ === CType.PNCounter || f.Typ === CType.PCounter) {
    return new Counter({ ...target, kind: f.Kind as ScalarKind, allowDecrement: f.Typ === CType.PNCounter });
  }
  return new LwwRegister(target);
}

/**
 * Writes one change: a block per written field, the composite linking them (status 2 = delete),
 * and for branchable collections a collection block linking the composite.
 */
export function writeChange(ctx: TxnContext, def: CollectionDefinition, docID: string, writes: readonly FieldWrite[], status: DocStatus, isCreate: boolean): void {
  // the record is decoded once and written once, however many field merges touch it
  withWriteBatch(ctx.kv, () => {
    const layout = docLayout(ctx, def);
    const ids = fieldShortIds(ctx, def);
    const sv = def.schema.VersionID;
    const links: DagLink[] = [];
    // A document without a record has no heads: every merge that writes a head writes the record
    // in the same transaction, and callers pass isCreate only after docStatus found no record.
    const noHeads = isCreate;
    if (isCreate) { holdAbsentRecord(ctx.kv, layout.col, docID); holdAbsentDocHeads(ctx.kv, docID); }
    for (const w of writes) {
      const fieldId = ids.get(w.field.Name);
      if (fieldId === undefined) continue;
      const data = encodeFieldValue(w.kind, w.value);
      const crdt = fieldCrdt(layout, docID, w.field, fieldId, sv);
      let delta;
      if (crdt instanceof Counter) {
        if (w.value === null) continue;
        crdt.validateIncrement(w.value as number | bigint);
        delta = crdt.delta(data, isCreate ? 0 : nonceFrom(ctx));
      } else {
        delta = crdt.delta(data);
      }
      links.push({ name: w.field.Name, cid: addDelta(ctx.kv, crdt as MerkleCrdt, delta, { noHeads }).cid });
    }
    const composite = new CompositeCrdt({ colShortId: layout.col, docID, schemaVersionID: sv });
    const head = addDelta(ctx.kv, composite, composite.delta(status), { links, noHeads });
    ctx.emitAfterCommit('update', { docID, cid: head.cid, collectionID: def.version.CollectionID, block: head.bytes, isCreate });
    if (def.version.IsBranchable) {
      const coll = new CollectionCrdt({ colShortId: layout.col, schemaVersionID: sv });
      const block = addDelta(ctx.kv, coll, coll.delta(), { links: [{ name: '', cid: head.cid }] });
      // the collection's own head goes to peers too (DocID ""), on the collection topic
      ctx.emitAfterCommit('update', { docID: '', cid: block.cid, collectionID: def.version.CollectionID, block: block.bytes, isCreate: false });
    }
  });
}
