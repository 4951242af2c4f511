import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldKind } from '../../client/index.ts';
import { TestMemoryKV } from '../test-memory-kv.ts';
import { LwwRegister } from './lww.ts';
import { Counter } from './counter.ts';
import { CompositeCrdt } from './composite.ts';
import { docStatus, loadRecord } from '../doc-record.ts';
import { addDelta, processBlock } from '../merkle-clock.ts';
import { encodeFieldValue, decodeFieldValue } from '../field-values.ts';
import { listHeads } from '../heads.ts';
import { DocStatus, newBlock, encodeBlockWithCid } from '../block.ts';
import { putBlockBytes } from '../block-store.ts';
import { FieldTable, fetchDoc } from '../doc-fetcher.ts';
import { toHex } from '../../util/index.ts';

const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
const base = { colShortId: 1, docID, schemaVersionID: 's' };
/** The stored CBOR of a field (undefined when null or never set), from the document's record. */
const fieldData = (kv: TestMemoryKV, fieldId: number): Uint8Array | undefined => {
  const d = loadRecord(kv, 1, docID).record.fields.get(fieldId)?.data;
  return d && d.length > 0 ? d : undefined;
};

test('LWW: higher priority wins, ties go to greater bytes, null deletes', () => {
  const kv = new TestMemoryKV();
  const r = new LwwRegister({ ...base, fieldId: 2, fieldName: 'name' });
  r.merge(kv, { ...r.delta(encodeFieldValue(FieldKind.String, 'b')), priority: 2 });
  r.merge(kv, { ...r.delta(encodeFieldValue(FieldKind.String, 'z')), priority: 1 });
  assert.equal(decodeFieldValue(FieldKind.String, fieldData(kv, 2)!), 'b');
  r.merge(kv, { ...r.delta(encodeFieldValue(FieldKind.String, 'a')), priority: 2 });
  assert.equal(decodeFieldValue(FieldKind.String, fieldData(kv, 2)!), 'b');
  r.merge(kv, { ...r.delta(encodeFieldValue(FieldKind.String, 'c')), priority: 2 });
  assert.equal(decodeFieldValue(FieldKind.String, fieldData(kv, 2)!), 'c');
  r.merge(kv, { ...r.delta(encodeFieldValue(FieldKind.String, null)), priority: 3 });
  assert.equal(fieldData(kv, 2), undefined);
});

test('LWW: a null-vs-value tie resolves the same in either arrival order (null is f6)', () => {
  const nul = encodeFieldValue(FieldKind.String, null);
  const val = encodeFieldValue(FieldKind.String, 'x');
  const results = [[nul, val], [val, nul]].map(([a, b]) => {
    const kv = new TestMemoryKV();
    const r = new LwwRegister({ ...base, fieldId: 2, fieldName: 'name' });
    r.merge(kv, { ...r.delta(a!), priority: 2 });
    r.merge(kv, { ...r.delta(b!), priority: 2 });
    return fieldData(kv, 2);
  });
  // 0xf6 > 0x61 ('x' as a text string): null wins both ways.
  assert.equal(results[0], undefined);
  assert.equal(results[1], undefined);
});

test('counters add increments, store default-encoded totals, P rejects negatives', () => {
  const kv = new TestMemoryKV();
  const pn = new Counter({ ...base, fieldId: 3, fieldName: 'points', kind: FieldKind.Int, allowDecrement: true });
  for (const inc of [10, -5, 20]) addDelta(kv, pn, pn.delta(encodeFieldValue(FieldKind.Int, inc), 0));
  assert.equal(decodeFieldValue(FieldKind.Int, fieldData(kv, 3)!), 25);
  const f = new Counter({ ...base, fieldId: 4, fieldName: 'f', kind: FieldKind.Float64, allowDecrement: true });
  addDelta(kv, f, f.delta(encodeFieldValue(FieldKind.Float64, 10), 0));
  addDelta(kv, f, f.delta(encodeFieldValue(FieldKind.Float64, 0.5), 1n));
  assert.equal(toHex(fieldData(kv, 4)!), 'fb4025000000000000');
  const p = new Counter({ ...base, fieldId: 5, fieldName: 'p', kind: FieldKind.Int, allowDecrement: false });
  assert.throws(() => p.validateIncrement(-1), { message: 'value cannot be negative' });
  assert.throws(() => addDelta(kv, p, p.delta(encodeFieldValue(FieldKind.Int, -1), 0)), /value cannot be negative/);
  assert.throws(() => new Counter({ ...base, fieldId: 6, fieldName: 's', kind: FieldKind.String, allowDecrement: true }));
});

test('composite: pk marker, delete moves values, remote update never undeletes', () => {
  const kv = new TestMemoryKV();
  const name = new LwwRegister({ ...base, fieldId: 3, fieldName: 'name' });
  const comp = new CompositeCrdt(base);
  const f = addDelta(kv, name, name.delta(encodeFieldValue(FieldKind.String, 'John')));
  addDelta(kv, comp, comp.delta(), { links: [{ name: 'name', cid: f.cid }] });
  assert.equal(docStatus(kv, 1, docID), 'active');
  const table = new FieldTable([{ id: 3, name: 'name', kind: FieldKind.String }]);
  assert.deepEqual(fetchDoc(kv, 1, docID, table), { docID, schemaVersionID: 's', fields: { name: 'John' }, deleted: false });
  const del = addDelta(kv, comp, comp.delta(DocStatus.Deleted));
  assert.equal(del.height, 2);
  assert.equal(docStatus(kv, 1, docID), 'deleted');
  assert.equal(fetchDoc(kv, 1, docID, table), undefined);
  assert.deepEqual(fetchDoc(kv, 1, docID, table, { showDeleted: true })?.fields, { name: 'John' });
  comp.merge(kv, { ...comp.delta(), priority: 3, schemaVersionID: 's2' });
  assert.equal(docStatus(kv, 1, docID), 'deleted');
  assert.equal(fetchDoc(kv, 1, docID, table, { showDeleted: true })?.schemaVersionID, 's2');
});

test('concurrent branches produce two heads; the next commit links both at max+1', () => {
  const kv = new TestMemoryKV();
  const r = new LwwRegister({ ...base, fieldId: 2, fieldName: 'age' });
  const g = addDelta(kv, r, r.delta(encodeFieldValue(FieldKind.Int, 1)));
  addDelta(kv, r, r.delta(encodeFieldValue(FieldKind.Int, 2)));
  // a remote block extending the genesis block (a sibling of our height-2 block)
  const remote = newBlock({ ...r.delta(encodeFieldValue(FieldKind.Int, 3)), priority: 2 }, [], [g.cid]);
  const { bytes, cid } = encodeBlockWithCid(remote);
  putBlockBytes(kv, cid, bytes);
  processBlock(kv, r, cid, remote);
  const { heads, maxHeight } = listHeads(kv, r.headPrefix);
  assert.equal(heads.length, 2);
  assert.equal(maxHeight, 2);
  assert.equal(decodeFieldValue(FieldKind.Int, fieldData(kv, 2)!), 3); // tie: greater bytes
  const next = addDelta(kv, r, r.delta(encodeFieldValue(FieldKind.Int, 4)));
  assert.equal(next.height, 3);
  assert.equal(next.block.heads.length, 2);
  assert.equal(listHeads(kv, r.headPrefix).heads.length, 1);
});
