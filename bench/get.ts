// get-by-docid: `collection.get` of random existing documents (each its own read transaction),
// against raw LMDB reads of the same keys a document read touches, with value decoding.
import type { BenchEnv } from './env.ts';
import { measure, median, perSecond, rateResult, type Result } from './measure.ts';
import { readsFor, replayReads } from './raw-limits.ts';
import type { ReadOp } from './probe-store.ts';
import type { UserData } from './create.ts';

/** Deterministic pseudo-random picks (xorshift), so runs compare. */
function picks(n: number, count: number): number[] {
  let x = 0x9e3779b9;
  return Array.from({ length: count }, () => {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    return (x >>> 0) % n;
  });
}

export async function getByDocId(env: BenchEnv, data: UserData): Promise<Result> {
  const col = await env.db.getCollectionByName('User');
  const ids = picks(data.ids.length, env.sizes.gets).map((i) => data.ids[i]);
  await col.get(ids[0]); // loads and caches the collection layout, as any steady state has
  const rec = await env.probe.record(() => col.get(ids[0]));
  const pattern = rec.reads;

  const runs = { warmup: 1, minRuns: 3, maxRuns: 3 };
  const dbMs = await measure(async () => { for (const id of ids) await col.get(id); }, runs);

  const plans: ReadOp[][] = ids.map((id) => readsFor(pattern, ids[0], id));
  let entries = 0;
  const rawMs = await measure(() => { entries = 0; for (const p of plans) entries += replayReads(env.lmdb, p); }, runs);
  if (entries !== rec.entriesRead * ids.length) throw new Error(`raw read ${entries} entries, expected ${rec.entriesRead * ids.length}`);
  return rateResult('get-by-docid', 'ops/s', perSecond(ids.length, median(dbMs)), perSecond(ids.length, median(rawMs)),
    `${ids.length} gets; ${rec.entriesRead} keys in ${pattern.length} reads per doc`);
}
