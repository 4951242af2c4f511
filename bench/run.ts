// npm run bench [-- --quick] [-- --no-net] [-- --only net|create] [-- --json FILE]
// Runs every benchmark on LMDB in a temp dir (removed afterwards) and prints, per benchmark, the
// measured value, the physical limit measured in the same run, and their ratio (1.0 = best).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createBatched, createSingle } from './create.ts';
import { BenchEnv, FULL, QUICK } from './env.ts';
import { getByDocId } from './get.ts';
import type { Result } from './measure.ts';
import { queryBenchmarks } from './query.ts';
import { networkBenchmarks } from './network.ts';
import { queryRelation } from './query-relation.ts';

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    /** Skip the two-process network benchmarks. */
    'no-net': { type: 'boolean', default: false },
    /**
     * `net`: only create-single (the write cost the network limits use) and the network benchmarks;
     * `create`: only create-single and create-batched.
     */
    only: { type: 'string' },
    json: { type: 'string' },
  },
});

const fmt = (x: number): string =>
  x >= 100 ? Math.round(x).toLocaleString('en') : x >= 1 ? x.toFixed(2) : x.toPrecision(3);

function print(r: Result): void {
  console.log(`${r.name.padEnd(20)} ${fmt(r.value).padStart(12)} ${r.unit.padEnd(7)} limit ${fmt(r.limit).padStart(12)}  ratio ${r.ratio.toFixed(3)}`);
  if (r.note) console.log(`${''.padEnd(21)}(${r.note})`);
}

async function main(): Promise<void> {
  if (args.only !== undefined && args.only !== 'net' && args.only !== 'create') throw new Error(`--only: unknown group ${args.only}`);
  const sizes = args.quick ? QUICK : FULL;
  const results: Result[] = [];
  const add = (r: Result) => { results.push(r); print(r); };
  const started = performance.now();

  const env = new BenchEnv(sizes);
  try {
    const single = await createSingle(env);
    add(single.result);
    if (args.only !== 'net') {
      const { result, data } = await createBatched(env);
      add(result);
      if (args.only !== 'create') {
        add(await getByDocId(env, data));
        for (const r of await queryBenchmarks(env, data)) add(r);
        add(await queryRelation(env));
      }
    }
    if (!args['no-net'] && args.only !== 'create') for (const r of await networkBenchmarks(env, single.cost)) add(r);
  } finally {
    await env.close();
  }
  console.log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  if (args.json) {
    const out = results.map(({ name, unit, value, limit, ratio }) => ({ name, unit, value, limit, ratio }));
    writeFileSync(args.json, JSON.stringify({ results: out }, null, 2) + '\n');
  }
}

await main();
