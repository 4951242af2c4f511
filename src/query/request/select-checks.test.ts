import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRequest } from '../execute-request.ts';
import { MemorySource } from '../testing/memory-source.ts';

const sdl = 'type Users { Name: String Age: Int Verified: Boolean pointsList: [Int!] }';

function fixture(): MemorySource {
  const s = new MemorySource(sdl);
  s.add('Users', { Name: 'John', Age: 21, Verified: true, pointsList: [2, 4, 1] });
  s.add('Users', { Name: 'Bob', Age: 32, Verified: false, pointsList: [1, 1, 1] });
  s.add('Users', { Name: 'Bob', Age: 40, Verified: true });
  return s;
}

async function err(text: string): Promise<string | undefined> {
  return (await executeRequest(fixture(), text)).errors?.[0]?.message;
}

test('planner checks report DefraDB texts', async () => {
  assert.equal(await err('{ Users(order: {Age: ASC, Name: DESC}) { Name } }'), 'each order argument can only define one field');
  assert.equal(await err('{ Users(order: {_alias: {X: ASC}}) { Name } }'), 'field or alias not found. Name: X');
  assert.equal(await err('{ Users(order: {_alias: {a: invalid}}) { a: Age } }'), 'invalid order direction');
  assert.equal(await err('{ Users(order: {_alias: 1}) { Name } }'), 'invalid order input');
  assert.equal(await err('{ Users(filter: {_alias: {X: {_eq: 1}}}) { Name } }'), 'field or alias not found. Name: X');
  assert.equal(await err('{ Users { Name _count(_group: {}) } }'), '_group may only be referenced when within a groupBy request');
  assert.equal(await err('{ Users(groupBy: [Name]) { Name Age } }'), 'cannot select a non-group-by field at group-level');
});

test('null filters, _alias compounds, limit 0 and empty docID lists', async () => {
  const s = fixture();
  const names = async (q: string): Promise<unknown> => ((await executeRequest(s, q)).data as { Users: { Name: string }[] }).Users.map((u) => u.Name);
  assert.deepEqual(await names('{ Users(filter: {Age: {_ge: null}}) { Name } }'), ['John', 'Bob', 'Bob']);
  assert.deepEqual(await names('{ Users(filter: {Age: {_le: null}}) { Name } }'), []);
  assert.deepEqual(await names('{ Users(filter: {_not: {pointsList: null}}) { Name } }'), ['John', 'Bob']);
  assert.deepEqual(await names('{ Users(filter: {_or: null}) { Name } }'), ['John', 'Bob', 'Bob']);
  assert.deepEqual(await names('{ Users(filter: {_alias: {_and: [{a: {_gt: 20}}, {a: {_lt: 35}}]}}) { Name a: Age } }'), ['John', 'Bob']);
  assert.deepEqual(await names('{ Users(limit: 0) { Name } }'), ['John', 'Bob', 'Bob']);
  assert.deepEqual(await names('{ Users(docID: []) { Name } }'), []);
});

test('_similarity and aggregates of inner group aggregates', async () => {
  const s = fixture();
  const r = await executeRequest(s, '{ Users(order: {_alias: {sim: DESC}}) { Name sim: _similarity(pointsList: {vector: [1, 2, 0]}) } }');
  assert.deepEqual(r.data, { Users: [{ Name: 'John', sim: 10 }, { Name: 'Bob', sim: 3 }, { Name: 'Bob', sim: null }] });
  const bad = await executeRequest(s, '{ Users { _similarity(pointsList: {vector: [1, 2]}) } }');
  assert.equal(bad.errors?.[0]?.message, 'source and vector must be of the same length. Source: 3, Vector: 2');
  const g = await executeRequest(s, '{ Users(groupBy: [Name]) { Name _max(_group: {field: _max}) _sum(_group: {field: _count}) _group(groupBy: [Verified]) { Verified _max(_group: {field: Age}) _count(_group: {}) } } }');
  const rows = (g.data as { Users: { Name: string; _max: number; _sum: number }[] }).Users;
  assert.deepEqual(rows.map((x) => [x.Name, x._max, x._sum]), [['John', 21, 1], ['Bob', 40, 2]]);
});

test('an _alias order may go through an aliased relation', async () => {
  const s = new MemorySource('type Book { name: String author: Author } type Author { age: Int books: [Book] }');
  const a1 = s.add('Author', { age: 65 });
  const a2 = s.add('Author', { age: 62 });
  s.add('Book', { name: 'Painted House', author_id: a1 });
  s.add('Book', { name: 'Theif Lord', author_id: a2 });
  const r = await executeRequest(s, '{ Book(order: {_alias: {writer: {age: ASC}}}) { name writer: author { age } } }');
  assert.deepEqual(r, { data: { Book: [{ name: 'Theif Lord', writer: { age: 62 } }, { name: 'Painted House', writer: { age: 65 } }] } });
});
