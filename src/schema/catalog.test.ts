import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryStore } from '../store/index.ts';
import { systemKeys } from '../core/index.ts';
import { SchemaCatalog } from './catalog.ts';
import { decodeSeq } from './system-keys.ts';

const catalog = () => new SchemaCatalog(new MemoryStore().newTxn());

test('field short IDs follow the collection field list, _docID first', () => {
  const cat = catalog();
  const [users] = cat.addSchema('type Users { name: String age: Int verified: Boolean }');
  assert.deepEqual(Object.fromEntries(cat.fieldShortIDs(users.CollectionID)), { _docID: 1, age: 2, name: 3, verified: 4 });
});

test('collection short IDs are assigned in SDL order and shared by versions', () => {
  const cat = catalog();
  const cols = cat.addSchema('type B { x: Int } type A { y: Int }');
  assert.deepEqual(cols.map((c) => cat.collectionShortID(c.CollectionID)), [1, 2]);
  cat.patchSchema('[{"op":"add","path":"/A/Fields/-","value":{"Name":"z","Kind":"String"}}]');
  const a = cat.byName('A')!;
  assert.equal(a.shortID, 2);
  assert.equal(a.fieldIDs.get('z'), 3, 'new patch fields take the next number');
  assert.equal(a.version.Sources?.[0]?.SourceCollectionID, cols[1].VersionID);
  assert.equal(cat.getCollections({ includeInactive: true }).length, 3);
});

test('relations: one-to-many primary side, relation names and _id fields', () => {
  const cat = catalog();
  cat.addSchema('type Author { name: String published: [Book] } type Book { title: String author: Author }');
  const book = cat.byName('Book')!;
  const author = cat.byName('Author')!;
  assert.deepEqual(book.schema.Fields.map((f) => f.Name), ['_docID', 'title', 'author', 'author_id']);
  assert.deepEqual(book.schema.Fields[2].Kind, { Array: false, Root: author.schema.Root });
  assert.deepEqual(author.schema.Fields.map((f) => f.Name), ['_docID', 'name']);
  const published = author.version.Fields!.find((f) => f.Name === 'published')!;
  assert.equal(published.RelationName, 'author_book');
  assert.deepEqual(published.Kind, { Array: true, Root: book.schema.Root });
  assert.equal(book.version.Fields!.find((f) => f.Name === 'author_id')!.Kind, 1);
});

test('indexes get default names, IDs in order and bump the index sequence', () => {
  const store = new MemoryStore();
  const txn = store.newTxn();
  const cat = new SchemaCatalog(txn);
  const [u] = cat.addSchema('type User @index(includes: [{field: "name"}, {field: "age", direction: DESC}]) { name: String @index age: Int @index(unique: true, name: "by_age") }');
  assert.deepEqual(u.Indexes, [
    { Name: 'User_name_ASC', ID: 1, Fields: [{ Name: 'name', Descending: false }], Unique: false },
    { Name: 'by_age', ID: 2, Fields: [{ Name: 'age', Descending: false }], Unique: true },
    { Name: 'User_name_ASC_2', ID: 3, Fields: [{ Name: 'name', Descending: false }, { Name: 'age', Descending: true }], Unique: false },
  ]);
  assert.equal(decodeSeq(txn.get(systemKeys.indexSeq(u.CollectionID))), 3);
  assert.equal(cat.nextIndexID(u.CollectionID), 4);
});

test('failed validations name the problem like DefraDB', () => {
  const cat = catalog();
  assert.throws(() => cat.addSchema('type U { n: Int! }'), /NonNull fields are not currently supported/);
  assert.throws(() => cat.addSchema('type U { n: [Dog!] }'), /NonNull variants for type are not supported. Type: Dog/);
  assert.throws(() => cat.addSchema('type U { d: Dog }'), /no type found for given name. Field: d, Kind: Dog/);
  assert.throws(() => cat.addSchema('type U { n: String @crdt(type: pcounter) }'), /CRDT type pcounter can't be assigned to field kind String/);
  assert.throws(() => cat.addSchema('type U { n: String } type U { m: Int }'), /schema type already exists. Name: U/);
  assert.throws(() => cat.addSchema('type U { n: Int @constraints(size: 2) }'), /size constraint can only be applied to array fields/);
  cat.addSchema('type U { n: String }');
  assert.throws(() => cat.addSchema('type U { m: String }'), /schema type already exists/);
});

test('getSchemas and setActiveSchemaVersion errors', () => {
  const cat = catalog();
  assert.throws(() => cat.getSchemas({ versionID: 'nope' }), /key not found/);
  assert.throws(() => cat.setActiveSchemaVersion(''), /schema version ID can't be empty/);
  assert.deepEqual(cat.getSchemas(), []);
});
