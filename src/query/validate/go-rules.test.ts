import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRequest } from '../execute-request.ts';
import { MemorySource } from '../testing/memory-source.ts';

const sdl = 'type Users { Name: String Age: Int tags: [Int!] }';

async function err(text: string): Promise<string> {
  const r = await executeRequest(new MemorySource(sdl), text);
  assert.ok(r.errors?.length, `expected an error for ${text}`);
  return r.errors![0]!.message;
}

test('argument values are reported as graphql-go does', async () => {
  assert.equal(await err('{ Users(order: {Age: INVALID}) { Name } }'),
    'Argument "order" has invalid value {Age: INVALID}.\nIn field "Age": Expected type "Ordering", found INVALID.');
  assert.match(await err('{ Users(filter: {_or: [null]}) { Name } }'), /In element #1: Expected "UsersFilterArg!", found null\./);
  assert.equal(await err('{ Users(filter: {Nope: {_eq: "x"}}) { Name } }'),
    'Argument "filter" has invalid value {Nope: {_eq: "x"}}.\nIn field "Nope": Unknown field.');
  assert.equal(await err('{ _avg(Users: {}) }'),
    'Argument "Users" has invalid value {}.\nIn field "field": Expected "UsersNumericFieldsArg!", found null.');
  assert.equal(await err('{ Users(filter: {tags: {_any: {_eq: 1.5}}}) { Name } }'),
    'Argument "filter" has invalid value {tags: {_any: {_eq: 1.5}}}.\nIn field "tags": In field "_any": In field "_eq": Expected type "Int", found 1.5.');
});

test('other validation messages use graphql-go wording', async () => {
  assert.equal(await err('{ Users(x: 1) { Name } }'), 'Unknown argument "x" on field "Users" of type "Query".');
  assert.equal(await err('mutation { delete_Users }'), 'Field "delete_Users" of type "[Users]" must have a sub selection.');
  assert.equal(await err('{ latestCommits { cid } }'),
    'Field "latestCommits" argument "docID" of type "ID!" is required but not provided.');
  assert.equal(await err('query @explain { latestCommits(fieldName: "Name") { cid } }'), // not executed, still refused
    'Field "latestCommits" argument "docID" of type "ID!" is required but not provided.');
});
