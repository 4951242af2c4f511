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

test('execute explain counts what the scan read and where a limit stopped it', async () => {
  const src = new MemorySource(sdl);
  for (const [name, age] of [['A', 1], ['B', 2], ['C', 3]] as const) src.add('Author', { name, age });
  const r = await executeRequest(src, 'query @explain(type: execute) { Author(limit: 1, offset: 1) { name } }');
  const top = (r.data as any).explain.operationNode[0].selectTopNode;
  assert.deepEqual(top.limitNode.iterations, 2);
  assert.deepEqual(top.limitNode.selectNode, {
    iterations: 2, filterMatches: 2,
    scanNode: { iterations: 2, docFetches: 2, fieldFetches: 4, indexFetches: 0 },
  });
  const f = await executeRequest(src, 'query @explain(type: execute) { Author(filter: {age: {_gt: 1}}) { name } }');
  assert.deepEqual((f.data as any).explain.operationNode[0].selectTopNode.selectNode, {
    iterations: 3, filterMatches: 2,
    scanNode: { iterations: 3, docFetches: 3, fieldFetches: 6, indexFetches: 0 },
  });
});

test('a _similarity selection has its own node in debug explain, and none in simple explain', async () => {
  const s = new MemorySource('type User { name: String points: [Float64!] }');
  const q = (type: string) => executeRequest(s, `query @explain${type} { User { name _similarity(points: {vector: [1, 2, 0]}) } }`);
  assert.deepEqual((await q('(type: debug)')).data, { explain: { operationNode: [{ selectTopNode: { similarityNode: { selectNode: { scanNode: {} } } } }] } });
  const simple = (await q('')).data as { explain: { operationNode: Array<{ selectTopNode: Record<string, unknown> }> } };
  assert.deepEqual(Object.keys(simple.explain.operationNode[0]!.selectTopNode), ['selectNode']);
});
