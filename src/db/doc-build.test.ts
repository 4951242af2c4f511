import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../store/index.ts';
import { openDatabase } from './database.ts';
import { buildCreateWrites, buildWrites } from './doc-build.ts';

async function defs(sdl: string) {
  const db = openDatabase({ store: openStore({ kind: 'memory' }) });
  await db.addSchema(sdl);
  return db;
}

test('defaults come first, input overrides them, relation names map to <rel>_id', async () => {
  const db = await defs(`type Book { name: String @default(string: "untitled") rating: Float author: Author }
    type Author { name: String books: [Book] }`);
  const def = (await db.getCollectionByName('Book')).definition();
  const author = 'bae-7fca96a2-5f01-5558-a81f-09b47587f26d';
  const w = buildCreateWrites(def, { rating: 4, author });
  assert.deepEqual(w.map((x) => [x.field.Name, x.value]).sort(), [['author_id', author], ['name', 'untitled'], ['rating', 4]]);
  assert.deepEqual(buildCreateWrites(def, { name: null }).map((x) => [x.field.Name, x.value]), [['name', null]]);
  const aDef = (await db.getCollectionByName('Author')).definition();
  assert.throws(() => buildWrites(aDef, { books: [author] }), /cannot set relation from secondary side/);
  assert.throws(() => buildWrites(def, { nope: 1 }), /the given field does not exist. Name: nope/);
  assert.throws(() => buildWrites(def, { author: 'bae-123' }), /UUID/i);
});

test('array size constraints and P counters are checked', async () => {
  const db = await defs('type T { nums: [Int!] @constraints(size: 2) p: Int @crdt(type: pcounter) }');
  const def = (await db.getCollectionByName('T')).definition();
  assert.throws(() => buildWrites(def, { nums: [1, 2, 3] }), /array size mismatch/);
  assert.equal(buildWrites(def, { nums: [1, 2] }).length, 1);
  assert.throws(() => buildWrites(def, { p: -1 }), /value cannot be negative/);
});
