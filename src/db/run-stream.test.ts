import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from '../store/index.ts';
import { openDatabase } from './database.ts';
import type { TxnContext } from './context.ts';
import { streamFromRun } from './run-stream.ts';

const newDb = () => openDatabase({ store: openStore({ kind: 'memory' }), random: () => new Uint8Array(8).fill(1) });

test('getAllDocIDs streams every docID in order from one snapshot', async () => {
  const db = newDb();
  await db.addSchema('type User { n: Int }');
  const users = await db.getCollectionByName('User');
  const ids = await users.createMany(Array.from({ length: 700 }, (_, n) => ({ n })));
  const seen: string[] = [];
  for await (const d of users.getAllDocIDs()) {
    if (seen.length === 10) await users.create({ n: 10_000 }); // committed mid-stream: not in the snapshot
    seen.push(d.docID);
  }
  assert.deepEqual(seen, [...ids].sort());
  let n = 0;
  for await (const _ of users.getAllDocIDs()) if (++n === 3) break; // early stop ends the transaction
  assert.equal((await users.get(ids[0]!)).n !== undefined, true);
  const txn = await db.newTxn();
  const inTxn = await txn.getCollectionByName('User');
  await inTxn.create({ n: -1 });
  let count = 0;
  for await (const _ of inTxn.getAllDocIDs()) count++;
  assert.equal(count, 702);
  await txn.discard();
  await db.close();
});

test('streamFromRun: batches pulled lazily, producer errors surface, early return releases the run', async () => {
  let produced = 0;
  let ended = 0;
  const run = async <T>(fn: (ctx: TxnContext) => T | Promise<T>): Promise<T> => {
    try { return await fn({} as TxnContext); } finally { ended++; }
  };
  function* items() { for (let i = 0; i < 10; i++) { produced++; yield i; } }
  const it = streamFromRun(run, items, 3);
  assert.deepEqual(await it.next(), { value: 0, done: false });
  await new Promise((r) => setTimeout(r, 10));
  assert.ok(produced <= 6, `produced ${produced}: at most one batch ahead`);
  await it.return(undefined);
  assert.equal(ended, 1);

  const all: number[] = [];
  for await (const x of streamFromRun(run, items, 4)) all.push(x);
  assert.deepEqual(all, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  function* failing() { yield 1; throw new Error('scan failed'); }
  const got: number[] = [];
  await assert.rejects(async () => { for await (const x of streamFromRun(run, failing, 1)) got.push(x); }, /scan failed/);
  assert.deepEqual(got, [1]);
});
