import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../store/index.ts';
import { CID, cidKey, decodeBlock, getBlockBytes, putBlockBytes } from '../core/index.ts';
const parseCid = (s: string) => CID.parse(s);

import { openDatabase } from './database.ts';
import type { Database } from './database.ts';
import type { MergeCompleteEvent, UpdateEvent } from './events.ts';
import { DbQuerySource } from './query-source.ts';

const SDL = 'type User { name: String age: Int @index }';

async function pair() {
  const mk = async () => {
    const db = openDatabase({ store: openStore({ kind: 'memory' }), random: () => new Uint8Array(8).fill(3) });
    await db.addSchema(SDL);
    const log: UpdateEvent[] = [];
    db.events.on('update', (e) => log.push(e));
    return { db, log };
  };
  return [await mk(), await mk()] as const;
}

const from = (db: Database) => ({
  async get(cid: CID) {
    const t = db.kv.newTxn(true);
    try { return getBlockBytes(t, cid); } finally { t.discard(); }
  },
});

const req = (e: UpdateEvent) => ({ docID: e.docID, cid: e.cid, collectionID: e.collectionID, by: 'peer' });

test('a merged document reads the same, emits merge-complete and is indexed', async () => {
  const [a, b] = await pair();
  const id = await (await a.db.getCollectionByName('User')).create({ name: 'John', age: 21 });
  const done: MergeCompleteEvent[] = [];
  b.db.events.on('merge-complete', (e) => done.push(e));
  await b.db.merge(req(a.log[0]), from(a.db));
  assert.equal(done.length, 1);
  assert.equal(done[0].error, undefined);
  assert.deepEqual(await (await b.db.getCollectionByName('User')).get(id), { _docID: id, name: 'John', age: 21 });
  const hits = await b.db.run((ctx) => {
    const src = new DbQuerySource(ctx);
    const index = src.definitions().find((d) => d.version.Name === 'User')!.version.Indexes![0];
    return [[21], [22]].map((values) => [...src.indexLookup('User', { index, values: [values] })]);
  });
  assert.deepEqual(hits, [[id], []]);
});

test('a document with history merged into an empty database at once reads the same and merges on', async () => {
  const [a, b] = await pair();
  const ua = await a.db.getCollectionByName('User');
  const id = await ua.create({ name: 'John', age: 21 });
  await ua.update(id, { age: 22 });
  await ua.update(id, { name: 'Jim' });
  await b.db.merge(req(a.log[2]), from(a.db)); // fetches and applies the three versions
  const ub = await b.db.getCollectionByName('User');
  assert.deepEqual(await ub.get(id), { _docID: id, name: 'Jim', age: 22 });
  await b.db.merge(req(a.log[1]), from(a.db)); // an older head is already merged: no change
  await ub.update(id, { age: 40 });
  await a.db.merge(req(b.log[0]), from(b.db));
  for (const c of [ua, ub]) assert.deepEqual(await c.get(id), { _docID: id, name: 'Jim', age: 40 });
  const hits = await b.db.run((ctx) => {
    const src = new DbQuerySource(ctx);
    const index = src.definitions().find((d) => d.version.Name === 'User')!.version.Indexes![0];
    return [[22], [40]].map((values) => [...src.indexLookup('User', { index, values: [values] })]);
  });
  assert.deepEqual(hits, [[], [id]]);
});

test('a counter with history merged into an empty database counts each increment once', async () => {
  const mk = async () => {
    const db = openDatabase({ store: openStore({ kind: 'memory' }), random: () => new Uint8Array(8).fill(3) });
    await db.addSchema('type Score { name: String points: Int @crdt(type: pcounter) }');
    const log: UpdateEvent[] = [];
    db.events.on('update', (e) => log.push(e));
    return { db, log };
  };
  const [a, b] = [await mk(), await mk()];
  const ca = await a.db.getCollectionByName('Score');
  const id = await ca.create({ name: 'x', points: 1 });
  await ca.update(id, { points: 2 });
  await ca.update(id, { points: 4 });
  await b.db.merge(req(a.log[2]), from(a.db));
  assert.deepEqual(await (await b.db.getCollectionByName('Score')).get(id), await ca.get(id));
  assert.equal((await ca.get(id)).points, 7);
});

test('a remote update never undeletes; merge order does not matter', async () => {
  const [a, b] = await pair();
  const ua = await a.db.getCollectionByName('User');
  const id = await ua.create({ name: 'John', age: 21 });
  await b.db.merge(req(a.log[0]), from(a.db));
  await (await b.db.getCollectionByName('User')).delete(id);
  await ua.update(id, { age: 30 });
  await b.db.merge(req(a.log[1]), from(a.db));
  await a.db.merge(req(b.log[0]), from(b.db));
  for (const n of [a, b]) {
    const c = await n.db.getCollectionByName('User');
    assert.equal(await c.exists(id), false);
    assert.deepEqual(await c.get(id, true), { _docID: id, name: 'John', age: 30 });
  }
});

test('missing or corrupt blocks fail the merge and report it', async () => {
  const [a, b] = await pair();
  await (await a.db.getCollectionByName('User')).create({ name: 'John' });
  const done: MergeCompleteEvent[] = [];
  b.db.events.on('merge-complete', (e) => done.push(e));
  await assert.rejects(b.db.merge(req(a.log[0]), { get: async () => undefined }), /block not found/);
  await assert.rejects(b.db.merge(req(a.log[0]), { get: async () => new Uint8Array([0xa0]) }), /block does not match its CID/);
  assert.equal(done.length, 2);
  assert.match(done[0].error ?? '', /block not found/);
  assert.deepEqual(await (async () => { const ids = []; for await (const x of (await b.db.getCollectionByName('User')).getAllDocIDs()) ids.push(x); return ids; })(), []);
});

test('merge events on the bus are handled with the configured block source', async () => {
  const [a] = await pair();
  const b = openDatabase({ store: openStore({ kind: 'memory' }), blockSource: from(a.db) });
  await b.addSchema(SDL);
  const id = await (await a.db.getCollectionByName('User')).create({ name: 'Eve' });
  const done = new Promise<MergeCompleteEvent>((resolve) => b.events.on('merge-complete', resolve));
  b.events.emit('merge', req(a.log[0]));
  assert.equal((await done).error, undefined);
  assert.equal((await (await b.getCollectionByName('User')).get(id)).name, 'Eve');
});

test('branchable collections: golden collection block, merged through the collection head', async () => {
  const mk = async () => {
    const db = openDatabase({ store: openStore({ kind: 'memory' }) });
    await db.addSchema('type Users @branchable { name: String age: Int }');
    return db;
  };
  const a = await mk();
  const b = await mk();
  const updates: Array<{ docID: string; cid: CID }> = [];
  a.events.on('update', (e) => updates.push(e));
  const id = await (await a.getCollectionByName('Users')).create({ name: 'John', age: 21 });
  assert.equal(id, 'bae-0b2f15e5-bfe7-5cb7-8045-471318d7dbc3');
  const heads = await a.run((ctx) => [...new DbQuerySource(ctx).commits({})].filter((c) => c.fieldName === null));
  assert.equal(heads.length, 1);
  assert.equal(heads[0].cid, 'bafyreifi7borlnkazxrcohgl7r36cm5ga7moyiiajov3om7urexbx7cyl4');
  // the document's head, then the collection's (DocID ""), so peers get both
  assert.deepEqual(updates.map((u) => [u.docID, u.cid.toString()]), [[id, 'bafyreibestqolaaumunpbo4qlorstwfxfqzrddlqb3rsvfyxscuyymktte'], ['', heads[0].cid]]);
  const collectionID = (await a.getCollectionByName('Users')).version.CollectionID;
  await b.merge({ docID: '', cid: parseCid(heads[0].cid), collectionID, by: 'peer' }, from(a));
  assert.deepEqual(await (await b.getCollectionByName('Users')).get(id), { _docID: id, name: 'John', age: 21 });
  const bHeads = await b.run((ctx) => [...new DbQuerySource(ctx).commits({})].filter((c) => c.fieldName === null).map((c) => c.cid));
  assert.deepEqual(bHeads, [heads[0].cid]);
});

test('mergeMany: blocks the caller says are stored are taken as given, not read back', async () => {
  const [a, b] = await pair();
  const ua = await a.db.getCollectionByName('User');
  const ids = [await ua.create({ name: 'John', age: 21 }), await ua.create({ name: 'Ann', age: 30 })];
  // every block of both documents, stored by an earlier batch as the network would have done
  const blocks = new Map<string, { cid: CID; bytes: Uint8Array }>();
  for (const e of a.log) {
    blocks.set(cidKey(e.cid), { cid: e.cid, bytes: e.block });
    for (const l of decodeBlock(e.block).links) blocks.set(cidKey(l.cid), { cid: l.cid, bytes: (await from(a.db).get(l.cid))! });
  }
  await b.db.mergeMany([], (kv) => { for (const { cid, bytes } of blocks.values()) putBlockBytes(kv, cid, bytes); });
  const asked = new Set<string>();
  // some come decoded too, as the network hands them over
  const decoded = new Set([...blocks.keys()].slice(0, 3));
  const errs = await b.db.mergeMany(a.log.map(req), undefined, undefined, (key) => {
    asked.add(key);
    const s = blocks.get(key);
    return s && (decoded.has(key) ? { bytes: s.bytes, block: decodeBlock(s.bytes) } : { bytes: s.bytes });
  });
  assert.deepEqual(errs, [undefined, undefined]);
  assert.deepEqual([...asked].sort(), [...blocks.keys()].sort()); // every block was taken from the caller
  const ub = await b.db.getCollectionByName('User');
  assert.deepEqual(await ub.get(ids[0]), { _docID: ids[0], name: 'John', age: 21 });
  assert.deepEqual(await ub.get(ids[1]), { _docID: ids[1], name: 'Ann', age: 30 });
});
