import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CID } from 'multiformats/cid';
import { blockCid, encodeBlock, newBlock, type Delta } from '../core/index.ts';
import { DagSync } from './dag-sync.ts';
import { MemoryBlockStore } from './testing/fixtures.ts';

const docID = 'bae-c9fb0fa4-1195-589c-aa54-e68333fb90b3';
const sv = 'bafkreihhd6bqrjhl5zidwztgxzeseveplv3cj3fwtn3unjkdx7j2vr2vrq';

function block(delta: Delta, links: { name: string; cid: CID }[] = [], heads: CID[] = []) {
  const bytes = encodeBlock(newBlock(delta, links, heads));
  return { cid: blockCid(bytes), bytes };
}

test('dag sync: the field blocks of a missing composite are fetched without a lookup; its heads are looked up', async () => {
  const field = (name: string, priority: number, v: number) =>
    block({ kind: 'lww', docID, fieldName: name, priority, schemaVersionID: sv, data: Uint8Array.of(v) });
  const composite = (priority: number, links: { name: string; cid: CID }[], heads: CID[] = []) =>
    block({ kind: 'composite', docID, priority, schemaVersionID: sv, status: 1 }, links, heads);
  const a1 = field('age', 1, 1), n1 = field('name', 1, 2);
  const c1 = composite(1, [{ name: 'age', cid: a1.cid }, { name: 'name', cid: n1.cid }]);
  const a2 = block({ kind: 'lww', docID, fieldName: 'age', priority: 2, schemaVersionID: sv, data: Uint8Array.of(3) }, [], [a1.cid]);
  const c2 = composite(2, [{ name: 'age', cid: a2.cid }], [c1.cid]);

  const local = new MemoryBlockStore();
  for (const b of [a1, n1, c1]) await local.put(b.cid, b.bytes); // the first version is here
  const looked: string[] = [];
  const store = Object.assign(local, { hasNow: (cid: CID) => { looked.push(cid.toString()); return local.map.has(cid.toString()); } });
  const remote = new Map([a2, c2].map((b) => [b.cid.toString(), b.bytes]));
  const fetched: string[] = [];
  const sync = new DagSync(store, { fetch: async (cid: CID) => { fetched.push(cid.toString()); return remote.get(cid.toString())!; } });

  await sync.syncHead(c2.bytes);
  assert.deepEqual(looked.sort(), [c2.cid, c1.cid, a1.cid].map(String).sort()); // not a2: new with c2
  assert.deepEqual(fetched, [a2.cid.toString()]);
  assert.ok(local.map.has(c2.cid.toString()) && local.map.has(a2.cid.toString()));
});
