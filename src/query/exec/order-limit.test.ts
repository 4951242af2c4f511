import { test } from 'node:test';
import assert from 'node:assert/strict';
import { executeRequest } from '../execute-request.ts';
import { MemorySource } from '../testing/memory-source.ts';

// order + limit over many documents keeps only the first rows (top-k); it must return exactly
// what the full stable sort returns, ties (by scan order) and nulls included.
test('order + limit over many documents equals the full sort', async () => {
  const s = new MemorySource('type U { n: Int s: String }');
  const docs = s.docs.get('U')!;
  let x = 0x2545f491;
  for (let i = 0; i < 3000; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    const id = `bae-${String(i).padStart(7, '0')}`;
    const n = (x >>> 0) % 50;
    docs.set(id, { docID: id, deleted: false, fields: { n: n === 7 ? null : n, s: `s${(x >>> 3) % 9}` } });
  }
  const run = async (args: string) => {
    const r = await executeRequest(s, `{ U(${args}) { _docID n s } }`);
    assert.equal(r.errors, undefined);
    return (r.data as { U: unknown[] }).U;
  };
  for (const order of ['{n: DESC}', '{n: ASC}', '[{s: ASC}, {n: DESC}]']) {
    const all = await run(`order: ${order}`);
    for (const [offset, limit] of [[0, 10], [5, 20], [0, 1], [40, 24]]) {
      assert.deepEqual(await run(`order: ${order}, limit: ${limit}, offset: ${offset}`), all.slice(offset, offset + limit), `${order} ${offset}/${limit}`);
    }
  }
});
