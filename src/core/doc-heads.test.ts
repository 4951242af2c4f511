import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestMemoryKV } from './test-memory-kv.ts';
import { blockCid, cidText } from './cid.ts';
import { collectionHeadPrefix, docHeadPrefix, docHeadsPrefix, DocHeadPrefix, fromAscii, HEADS_PREFIX, buildKey } from './keys.ts';
import { decodeDocHeads, docHeadTarget, docHeadsKey, encodeDocHeads, holdAbsentDocHeads, type DocHeads } from './doc-heads.ts';
import { deleteHead, isHead, listHeads, writeHead } from './heads.ts';
import { commitStarts, headsUnder } from './history.ts';
import { withWriteBatch } from './write-batch.ts';

const docA = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
const docB = 'bae-f9fb0fa4-1195-589c-aa54-e68333fb90b3';
const cids = Array.from({ length: 6 }, (_, i) => blockCid(Uint8Array.of(i, 7, 1)));
const byText = [...cids].sort((a, b) => (cidText(a) < cidText(b) ? -1 : 1));

test('doc heads: one key per document, sets by field ID string and heads by CID text', () => {
  const kv = new TestMemoryKV();
  for (const fid of ['C', '2', '10', '1']) for (const c of [cids[3], cids[0], cids[5]]) writeHead(kv, docHeadPrefix(docA, fid), c, 4);
  writeHead(kv, collectionHeadPrefix(1), cids[1], 2);
  writeHead(kv, docHeadPrefix(docB, 'C'), cids[2], 1);
  const keys = [...kv.iterate({ prefix: buildKey(HEADS_PREFIX, '/'), keysOnly: true })].map((e) => fromAscii(e.key));
  assert.deepEqual(keys, [`/db/heads/c/1/${cids[1]}`, `/db/heads/d/${docA}`, `/db/heads/d/${docB}`]);
  const sets = decodeDocHeads(kv.get(docHeadsKey(docA))!);
  assert.deepEqual([...sets.keys()], ['1', '10', '2', 'C']); // as the per-head keys `<fid>/<cid>` sorted
  const three = [cids[0], cids[3], cids[5]].sort((a, b) => (cidText(a) < cidText(b) ? -1 : 1)).map(String);
  assert.deepEqual(sets.get('2')!.map((e) => e.cid.toString()), three);
  assert.deepEqual(listHeads(kv, docHeadPrefix(docA, '10')).heads.map((e) => e.cid.toString()), three);
  assert.deepEqual(commitStarts(kv, { docID: docA }).map(String), [...three, ...three, ...three, ...three]);
  assert.deepEqual(commitStarts(kv).map(String), [String(cids[1]), ...Array(4).fill(three).flat(), String(cids[2])]);
  assert.deepEqual(headsUnder(kv, docHeadPrefix(docB, 'C')).map(String), [String(cids[2])]);
  assert.ok(byText.length === 6);
});

test('doc heads: delete, re-height, encode round trip, prefix targets', () => {
  const kv = new TestMemoryKV();
  const p = docHeadPrefix(docA, 3);
  writeHead(kv, p, cids[0], 1);
  writeHead(kv, p, cids[0], 9);
  assert.equal(listHeads(kv, p).maxHeight, 9);
  assert.ok(isHead(kv, p, cids[0]));
  assert.ok(!isHead(kv, docHeadPrefix(docA, 'C'), cids[0]));
  deleteHead(kv, p, cids[0]);
  assert.equal(kv.get(docHeadsKey(docA)), undefined); // last head gone: key removed
  const sets: DocHeads = new Map([['C', [{ cid: cids[4], height: 300 }]], ['1', [{ cid: cids[1], height: 1 }]]]);
  const back = decodeDocHeads(encodeDocHeads(sets));
  assert.deepEqual([...back.keys()], ['1', 'C']);
  assert.equal(back.get('C')![0].height, 300);
  assert.ok(back.get('C')![0].cid.equals(cids[4]));
  assert.deepEqual(docHeadTarget(docHeadPrefix(docA, 12)), { docID: docA, fid: '12' });
  assert.deepEqual(docHeadTarget(docHeadsPrefix(docA)), { docID: docA, fid: undefined });
  assert.equal(docHeadTarget(collectionHeadPrefix(1)), undefined);
  assert.equal(docHeadTarget(buildKey(HEADS_PREFIX, '/')), undefined);
});

test('doc heads in a write batch: held in memory, written once at the end, dropped on throw', () => {
  const kv = new TestMemoryKV();
  withWriteBatch(kv, () => {
    writeHead(kv, docHeadPrefix(docA, 1), cids[0], 1);
    writeHead(kv, docHeadPrefix(docA, 'C'), cids[1], 1);
    assert.equal(kv.get(docHeadsKey(docA)), undefined); // held back
    assert.deepEqual(commitStarts(kv, { docID: docA }).map(String), [String(cids[0]), String(cids[1])]);
  });
  assert.equal(decodeDocHeads(kv.get(docHeadsKey(docA))!).size, 2);
  assert.throws(() => withWriteBatch(kv, () => {
    deleteHead(kv, docHeadPrefix(docA, 1), cids[0]);
    throw new Error('boom');
  }), /boom/);
  assert.ok(isHead(kv, docHeadPrefix(docA, 1), cids[0]));
  // a batch that only reads writes nothing
  const before = kv.get(docHeadsKey(docA));
  withWriteBatch(kv, () => { listHeads(kv, docHeadPrefix(docA, 1)); });
  assert.equal(kv.get(docHeadsKey(docA)), before);
});

test('a doc head prefix names its set without parsing; copies of it are parsed to the same', () => {
  const id = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
  for (const p of [docHeadPrefix(id, 12), docHeadPrefix(id, 'C'), docHeadsPrefix(id)]) {
    const copy = p.slice();
    assert.equal(copy instanceof DocHeadPrefix, false);
    assert.deepEqual(docHeadTarget(copy), docHeadTarget(p));
  }
  assert.deepEqual(docHeadTarget(docHeadPrefix(id, 12)), { docID: id, fid: '12' });
});

test('holdAbsentDocHeads: a new document\'s heads are written without being read', () => {
  const kv = new TestMemoryKV();
  withWriteBatch(kv, () => {
    holdAbsentDocHeads(kv, docA);
    writeHead(kv, docHeadPrefix(docA, '1'), cids[0], 1);
    holdAbsentDocHeads(kv, docA); // must not drop the pending head
    writeHead(kv, docHeadPrefix(docA, 'C'), cids[1], 1);
  });
  assert.equal(kv.gets, 0);
  assert.deepEqual([...decodeDocHeads(kv.get(docHeadsKey(docA))!).keys()].sort(), ['1', 'C']);
});

test('decodeDocHeads: truncated bytes are reported as corrupt heads', () => {
  const sets: DocHeads = new Map([['1', [{ cid: cids[0], height: 300 }]]]);
  const bytes = encodeDocHeads(sets);
  assert.equal(decodeDocHeads(bytes).get('1')![0].height, 300);
  assert.throws(() => decodeDocHeads(bytes.subarray(0, bytes.length - 1)), /corrupt document heads/);
});
