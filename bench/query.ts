// Query benchmarks over the User documents written by create-batched (userDoc(i), plus the ten
// probe documents): unindexed filter scan, indexed equality, _count, order + limit.
import { DbQuerySource } from '../src/db/index.ts';
import type { BenchEnv } from './env.ts';
import type { Result } from './measure.ts';
import { userDoc, type UserData } from './create.ts';
import { benchQuery, expect } from './query-runner.ts';

const PROBE_DOCS = 10;
type Rows = Record<string, Record<string, unknown>[]>;

export async function queryBenchmarks(env: BenchEnv, data: UserData): Promise<Result[]> {
  const n = data.ids.length;
  const total = n + PROBE_DOCS;
  const results: Result[] = [];
  const points = [...Array.from({ length: n }, (_, i) => userDoc(i)), ...Array.from({ length: PROBE_DOCS }, (_, i) => userDoc(i, 'probe'))]
    .map((d) => d.points as number);
  const top10 = JSON.stringify([...points].sort((a, b) => b - a).slice(0, 10));
  const overThreshold = points.filter((p) => p > 124.8).length;

  results.push(await benchQuery(env, {
    name: 'query-filter-scan',
    query: 'query { User(filter: {points: {_gt: 124.8}}) { name points } }',
    check: (d) => expect((d as Rows).User.length === overThreshold, `${(d as Rows).User.length} of ${overThreshold} matches`),
    scanned: total,
    // the scan tests `points` on each record without decoding the rest of it
    rawUndecoded: true,
  }));

  const col = await env.db.getCollectionByName('User');
  const index = await col.createIndex({ Name: 'user_name', Fields: [{ Name: 'name', Descending: false }] });
  const k = (n >> 1) + 7;
  results.push(await benchQuery(env, {
    name: 'query-index-eq',
    query: `query { User(filter: {name: {_eq: "user-${k}"}}) { name age } }`,
    neededReads: () => {
      const src = new DbQuerySource(env.db.newContext(true));
      for (const id of src.indexLookup('User', { index, values: [[`user-${k}`]] })) src.get('User', id);
    },
    check: (d) => {
      const rows = (d as Rows).User;
      expect(rows.length === 1 && rows[0].age === k % 100, JSON.stringify(rows));
    },
  }));

  results.push(await benchQuery(env, {
    name: 'query-count',
    query: 'query { _count(User: {}) }',
    check: (d) => expect((d as { _count: number })._count === total, JSON.stringify(d)),
  }));

  results.push(await benchQuery(env, {
    name: 'query-order-limit',
    query: 'query { User(order: {points: DESC}, limit: 10) { name points } }',
    check: (d) => {
      const rows = (d as Rows).User;
      expect(JSON.stringify(rows.map((r) => r.points)) === top10, JSON.stringify(rows));
    },
  }));
  return results;
}
