import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../util/index.ts';
import { TestMemoryKV } from './test-memory-kv.ts';
import {
  RecordReader, decodeRecord, docStatus, encodeRecord, holdAbsentRecord, loadRecord, recordDocID, recordKey, recordPrefix, saveRecord, type DocRecord,
} from './doc-record.ts';
import { withWriteBatch } from './write-batch.ts';

const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';

test('record keys: /db/data/<C uvarint>/v|d/<docID>', () => {
  const ascii = toHex(new TextEncoder().encode(docID));
  assert.equal(toHex(recordKey(1, docID, false)), '2f64622f646174612f892f762f' + ascii);
  assert.equal(toHex(recordKey(1, docID, true)), '2f64622f646174612f892f642f' + ascii);
  const p = recordPrefix(300, false);
  assert.equal(recordDocID(recordKey(300, docID, false), p.length), docID);
});

test('record encoding round-trips; fields in ascending ID order; empty data = null', () => {
  const r: DocRecord = {
    version: 'bafkreia',
    fields: new Map([[300, { priority: 200, data: Uint8Array.of(1, 2) }], [2, { priority: 1, data: new Uint8Array(0) }]]),
  };
  const bytes = encodeRecord(r);
  // 08 'bafkreia' | 02 01 00 | ac02 c801 02 0102
  assert.equal(toHex(bytes), '08' + toHex(new TextEncoder().encode('bafkreia')) + '020100' + 'ac02c801020102');
  const back = decodeRecord(bytes);
  assert.equal(back.version, 'bafkreia');
  assert.deepEqual([...back.fields.entries()].map(([id, s]) => [id, s.priority, [...s.data]]), [[2, 1, []], [300, 200, [1, 2]]]);
  const rd = new RecordReader(bytes);
  const ids: number[] = [];
  while (rd.next()) ids.push(rd.fieldId);
  assert.deepEqual(ids, [2, 300]);
  assert.throws(() => { const t = new RecordReader(bytes.subarray(0, bytes.length - 3)); while (t.next()) t.data(); }, /corrupt document record/);
});

test('save moves a record between active and deleted; status follows', () => {
  const kv = new TestMemoryKV();
  assert.equal(docStatus(kv, 1, docID), undefined);
  const first = loadRecord(kv, 1, docID);
  assert.equal(first.status, undefined);
  first.record.version = 'v1';
  saveRecord(kv, 1, docID, first.record, 'active', first.status);
  assert.equal(docStatus(kv, 1, docID), 'active');
  const again = loadRecord(kv, 1, docID);
  saveRecord(kv, 1, docID, again.record, 'deleted', again.status);
  assert.equal(docStatus(kv, 1, docID), 'deleted');
  assert.equal(kv.get(recordKey(1, docID, false)), undefined);
  assert.equal(loadRecord(kv, 1, docID).record.version, 'v1');
});

test('withWriteBatch: records are written once when the batch ends, not at all when it throws', () => {
  const kv = new TestMemoryKV();
  withWriteBatch(kv, () => {
    for (let p = 1; p <= 3; p++) {
      const { record, status } = loadRecord(kv, 1, docID);
      record.fields.set(p, { priority: p, data: Uint8Array.of(p) });
      saveRecord(kv, 1, docID, record, 'active', status);
    }
    assert.equal(kv.get(recordKey(1, docID, false)), undefined); // held back
    assert.equal(loadRecord(kv, 1, docID).record.fields.size, 3); // but visible to loadRecord
  });
  assert.deepEqual([...decodeRecord(kv.get(recordKey(1, docID, false))!).fields.keys()], [1, 2, 3]);
  assert.throws(() => withWriteBatch(kv, () => {
    const { record, status } = loadRecord(kv, 1, docID);
    saveRecord(kv, 1, docID, record, 'deleted', status);
    throw new Error('boom');
  }), /boom/);
  assert.equal(docStatus(kv, 1, docID), 'active');
  // a move inside a batch removes the record from where it was stored before the batch
  withWriteBatch(kv, () => {
    const a = loadRecord(kv, 1, docID);
    saveRecord(kv, 1, docID, a.record, 'deleted', a.status);
    const b = loadRecord(kv, 1, docID);
    saveRecord(kv, 1, docID, b.record, 'deleted', b.status);
  });
  assert.equal(docStatus(kv, 1, docID), 'deleted');
  assert.equal(kv.get(recordKey(1, docID, false)), undefined);
});

test('holdAbsentRecord: a new document\'s record is not read again inside the batch, and is written once', () => {
  const kv = new TestMemoryKV();
  withWriteBatch(kv, () => {
    holdAbsentRecord(kv, 1, docID);
    const { record, status } = loadRecord(kv, 1, docID);
    assert.equal(status, undefined);
    record.fields.set(1, { priority: 1, data: Uint8Array.of(7) });
    saveRecord(kv, 1, docID, record, 'active', status);
    holdAbsentRecord(kv, 1, docID); // a second hold must not drop the pending write
    assert.equal(loadRecord(kv, 1, docID).status, 'active');
  });
  assert.equal(kv.gets, 0);
  assert.equal(docStatus(kv, 1, docID), 'active');
  // outside a batch it does nothing
  holdAbsentRecord(kv, 1, docID);
  assert.equal(loadRecord(kv, 1, docID).record.fields.size, 1);
});
