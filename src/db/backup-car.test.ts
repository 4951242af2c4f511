import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GQLResult } from '../client/index.ts';
import { decodeCar } from '../core/index.ts';
import { openStore } from '../store/index.ts';
import { fromUtf8 } from '../util/index.ts';
import type { BackupFS } from './context.ts';
import { openDatabase } from './database.ts';

const SDL = `
  type Author @branchable { name: String age: Int books: [Book] }
  type Book { title: String rating: Float author: Author @index }
`;

const memFS = () => {
  const files = new Map<string, Uint8Array>();
  const fs: BackupFS = {
    readFile: async (p) => { const f = files.get(p); if (!f) throw new Error('no file'); return f; },
    writeFile: async (p, d) => { files.set(p, d); },
  };
  return { files, fs };
};

const newDb = (fs: BackupFS, progress?: (op: string, done: number, total?: number) => void) =>
  openDatabase({ store: openStore({ kind: 'memory' }), fs, random: () => new Uint8Array(8).fill(3), backupProgress: progress });

async function q(db: ReturnType<typeof newDb>, text: string): Promise<unknown> {
  const r = await db.execRequest(text);
  assert.equal(r.kind, 'result');
  const res = (r as { result: GQLResult }).result;
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  return res.data;
}

const COMMITS = 'query { commits { cid height delta docID fieldName links { cid name } } }';
const DOCS = 'query { Author { _docID name age books(order: {title: ASC}) { _docID title rating } } Book(filter: {author: {name: {_eq: "Ann"}}}) { title } }';

test('CAR backup: every block and head of the history round-trips into an empty db', async () => {
  const { fs, files } = memFS();
  const a = newDb(fs);
  await a.addSchema(SDL);
  const authors = await a.getCollectionByName('Author');
  const books = await a.getCollectionByName('Book');
  const ann = await authors.create({ name: 'Ann', age: 30 });
  const bob = await authors.create({ name: 'Bob', age: 40 });
  for (const age of [31, 32, 33]) await authors.update(ann, { age });
  const b1 = await books.create({ title: 'One', rating: 1.5, author: ann });
  await books.create({ title: 'Two', rating: 2, author: ann });
  await books.update(b1, { rating: 4.5 });
  await authors.update(bob, { name: null });
  const gone = await books.create({ title: 'Gone', author: bob });
  await books.delete(gone);

  await a.basicExport({ filepath: '/b.car', format: 'car' });
  const car = decodeCar(files.get('/b.car')!);
  assert.equal(car.roots.length, 1 + 5, 'the Author collection head and one composite head per document');
  const all = (await q(a, COMMITS) as { commits: { cid: string }[] }).commits;
  assert.equal(car.blocks.length, new Set(all.map((c) => c.cid)).size, 'one section per block');

  const steps: string[] = [];
  const b = newDb(fs, (op, done, total) => steps.push(`${op}:${done}/${total}`));
  await b.addSchema(SDL);
  await b.basicImport('/b.car');
  assert.deepEqual(await q(b, COMMITS), await q(a, COMMITS));
  assert.deepEqual(await q(b, DOCS), await q(a, DOCS));
  assert.deepEqual(await q(b, `query { Book(showDeleted: true, docID: "${gone}") { _deleted title } }`),
    { Book: [{ _deleted: true, title: 'Gone' }] });
  assert.deepEqual(steps, [`import:${car.roots.length}/${car.roots.length}`]);

  // importing again changes nothing; a restored node keeps editing on top of the history
  await b.basicImport('/b.car');
  assert.deepEqual(await q(b, COMMITS), await q(a, COMMITS));
  await (await b.getCollectionByName('Author')).update(ann, { age: 34 });
  const latest = await q(b, `query { latestCommits(docID: "${ann}") { height } }`) as { latestCommits: { height: number }[] };
  assert.deepEqual(latest.latestCommits, [{ height: 5 }]);
  await a.close(); await b.close();
});

test('CAR backup: collections filter, JSON stays the default, corrupt blocks are rejected', async () => {
  const { fs, files } = memFS();
  const a = newDb(fs);
  await a.addSchema(SDL);
  await (await a.getCollectionByName('Author')).create({ name: 'Ann' });
  await (await a.getCollectionByName('Book')).create({ title: 'One' });
  await a.basicExport({ filepath: '/books.car', format: 'car', collections: ['Book'] });
  const car = decodeCar(files.get('/books.car')!);
  assert.equal(car.roots.length, 1);
  await a.basicExport({ filepath: '/all.json' });
  assert.ok(fromUtf8(files.get('/all.json')!).startsWith('{"Author":['));

  const bytes = files.get('/books.car')!.slice();
  bytes[bytes.length - 2] ^= 0xff; // flip a byte inside the last block
  files.set('/bad.car', bytes);
  const b = newDb(fs);
  await b.addSchema(SDL);
  await assert.rejects(b.basicImport('/bad.car'), /block does not match its CID/);
  await b.basicImport('/books.car');
  const r = await q(b, 'query { Book { title } Author { name } }');
  assert.deepEqual(r, { Book: [{ title: 'One' }], Author: [] });
  await a.close(); await b.close();
});
