// The db over both KV backends: CRUD, relations, secondary indexes, filters, DQL, backup, time
// travel and transactions. Expected texts come from DefraDB's conformance corpus.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/index.ts';
import { openDatabase } from '../src/db/index.ts';
import type { Database } from '../src/db/index.ts';
import type { RequestResult } from '../src/client/index.ts';

const fs = {
  readFile: async (p: string) => new Uint8Array(readFileSync(p)),
  writeFile: async (p: string, d: Uint8Array) => writeFileSync(p, d),
};

const backends = [
  { name: 'memory', open: (_dir: string) => openStore({ kind: 'memory' }) },
  { name: 'lmdb', open: (dir: string) => openStore({ kind: 'lmdb', path: join(dir, 'data') }) },
];

const data = (r: RequestResult) => {
  assert.equal(r.kind, 'result');
  if (r.kind !== 'result') throw new Error('not a result');
  assert.equal(r.result.errors, undefined, JSON.stringify(r.result.errors));
  return r.result.data as Record<string, unknown>;
};

for (const backend of backends) {
  const withDb = (name: string, fn: (db: Database, dir: string) => Promise<void>) => test(`${backend.name}: ${name}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'defra-db-'));
    const db = openDatabase({ store: backend.open(dir), fs, random: () => new Uint8Array(8).fill(1) });
    try { await fn(db, dir); } finally { await db.close(); rmSync(dir, { recursive: true, force: true }); }
  });

  withDb('unique index violations keep DefraDB text; entries follow updates and deletes', async (db) => {
    await db.addSchema('type User { name: String age: Int }');
    const users = await db.getCollectionByName('User');
    const john = await users.create({ name: 'John', age: 21 });
    const idx = await users.createIndex({ Fields: [{ Name: 'age', Descending: false }], Unique: true });
    assert.equal(idx.Name, 'User_age_ASC');
    assert.deepEqual((await users.getIndexes()).map((i) => i.Name), ['User_age_ASC']);
    await assert.rejects(users.create({ name: 'Andy', age: 21 }), (e: Error) => {
      assert.match(e.message, /^can not index a doc's field\(s\) that violates unique index\. DocID: bae-[0-9a-f-]+, age: 21$/);
      return true;
    });
    await users.update(john, { age: 22 });
    await users.create({ name: 'Andy', age: 21 });
    await users.delete(john);
    await users.create({ name: 'Bob', age: 22 });
    await users.dropIndex('User_age_ASC');
    assert.deepEqual(await users.getIndexes(), []);
    await assert.rejects(users.dropIndex('nope'), /the index used does not match the given name/);
  });

  withDb('non-unique index answers queries through the engine', async (db) => {
    await db.addSchema('type User { name: String @index age: Int }');
    const users = await db.getCollectionByName('User');
    await users.createMany([{ name: 'A', age: 1 }, { name: 'B', age: 2 }, { name: 'A', age: 3 }]);
    const d = data(await db.execRequest('query { User(filter: {name: {_eq: "A"}}, order: {age: ASC}) { age } }'));
    assert.deepEqual(d.User, [{ age: 1 }, { age: 3 }]);
  });

  withDb('one-to-one relations: primary side links, secondary side rejected, duplicates rejected', async (db) => {
    await db.addSchema(`type Book { name: String author: Author }
      type Author { name: String published: Book @primary }`);
    const books = await db.getCollectionByName('Book');
    const authors = await db.getCollectionByName('Author');
    const book = await books.create({ name: 'Painted House' });
    await authors.create({ name: 'John Grisham', published_id: book });
    await assert.rejects(authors.create({ name: 'Saadi', published: book }), /target document is already linked to another document\./);
    const other = await authors.create({ name: 'Nobody' });
    await assert.rejects(books.create({ name: 'X', author: other }), /cannot set relation from secondary side/);
    const d = data(await db.execRequest('query { Book { name author { name } } }'));
    assert.deepEqual(d.Book, [{ name: 'Painted House', author: { name: 'John Grisham' } }]);
  });

  withDb('updateWithFilter / deleteWithFilter and DQL mutations share one transaction', async (db) => {
    await db.addSchema('type User { name: String verified: Boolean }');
    const users = await db.getCollectionByName('User');
    await users.createMany([{ name: 'A', verified: true }, { name: 'B', verified: false }, { name: 'C', verified: true }]);
    const res = await users.updateWithFilter({ verified: { _eq: true } }, '{"verified": false}');
    assert.equal(res.Count, 2);
    await assert.rejects(users.updateWithFilter({}, '1'), /the updater of a document is of invalid type/);
    const del = await users.deleteWithFilter({ name: { _eq: 'B' } });
    assert.equal(del.Count, 1);
    const m = data(await db.execRequest('mutation { create_User(input: {name: "D"}) { name } }'));
    assert.deepEqual(m.create_User, [{ name: 'D' }]);
    const q = data(await db.execRequest('query { User(order: {name: ASC}) { name verified } }'));
    assert.deepEqual(q.User, [{ name: 'A', verified: false }, { name: 'C', verified: false }, { name: 'D', verified: null }]);
  });

  withDb('backup export rewrites relations to new IDs; import recreates them', async (db, dir) => {
    await db.addSchema(`type User { name: String age: Int books: [Book] }
      type Book { name: String author: User }`);
    const users = await db.getCollectionByName('User');
    const books = await db.getCollectionByName('Book');
    const john = await users.create({ name: 'John', age: 30 });
    assert.equal(john, 'bae-7fca96a2-5f01-5558-a81f-09b47587f26d');
    await users.create({ name: 'Bob', age: 31 });
    await books.create({ name: "John and the sourcerers' stone", author: john });
    await users.update(john, { age: 31 });
    const file = join(dir, 'backup.json');
    await db.basicExport({ filepath: file });
    assert.equal(readFileSync(file, 'utf8'), '{"User":[{"_docID":"bae-7fca96a2-5f01-5558-a81f-09b47587f26d","_docIDNew":"bae-9918e1ec-c62b-5de2-8fbf-c82795b8ac7f","age":31,"name":"John"},{"_docID":"bae-ebfe11e2-045d-525d-9fb7-2abb961dc84f","_docIDNew":"bae-ebfe11e2-045d-525d-9fb7-2abb961dc84f","age":31,"name":"Bob"}],"Book":[{"_docID":"bae-8c8be5c6-d26b-50d4-9378-2acd5fe6959d","_docIDNew":"bae-c94e52f8-6e91-522c-b6a6-38346a06b3d2","author_id":"bae-9918e1ec-c62b-5de2-8fbf-c82795b8ac7f","name":"John and the sourcerers\' stone"}]}');
    await assert.rejects(db.basicExport({ filepath: file, collections: ['Invalid'] }), /failed to get collection: key not found. Name: Invalid/);
    const fresh = openDatabase({ store: openStore({ kind: 'memory' }), fs });
    await fresh.addSchema(`type User { name: String age: Int books: [Book] }
      type Book { name: String author: User }`);
    await fresh.basicImport(file);
    const d = data(await fresh.execRequest('query { Book { _docID author { _docID name } } }'));
    assert.deepEqual(d.Book, [{ _docID: 'bae-c94e52f8-6e91-522c-b6a6-38346a06b3d2', author: { _docID: 'bae-9918e1ec-c62b-5de2-8fbf-c82795b8ac7f', name: 'John' } }]);
    await assert.rejects(fresh.basicImport(file), /a document with the given ID already exists/);
    await assert.rejects(fresh.basicImport(join(dir, 'missing.json')), /failed to open file/);
    await fresh.close();
  });

  withDb('time travel replays a document up to a commit', async (db) => {
    await db.addSchema('type Users { name: String }');
    const users = await db.getCollectionByName('Users');
    const id = await users.create({ name: 'John' });
    assert.equal(id, 'bae-6845cfdf-cb0f-56a3-be3a-b5a67be5fbdc');
    const first = data(await db.execRequest(`query { latestCommits(docID: "${id}") { cid } }`));
    await users.update(id, { name: 'Johnn' });
    const cid = (first.latestCommits as { cid: string }[])[0].cid;
    const d = data(await db.execRequest(`query { Users(cid: "${cid}", docID: "${id}") { name } }`));
    assert.deepEqual(d.Users, [{ name: 'John' }]);
  });

  withDb('schema patches add fields; explicit txn isolation', async (db) => {
    await db.addSchema('type Users { name: String }');
    await db.patchSchema('[{"op":"add","path":"/Users/Fields/-","value":{"Name":"email","Kind":11}}]', null, true);
    const users = await db.getCollectionByName('Users');
    assert.ok(users.schema.Fields.some((f) => f.Name === 'email'));
    const id = await users.create({ name: 'A', email: 'a@x' });
    assert.equal((await users.get(id)).email, 'a@x');
    const t = await db.newTxn();
    await (await t.getCollectionByName('Users')).update(id, { name: 'B' });
    assert.equal((await users.get(id)).name, 'A');
    await t.commit();
    assert.equal((await users.get(id)).name, 'B');
  });
}
