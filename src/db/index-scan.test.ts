import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../store/index.ts';
import type { IndexFieldCond } from '../query/index.ts';
import { openDatabase } from './database.ts';
import type { Database } from './database.ts';
import { DbQuerySource } from './query-source.ts';

async function setup(sdl: string, docs: Record<string, unknown>[]) {
  const db = openDatabase({ store: openStore({ kind: 'memory' }) });
  await db.addSchema(sdl);
  const users = await db.getCollectionByName('User');
  const ids = new Map<string, string>();
  for (const d of docs) ids.set(String(d['name']), await users.create(d));
  return { db, ids };
}

/** Names of the docs an index scan returns (in order) and the entries it read. */
async function scan(db: Database, indexNo: number, fields: (IndexFieldCond | undefined)[]) {
  return db.run((ctx) => {
    const src = new DbQuerySource(ctx);
    const index = src.definitions().find((d) => d.version.Name === 'User')!.version.Indexes![indexNo]!;
    const stats = { indexFetches: 0 };
    const names = [...src.indexScan('User', { index, fields }, stats)].map((id) => src.get('User', id)!.fields['name']);
    return { names, fetches: stats.indexFetches };
  });
}

const people = [
  { name: 'Shahzad', age: 20 }, { name: 'Bruno', age: 23 }, { name: 'Roy', age: 44 },
  { name: 'Fred', age: 28 }, { name: 'Keenan', age: 48 }, { name: 'Chris', age: 55 }, { name: 'Nil' },
];

test('eq, in and ranges seek; nulls sort first; other operators read every entry', async () => {
  const { db } = await setup('type User { name: String age: Int @index }', people);
  assert.deepEqual(await scan(db, 0, [{ op: '_eq', values: [44] }]), { names: ['Roy'], fetches: 1 });
  assert.deepEqual(await scan(db, 0, [{ op: '_in', values: [48, 20, 99] }]), { names: ['Shahzad', 'Keenan'], fetches: 2 });
  assert.deepEqual(await scan(db, 0, [{ op: '_gt', values: [44] }]), { names: ['Keenan', 'Chris'], fetches: 2 });
  assert.deepEqual(await scan(db, 0, [{ op: '_ge', values: [44] }]), { names: ['Roy', 'Keenan', 'Chris'], fetches: 3 });
  assert.deepEqual(await scan(db, 0, [{ op: '_lt', values: [23] }]), { names: ['Nil', 'Shahzad'], fetches: 2 });
  assert.deepEqual(await scan(db, 0, [{ op: '_le', values: [23] }]), { names: ['Nil', 'Shahzad', 'Bruno'], fetches: 3 });
  assert.deepEqual(await scan(db, 0, [{ op: '_eq', values: [null] }]), { names: ['Nil'], fetches: 1 });
  assert.equal((await scan(db, 0, [{ op: 'scan' }])).fetches, 7);
});

test('descending and unique indexes', async () => {
  const { db } = await setup('type User { name: String @index(unique: true) age: Int @index(direction: DESC) }', people);
  assert.deepEqual(await scan(db, 1, [{ op: '_gt', values: [40] }]), { names: ['Chris', 'Keenan', 'Roy'], fetches: 3 });
  assert.deepEqual(await scan(db, 1, [{ op: '_le', values: [23] }]), { names: ['Bruno', 'Shahzad', 'Nil'], fetches: 3 });
  assert.deepEqual(await scan(db, 0, [{ op: '_eq', values: ['Fred'] }]), { names: ['Fred'], fetches: 1 });
  assert.deepEqual(await scan(db, 0, [{ op: '_eq', values: ['Nobody'] }]), { names: [], fetches: 0 });
});

test('composite: leading eq fields form a prefix, a range narrows the next field', async () => {
  const { db } = await setup('type User @index(includes: [{field: "name"}, {field: "age"}]) { name: String age: Int }', [
    { name: 'Bob', age: 22 }, { name: 'Bob', age: 30 }, { name: 'Bob', age: 25 }, { name: 'Al', age: 22 },
  ]);
  assert.equal((await scan(db, 0, [{ op: '_eq', values: ['Bob'] }, undefined])).fetches, 3);
  assert.equal((await scan(db, 0, [{ op: '_eq', values: ['Bob'] }, { op: '_eq', values: [22] }])).fetches, 1);
  assert.equal((await scan(db, 0, [{ op: '_eq', values: ['Bob'] }, { op: '_gt', values: [22] }])).fetches, 2);
  assert.equal((await scan(db, 0, [{ op: 'scan' }, { op: '_eq', values: [22] }])).fetches, 4);
});

test('JSON: a path scopes the scan, array elements are distinct from scalars', async () => {
  const { db } = await setup('type User { name: String custom: JSON @index }', [
    { name: 'A', custom: { n: [4, 8, 4] } }, { name: 'B', custom: { n: 4 } }, { name: 'C', custom: { n: [3], h: 170 } },
    { name: 'D', custom: { h: null } }, { name: 'E', custom: { h: 'tall' } },
  ]);
  assert.deepEqual(await scan(db, 0, [{ op: '_eq', values: [4], jsonPath: ['n', 0] }]), { names: ['A'], fetches: 1 });
  assert.deepEqual(await scan(db, 0, [{ op: '_eq', values: [4], jsonPath: ['n'] }]), { names: ['B'], fetches: 1 });
  assert.deepEqual(await scan(db, 0, [{ op: '_lt', values: [200], jsonPath: ['h'] }]), { names: ['D', 'C'], fetches: 2 });
  assert.deepEqual(await scan(db, 0, [{ op: '_gt', values: [100], jsonPath: ['h'] }]), { names: ['C', 'E'], fetches: 2 });
  assert.equal((await scan(db, 0, [{ op: 'scan', jsonPath: ['h'] }])).fetches, 3);
});

test('queries use the index, keep it correct on update and delete, and reject unique repeats', async () => {
  const { db, ids } = await setup('type User { name: String age: Int @index custom: JSON @index(unique: true) }', people);
  const users = await db.getCollectionByName('User');
  await users.update(ids.get('Roy')!, { age: 21 });
  await users.delete(ids.get('Fred')!);
  const data = async (q: string) => { const r = await db.execRequest(q); return r.kind === 'result' ? r.result.data : undefined; };
  assert.deepEqual(await data('query { User(filter: {age: {_lt: 30}}) { name } }'), { User: [{ name: 'Shahzad' }, { name: 'Roy' }, { name: 'Bruno' }] });
  const ex = await data('query @explain(type: execute) { User(filter: {age: {_eq: 21}}) { name } }');
  assert.match(JSON.stringify(ex), /"indexFetches":1/);
  await assert.rejects(users.create({ name: 'X', custom: { n: [5, 8, 5] } }), /violates unique index.*custom: map\[n:\[5 8 5\]\]/);
});
