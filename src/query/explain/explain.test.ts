import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRequest } from '../execute-request.ts';
import { MemorySource } from '../testing/memory-source.ts';

const sdl = `
  type Article { name: String author: Author pages: Int }
  type Book { name: String author: Author rating: Float pages: Int }
  type Author { name: String age: Int books: [Book] articles: [Article] }
`;

test('simple explain of a basic select matches DefraDB', async () => {
  const r = await executeRequest(new MemorySource(sdl), 'query @explain { Author(filter: {age: {_gt: 20}}) { name } }');
  assert.deepEqual(r.data, {
    explain: {
      operationNode: [{
        selectTopNode: {
          selectNode: {
            docID: null, filter: null,
            scanNode: { filter: { age: { _gt: 20 } }, collectionID: 'Author', collectionName: 'Author', prefixes: ['/3'] },
          },
        },
      }],
    },
  });
});

test('debug explain shows count over a one-to-many join and limit', async () => {
  const r = await executeRequest(new MemorySource(sdl), 'query @explain(type: debug) { Author(limit: 1) { name _count(books: {}) } }');
  assert.deepEqual(r.data, {
    explain: {
      operationNode: [{
        selectTopNode: {
          countNode: {
            limitNode: {
              selectNode: {
                typeIndexJoin: { typeJoinMany: { root: { scanNode: {} }, subType: { selectTopNode: { selectNode: { scanNode: {} } } } } },
              },
            },
          },
        },
      }],
    },
  });
});

test('explain on a field is rejected', async () => {
  const r = await executeRequest(new MemorySource(sdl), 'query { Author @explain { name } }');
  assert.equal(r.errors![0]!.message, 'Directive "explain" may not be used on FIELD.');
});
