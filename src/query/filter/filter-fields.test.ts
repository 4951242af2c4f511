import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FieldKind } from '../../client/index.ts';
import type { CollectionModel, FieldModel } from '../model/collection-model.ts';
import type { Filter } from '../request/request-tree.ts';
import { ownFilterFields } from './filter-fields.ts';

const fields: FieldModel[] = [
  { kind: 'scalar', name: 'name', scalar: FieldKind.String, ctype: 1 },
  { kind: 'scalar', name: 'age', scalar: FieldKind.Int, ctype: 1 },
  { kind: 'relation', name: 'author', target: 'Author', isArray: false, isPrimary: true, relationName: 'a' },
  { kind: 'scalar', name: 'author_id', scalar: FieldKind.DocID, ctype: 1, idOf: 'author' },
  { kind: 'relation', name: 'profile', target: 'Profile', isArray: false, isPrimary: false, relationName: 'p' },
  { kind: 'scalar', name: 'profile_id', scalar: FieldKind.DocID, ctype: 1, idOf: 'profile' },
];
const coll = { name: 'Book', fields, byName: new Map(fields.map((f) => [f.name, f])) } as unknown as CollectionModel;
const of = (f: unknown) => ownFilterFields(f as Filter, coll)?.fields.sort();

test('own scalar fields of a filter, through _and/_or/_not; _docID needs none', () => {
  assert.deepEqual(of({ age: { _gt: 1 } }), ['age']);
  assert.deepEqual(of({ _or: [{ age: { _gt: 1 } }, { _not: { name: { _eq: 'x' } } }], _docID: { _eq: 'bae-1' } }), ['age', 'name']);
  assert.deepEqual(of({ author_id: { _eq: 'bae-1' } }), ['author_id']); // stored on this side
  assert.deepEqual(of({ name: null }), ['name']);
  assert.equal(ownFilterFields({ age: { _gt: 1 } } as Filter, coll)?.docID, false);
  assert.equal(ownFilterFields({ age: { _gt: 1 }, _docID: { _in: ['bae-1'] } } as Filter, coll)?.docID, true);
});

test('no prefilter when the filter needs more than own fields', () => {
  assert.equal(of({ author: { name: { _eq: 'x' } } }), undefined); // relation
  assert.equal(of({ profile_id: { _eq: 'bae-1' } }), undefined); // answered through the other side
  assert.equal(of({ _and: [{ age: { _gt: 1 } }, { author: { name: { _eq: 'x' } } }] }), undefined);
  assert.equal(of({ _docID: { _eq: 'bae-1' } }), undefined); // nothing to decode: no prefilter needed
  assert.equal(of({}), undefined);
  assert.equal(of(undefined), undefined);
});
