// One suite over the `client.Store` contract, run against every implementation (the embedded
// database, the HTTP client in front of a server, the test fake): schema, collections, documents,
// filters, indexes, GraphQL, subscriptions, transactions, big integers, backup.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Collection, GQLResult, Store } from '../src/client/index.ts';

export interface StoreUnderTest {
  store: Store;
  /** Stops whatever `makeStore` started (servers, databases). */
  cleanup(): Promise<void>;
}

export type MakeStore = () => Promise<StoreUnderTest>;

export interface SuiteOptions {
  /** Test names to skip, with the reason (e.g. a feature the implementation lacks yet). */
  skip?: Record<string, string>;
}

const SDL = 'type User { name: String age: Int verified: Boolean }';

async function withStore(make: MakeStore, fn: (store: Store, users: Collection) => Promise<void>): Promise<void> {
  const { store, cleanup } = await make();
  try {
    await store.addSchema(SDL);
    await fn(store, await store.getCollectionByName('User'));
  } finally {
    await cleanup();
  }
}

async function rejectsWith(p: Promise<unknown>, text: string): Promise<void> {
  await assert.rejects(p, (e: Error) => { assert.ok(e.message.includes(text), `"${e.message}" should contain "${text}"`); return true; });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const gql = async (store: { execRequest: Store['execRequest'] }, q: string): Promise<GQLResult> => {
  const r = await store.execRequest(q);
  assert.equal(r.kind, 'result');
  return (r as { result: GQLResult }).result;
};

export function runStoreContractSuite(label: string, make: MakeStore, opts: SuiteOptions = {}): void {
  const test = (name: string, fn: (store: Store, users: Collection) => Promise<void>) =>
    it(name, { skip: opts.skip?.[name] ?? false }, () => withStore(make, fn));

  describe(`Store contract: ${label}`, () => {
    test('schema: add, describe, collections', async (store, users) => {
      const [s] = await store.getSchemas({ name: 'User' });
      assert.equal(s.Name, 'User');
      assert.ok(s.Fields.some((f) => f.Name === 'age'));
      assert.equal(users.name, 'User');
      assert.equal(users.definition().version.Name, 'User');
      const all = await store.getCollections();
      assert.deepEqual(all.map((c) => c.name), ['User']);
      assert.deepEqual(await store.getCollections({ name: 'Nope' }), []);
      await rejectsWith(store.getCollectionByName('Nope'), 'collection not found');
    });

    test('documents: create, get, update, delete', async (_store, users) => {
      const id = await users.create({ name: 'Ada', age: 36 });
      assert.match(id, /^bae-[0-9a-f-]{36}$/);
      const doc = await users.get(id);
      assert.equal(doc._docID, id);
      assert.equal(doc.name, 'Ada');
      assert.equal(doc.age, 36);
      assert.equal(await users.exists(id), true);
      await rejectsWith(users.create({ name: 'Ada', age: 36 }), 'a document with the given ID already exists');
      await users.update(id, { age: 37 });
      assert.equal((await users.get(id)).age, 37);
      assert.equal(await users.delete(id), true);
      assert.equal(await users.exists(id), false);
      await rejectsWith(users.get(id), 'document not found or not authorized to access');
    });

    test('documents: createMany and the DocID list', async (_store, users) => {
      const ids = await users.createMany([{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
      assert.equal(ids.length, 3);
      assert.equal(new Set(ids).size, 3);
      const listed = (await collect(users.getAllDocIDs())).map((r) => r.docID);
      assert.deepEqual([...listed].sort(), [...ids].sort());
    });

    test('documents: save creates then updates', async (_store, users) => {
      const id = await users.save({ name: 'Sam', age: 1 });
      assert.equal((await users.get(id)).age, 1);
      assert.equal(await users.save({ _docID: id, name: 'Sam', age: 2 }), id);
      assert.equal((await users.get(id)).age, 2);
    });

    test('filters: updateWithFilter and deleteWithFilter', async (_store, users) => {
      const [a, b] = await users.createMany([{ name: 'A', age: 10 }, { name: 'B', age: 20 }, { name: 'C', age: 30 }]);
      const up = await users.updateWithFilter({ age: { _lt: 25 } }, JSON.stringify({ verified: true }));
      assert.equal(up.Count, 2);
      assert.deepEqual([...up.DocIDs].sort(), [a, b].sort());
      assert.equal((await users.get(a)).verified, true);
      const del = await users.deleteWithFilter({ name: { _eq: 'C' } });
      assert.equal(del.Count, 1);
      assert.equal((await collect(users.getAllDocIDs())).length, 2);
    });

    test('indexes: create, list, drop', async (store, users) => {
      const idx = await users.createIndex({ Name: 'by_name', Fields: [{ Name: 'name', Descending: false }] });
      assert.equal(idx.Name, 'by_name');
      assert.ok(idx.ID >= 1);
      assert.deepEqual(idx.Fields, [{ Name: 'name', Descending: false }]);
      assert.deepEqual((await users.getIndexes()).map((i) => i.Name), ['by_name']);
      assert.deepEqual(Object.keys(await store.getAllIndexes()), ['User']);
      await rejectsWith(users.createIndex({ Name: 'by_name', Fields: [{ Name: 'age', Descending: false }] }), 'index with the given name already exists');
      await users.dropIndex('by_name');
      assert.deepEqual(await users.getIndexes(), []);
      await assert.rejects(users.dropIndex('by_name'));
    });

    test('graphql: query and errors', async (store, users) => {
      await users.create({ name: 'Ada', age: 36 });
      const r = await gql(store, 'query { User { name age } }');
      assert.equal(r.errors, undefined);
      assert.deepEqual(r.data, { User: [{ name: 'Ada', age: 36 }] });
      const bad = await gql(store, 'query { Nope { name } }');
      assert.ok(bad.errors && bad.errors.length > 0);
      assert.ok(bad.errors[0].message.includes('Nope'));
    });

    test('graphql: subscription yields created documents', async (store, users) => {
      const r = await store.execRequest('subscription { User { name } }');
      assert.equal(r.kind, 'subscription');
      if (r.kind !== 'subscription') return;
      const it = r.stream[Symbol.asyncIterator]();
      const next = it.next();
      await new Promise((res) => setTimeout(res, 50)); // let the subscription settle (HTTP: stream opened)
      await users.create({ name: 'Sub' });
      const ev = await next;
      assert.equal(ev.done, false);
      assert.deepEqual((ev.value as GQLResult).data, { User: [{ name: 'Sub' }] });
      r.close();
    });

    test('transactions: commit, discard, isolation', async (store) => {
      const t1 = await store.newTxn();
      const inTxn = await t1.getCollectionByName('User');
      const id = await inTxn.create({ name: 'T' });
      assert.equal((await inTxn.get(id)).name, 'T');
      const outside = await store.getCollectionByName('User');
      assert.equal(await outside.exists(id), false);
      await t1.commit();
      assert.equal(await outside.exists(id), true);

      const t2 = await store.newTxn();
      const id2 = await (await t2.getCollectionByName('User')).create({ name: 'D' });
      await t2.discard();
      assert.equal(await outside.exists(id2), false);
    });

    test('transactions: conflicting commits', async (store, users) => {
      const id = await users.create({ name: 'C', age: 1 });
      const t1 = await store.newTxn();
      const t2 = await store.newTxn();
      await (await t1.getCollectionByName('User')).update(id, { age: 2 });
      await (await t2.getCollectionByName('User')).update(id, { age: 3 });
      await t1.commit();
      await rejectsWith(t2.commit(), 'transaction conflict');
      await t2.discard().catch(() => {});
      assert.equal((await users.get(id)).age, 2);
    });

    test('transactions: read-only txn refuses writes', async (store) => {
      const t = await store.newTxn(true);
      assert.equal(t.readOnly, true);
      await assert.rejects((await t.getCollectionByName('User')).create({ name: 'RO' }));
      await t.discard();
    });

    test('big integers stay exact', async (_store, users) => {
      const big = 9223372036854775807n;
      const id = await users.create({ name: 'Big', age: big });
      assert.equal((await users.get(id)).age, big);
    });

    test('backup: export then import into a fresh store', async (store, users) => {
      const dir = await mkdtemp(join(tmpdir(), 'defra-backup-'));
      const other = await make();
      try {
        const ids = await users.createMany([{ name: 'A' }, { name: 'B' }]);
        const file = join(dir, 'out.json');
        await store.basicExport({ filepath: file, format: 'json' });
        const text = await readFile(file, 'utf8');
        for (const id of ids) assert.ok(text.includes(id), 'export lists every DocID');
        await other.store.addSchema(SDL);
        await other.store.basicImport(file);
        const imported = await other.store.getCollectionByName('User');
        assert.deepEqual((await collect(imported.getAllDocIDs())).map((r) => r.docID).sort(), [...ids].sort());
      } finally {
        await other.cleanup();
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
