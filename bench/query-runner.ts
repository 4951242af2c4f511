// Runs one DQL query as a benchmark: the query through `execRequest`, against a replay on raw
// LMDB of exactly the reads that query made (recorded once), with field values decoded.
import type { GQLResult } from '../src/client/index.ts';
import type { BenchEnv } from './env.ts';
import { measure, median, perSecond, rateResult, timeResult, type Result } from './measure.ts';
import type { Recorder } from './probe-store.ts';
import { replayReads } from './raw-limits.ts';

export async function runQuery(env: BenchEnv, query: string): Promise<GQLResult> {
  const r = await env.db.execRequest(query);
  if (r.kind !== 'result') throw new Error('expected a single result');
  if (r.result.errors?.length) throw new Error(`query failed: ${r.result.errors.map((e) => e.message).join('; ')}`);
  return r.result;
}

export interface QueryBench {
  name: string;
  query: string;
  /** Checks the answer once, so a fast wrong answer cannot pass for a fast query. */
  check(data: unknown): void;
  /** Report docs scanned per second (this many per run) instead of ms per query. */
  scanned?: number;
  /**
   * The reads the answer physically needs, when fewer than the query makes (an indexed lookup:
   * the index entries plus the matching documents); by default the query's own reads.
   */
  neededReads?: () => unknown;
  /** The limit reads the values without decoding them (the query decodes only part of each). */
  rawUndecoded?: boolean;
}

export async function benchQuery(env: BenchEnv, b: QueryBench): Promise<Result> {
  b.check((await runQuery(env, b.query)).data);
  const made = await env.probe.record(() => runQuery(env, b.query));
  const rec = b.neededReads ? await env.probe.record(async () => b.neededReads!()) : made;
  const opts = { warmup: 1, minMs: env.sizes.queryMs, minRuns: env.sizes.queryRuns };
  const dbMs = median(await measure(() => runQuery(env, b.query), opts));
  const rawMs = median(await measure(() => replayReads(env.lmdb, rec.reads, !b.rawUndecoded), opts));
  const reads = (r: Recorder) => `${r.entriesRead} keys in ${r.reads.length} reads`;
  const note = `query reads ${reads(made)}${b.neededReads ? `, limit replays ${reads(rec)}` : ''}; raw ${rawMs.toFixed(3)} ms, db ${dbMs.toFixed(3)} ms`;
  if (b.scanned !== undefined) return rateResult(b.name, 'docs/s', perSecond(b.scanned, dbMs), perSecond(b.scanned, rawMs), note);
  return timeResult(b.name, dbMs, rawMs, note);
}

/** Throws unless `cond`; for the one-off answer checks. */
export function expect(cond: boolean, what: string): void {
  if (!cond) throw new Error(`unexpected query answer: ${what}`);
}
