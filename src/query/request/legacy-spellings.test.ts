import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRequest } from '../execute-request.ts';
import { MemorySource } from '../testing/memory-source.ts';

const sdl = 'type User { name: String age: Int points: Float }';

test('early README spellings: _key, dockey, docIDs and create_X(data: "<JSON>")', async () => {
  const s = new MemorySource(sdl);
  const id = s.add('User', { name: 'Bob', age: 31, points: 90 });
  const r = await executeRequest(s, '{ User { _key name } }');
  assert.deepEqual(r, { data: { User: [{ _key: id, name: 'Bob' }] } });
  const f = await executeRequest(s, `{ User(filter: {_key: {_eq: "${id}"}}) { k: _key } }`);
  assert.deepEqual(f, { data: { User: [{ k: id }] } });
  assert.deepEqual(await executeRequest(s, `{ User(dockey: "${id}") { name } }`), { data: { User: [{ name: 'Bob' }] } });
  assert.deepEqual(await executeRequest(s, `{ User(dockeys: ["${id}"]) { name } }`), { data: { User: [{ name: 'Bob' }] } });
  assert.deepEqual(await executeRequest(s, `{ User(docIDs: ["bae-x"]) { name } }`), { data: { User: [] } });
  const c = await executeRequest(s, 'mutation { create_User(data: "{\\"name\\": \\"Carol\\", \\"age\\": 40, \\"points\\": 70.5}") { _key name points } }');
  assert.equal(c.errors, undefined, JSON.stringify(c.errors));
  const row = (c.data as { create_User: { _key: string; name: string; points: number }[] }).create_User[0]!;
  assert.match(row._key, /^bae-/);
  assert.equal(row.name, 'Carol');
  assert.equal(row.points, 70.5);
});

test('current spellings are unaffected and introspection does not show the aliases', async () => {
  const s = new MemorySource(sdl);
  const r = await executeRequest(s, '{ __type(name: "User") { fields { name } } }');
  const names = (r.data as { __type: { fields: { name: string }[] } }).__type.fields.map((f) => f.name);
  assert.ok(names.includes('_docID'));
  assert.ok(!names.includes('_key'));
  const bad = await executeRequest(s, '{ User(dockey: 1) { name } }');
  assert.ok(bad.errors?.length);
});
