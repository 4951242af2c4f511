import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GQLResult } from '../client/index.ts';
import { openStore } from '../store/index.ts';
import { openDatabase } from './database.ts';

const SDL = 'type User { name: String age: Int } type Book { title: String }';
const newDb = () => openDatabase({ store: openStore({ kind: 'memory' }), random: () => new Uint8Array(8).fill(7) });

/** Pulls `n` results, failing if they do not arrive. */
async function take(it: AsyncIterator<GQLResult>, n: number): Promise<GQLResult[]> {
  const out: GQLResult[] = [];
  for (let i = 0; i < n; i++) {
    const r = await Promise.race([it.next(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('no result')), 2000))]);
    assert.equal(r.done, false);
    out.push(r.value);
  }
  return out;
}

test('subscription: creates, updates and deletes of the collection, filtered, at each commit', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const users = await db.getCollectionByName('User');
  const books = await db.getCollectionByName('Book');
  const r = await db.execRequest('subscription { User(filter: {age: {_lt: 30}}, limit: 0) { _docID name age } }');
  assert.equal(r.kind, 'subscription');
  if (r.kind !== 'subscription') return;
  const it = r.stream[Symbol.asyncIterator]();

  await books.create({ title: 'ignored' });            // another collection
  const old = await users.create({ name: 'Old', age: 80 }); // filtered out
  const john = await users.create({ name: 'John', age: 27 });
  await users.update(john, { age: 28 });
  await users.update(old, { age: 29 });                     // now matches
  const got = await take(it, 3);
  assert.deepEqual(got.map((g) => g.data), [
    { User: [{ _docID: john, name: 'John', age: 27 }] },
    { User: [{ _docID: john, name: 'John', age: 28 }] },
    { User: [{ _docID: old, name: 'Old', age: 29 }] },
  ]);
  r.close();
  assert.deepEqual(await it.next(), { value: undefined, done: true });
  await db.close();
});

test('subscription: a query through the same entry still returns a result; close on db close', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const q = await db.execRequest('query { User { name } }');
  assert.equal(q.kind, 'result');
  const r = await db.execRequest('subscription { User { name } }');
  assert.equal(r.kind, 'subscription');
  if (r.kind !== 'subscription') return;
  const next = r.stream[Symbol.asyncIterator]().next();
  await db.close();
  assert.deepEqual(await next, { value: undefined, done: true });
});

test('subscription: bad requests come back as results with errors', async () => {
  const db = newDb();
  await db.addSchema(SDL);
  const r = await db.execRequest('subscription { Nope { name } }');
  assert.equal(r.kind, 'result');
  if (r.kind === 'result') assert.ok(r.result.errors?.[0].message.includes('Nope'));
  await db.close();
});
