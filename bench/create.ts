// create-batched and create-single: 4-field documents written through the database, against raw
// LMDB writes of the same keys, bytes and hashed blocks (raw-limits.ts), batched the same way.
import type { Collection, DocFields } from '../src/client/index.ts';
import type { BenchEnv } from './env.ts';
import { measure, median, perSecond, rateResult, sum, type Result } from './measure.ts';
import type { WriteCost } from './network.ts';
import { RawDocWriter, WriteTemplate } from './raw-limits.ts';

export const USER_SDL = 'type User { name: String age: Int points: Float verified: Boolean }';
const SOLO_SDL = 'type Solo { name: String age: Int points: Float verified: Boolean }';

/** The i-th document of a collection (distinct names give distinct DocIDs). */
export const userDoc = (i: number, tag = 'user'): DocFields =>
  ({ name: `${tag}-${i}`, age: i % 100, points: (i % 1000) / 8, verified: i % 3 === 0 });

/** Records what creating documents writes; used to build the raw limit. */
async function recordCreate(env: BenchEnv, col: string, docs: DocFields[]): Promise<WriteTemplate> {
  let ids: string[] = [];
  const rec = await env.probe.record(async () => {
    const txn = await env.db.newTxn();
    ids = await (await txn.getCollectionByName(col)).createMany(docs);
    await txn.commit();
  });
  return new WriteTemplate(rec, ids);
}

async function createInTxn(env: BenchEnv, col: string, docs: DocFields[]): Promise<string[]> {
  const txn = await env.db.newTxn();
  const ids = await (await txn.getCollectionByName(col)).createMany(docs);
  await txn.commit();
  return ids;
}

/** The User documents created by create-batched (the query data set), with their DocIDs. */
export interface UserData { ids: string[] }

export async function createBatched(env: BenchEnv): Promise<{ result: Result; data: UserData }> {
  const { docs, batch } = env.sizes;
  await env.db.addSchema(USER_SDL);
  const tpl = await recordCreate(env, 'User', Array.from({ length: 10 }, (_, i) => userDoc(i, 'probe')));
  const ids: string[] = [];
  const batches = Array.from({ length: Math.ceil(docs / batch) }, (_, b) =>
    Array.from({ length: Math.min(batch, docs - b * batch) }, (_, i) => userDoc(b * batch + i)));
  let next = 0;
  const dbMs = await measure(async () => { ids.push(...await createInTxn(env, 'User', batches[next++])); },
    { warmup: 0, minRuns: batches.length, maxRuns: batches.length });

  const raw = new RawDocWriter(env.lmdb, tpl);
  raw.writeBatch(batch); // warm-up
  let left = docs;
  const rawMs = await measure(() => { raw.writeBatch(Math.min(batch, left)); left -= batch; },
    { warmup: 0, minRuns: batches.length, maxRuns: batches.length });
  const result = rateResult('create-batched', 'docs/s', perSecond(docs, sum(dbMs)), perSecond(docs, sum(rawMs)),
    `${docs} docs, ${batch}/txn; ${tpl.describe()} (${tpl.putCalls.toFixed(1)} put calls)`);
  return { result, data: { ids } };
}

/** create-single, and what the network limits reuse: the raw single-document commit cost. */
export async function createSingle(env: BenchEnv): Promise<{ result: Result; cost: WriteCost }> {
  const { singleDocs, singleMs } = env.sizes;
  await env.db.addSchema(SOLO_SDL);
  const tpl = await recordCreate(env, 'Solo', [userDoc(0, 'probe')]);
  const col: Collection = await env.db.getCollectionByName('Solo');
  let i = 0;
  const dbMs = await measure(() => col.create(userDoc(i++, 'solo')), { warmup: 5, minMs: singleMs, minRuns: 10, maxRuns: singleDocs });

  const raw = new RawDocWriter(env.lmdb, tpl);
  const rawMs = await measure(() => raw.writeBatch(1), { warmup: 5, minMs: singleMs, minRuns: 10, maxRuns: singleDocs });
  const result = rateResult('create-single', 'docs/s', perSecond(dbMs.length, sum(dbMs)), perSecond(rawMs.length, sum(rawMs)),
    `${dbMs.length} db / ${rawMs.length} raw txns; ${tpl.describe()}`);
  return { result, cost: { rawSingleMs: median(rawMs), bytesPerDoc: tpl.bytes } };
}
