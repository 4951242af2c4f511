import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../store/index.ts';
import { openDatabase } from './database.ts';
import type { UpdateEvent } from './events.ts';

const SDL = 'type Users { name: String age: Int verified: Boolean }';
const JOHN = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';

const newDb = () => openDatabase({ store: openStore({ kind: 'memory' }), random: () => new Uint8Array(8).fill(7) });

test('create reproduces the golden DocID and block CIDs; history walks from the heads', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const users = await db.getCollectionByName('Users');
  const events: UpdateEvent[] = [];
  db.events.on('update', (e) => events.push(e));
  assert.equal(await users.create({ name: 'John', age: 21 }), JOHN);
  assert.equal(events.length, 1);
  assert.equal(events[0].cid.toString(), 'bafyreia2vlbfkcbyogdjzmbqcjneabwwwtw7ti2xbd7yor5mbu2sk4pcoy');
  for (const age of [22, 23, 24]) await users.update(JOHN, { age });
  assert.equal(events[1].cid.toString(), 'bafyreiale6qsjc7qewod3c6h2odwamfwcf7vt4zlqtw7ldcm57xdkgxja4');
  assert.deepEqual(await users.get(JOHN), { _docID: JOHN, name: 'John', age: 24 });
  const r = await db.execRequest(`query { commits(docID: "${JOHN}", fieldName: "age") { cid height } }`);
  assert.equal(r.kind, 'result');
  if (r.kind === 'result') {
    const rows = (r.result.data as { commits: { cid: string; height: number }[] }).commits;
    assert.deepEqual(rows.map((x) => x.height), [4, 3, 2, 1]);
    assert.equal(rows[3].cid, 'bafyreif6dqbkr7t37jcjfxxrjnxt7cspxzvs7qwlbtjca57cc663he4s7e');
  }
  await db.close();
});

test('field validation errors keep DefraDB text and write nothing', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const users = await db.getCollectionByName('Users');
  await assert.rejects(users.create({ name: 'x', notName: 1 }), /the given field does not exist. Name: notName/);
  await assert.rejects(users.create({ name: 'x', age: 'old' }), /value doesn't contain number; it contains string/);
  assert.deepEqual(await arr(users.getAllDocIDs()), []);
  await users.create({ name: 'John', age: 21 });
  await assert.rejects(users.create({ name: 'John', age: 21 }), /a document with the given ID already exists/);
  await assert.rejects(db.getCollectionByName('Nope'), /collection not found/);
  await db.close();
});

test('delete marks the document deleted; updates are then rejected; showDeleted reads it', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const users = await db.getCollectionByName('Users');
  const id = await users.create({ name: 'John', age: 21 });
  assert.equal(await users.delete(id), true);
  assert.equal(await users.exists(id), false);
  await assert.rejects(users.get(id), /document not found/);
  assert.deepEqual(await users.get(id, true), { _docID: id, name: 'John', age: 21 });
  await assert.rejects(users.update(id, { age: 3 }), /a document with the given ID has been deleted/);
  await db.close();
});

test('explicit transactions publish events only on commit and discard drops writes', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  let seen = 0;
  db.events.on('update', () => seen++);
  const txn = await db.newTxn();
  const users = await txn.getCollectionByName('Users');
  const id = await users.create({ name: 'A' });
  assert.equal(seen, 0);
  await txn.discard();
  assert.equal(await (await db.getCollectionByName('Users')).exists(id), false);
  const t2 = await db.newTxn();
  await (await t2.getCollectionByName('Users')).create({ name: 'B' });
  await t2.commit();
  assert.equal(seen, 1);
  await db.close();
});

test('counters add increments; save upserts', async () => {
  const db = newDb();
  await db.addSchema('type P { name: String points: Int @crdt(type: pncounter) }');
  const p = await db.getCollectionByName('P');
  const id = await p.create({ name: 'a', points: 10 });
  await p.update(id, { points: -5 });
  await p.update(id, { points: 20 });
  assert.equal((await p.get(id)).points, 25);
  assert.equal(await p.save({ _docID: id, name: 'b' }), id);
  assert.equal((await p.get(id)).name, 'b');
  await db.close();
});

async function arr<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

test('commit delta is base64 CBOR for field blocks and null for composite blocks', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const users = await db.getCollectionByName('Users');
  await users.create({ name: 'John', age: 21 });
  const r = await db.execRequest(`query { commits(docID: "${JOHN}") { fieldName delta } Users { _version { delta } } }`);
  assert.equal(r.kind, 'result');
  if (r.kind !== 'result') return;
  const data = r.result.data as { commits: { fieldName: string | null; delta: string | null }[]; Users: { _version: { delta: unknown }[] }[] };
  const byField = Object.fromEntries(data.commits.map((c) => [c.fieldName, c.delta]));
  assert.equal(byField['_C'], null);
  assert.equal(byField['age'], 'FQ=='); // CBOR 21
  assert.deepEqual(data.Users[0]._version, [{ delta: null }]);
  await db.close();
});
