// Quick throughput check of both backends (not a test): node src/store/perf-check.ts [count]
// Prints puts/s (one txn), random gets/s, full scans, small-commit latency and the raw LMDB limit.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LmdbStore, MemoryStore, lmdbRawGet, lmdbRawPutBatch, type KVStore } from './index.ts';

const N = Number(process.argv[2] ?? 100_000);
const enc = new TextEncoder();
const hex = (i: number) => (i * 2654435761 >>> 0).toString(16).padStart(8, '0');
// DocID-shaped keys: /<collection>/bae-<id>/<field>
const docKey = (i: number, f: number) => enc.encode(`/1/bae-${hex(i)}${hex(i ^ 0x5555)}${hex(i + 7)}/${f}`);
const value = (i: number) => enc.encode(`value-${i}-`.padEnd(32, 'v'));

function rate(label: string, count: number, ms: number): void {
  console.log(`  ${label.padEnd(44)} ${Math.round(count / (ms / 1000)).toLocaleString('en').padStart(12)} /s  (${ms.toFixed(0)} ms)`);
}

async function measure(name: string, store: KVStore, raw?: LmdbStore): Promise<void> {
  console.log(name);
  const fresh = Array.from({ length: N }, (_, i) => ({ key: docKey(i, 0), value: value(i) }));
  let t0 = performance.now();
  const w = store.newTxn();
  for (const e of fresh) w.put(e.key, e.value);
  const t1 = performance.now();
  await w.commit();
  rate(`puts, ${N} keys in one txn (incl. commit)`, N, performance.now() - t0);
  console.log(`    (of which put() ${(t1 - t0).toFixed(0)} ms, commit ${(performance.now() - t1).toFixed(0)} ms)`);

  const keys = Array.from({ length: N }, (_, i) => docKey((i * 7919) % N, 0));
  for (const readOnly of [true, false]) {
    const r = store.newTxn(readOnly);
    t0 = performance.now();
    let hits = 0;
    for (const k of keys) if (r.get(k) !== undefined) hits++;
    rate(`random gets (${readOnly ? 'read-only' : 'read-write, tracked'} txn)`, N, performance.now() - t0);
    if (hits !== N) throw new Error(`missed ${N - hits}`);
    r.discard();
  }

  // 100k documents x 5 fields in one scan
  const docs = Math.min(N, 100_000);
  const w2 = store.newTxn();
  for (let i = 0; i < docs; i++) for (let f = 1; f < 5; f++) w2.put(docKey(i, f), value(i));
  await w2.commit();
  const s = store.newTxn(true);
  t0 = performance.now();
  let n = 0;
  for (const e of s.iterate({ prefix: enc.encode('/1/') })) n += e.value.length > 0 ? 1 : 0;
  rate(`scan ${n} entries (prefix, read-only)`, n, performance.now() - t0);
  s.discard();

  t0 = performance.now();
  const commits = 2000;
  for (let c = 0; c < commits; c++) {
    const t = store.newTxn();
    for (let f = 0; f < 10; f++) t.put(docKey(N + c, f), value(c));
    t.get(docKey(c, 0));
    await t.commit();
  }
  rate('small commits (10 puts + 1 get each)', commits, performance.now() - t0);

  if (raw) {
    const entries = fresh.map((e, i) => ({ key: docKey(i + 10 * N, 0), value: e.value }));
    t0 = performance.now();
    lmdbRawPutBatch(raw, entries);
    rate(`raw lmdbRawPutBatch, ${N} keys`, N, performance.now() - t0);
    t0 = performance.now();
    for (const k of keys) lmdbRawGet(raw, k);
    rate('raw lmdbRawGet, random keys', N, performance.now() - t0);
  }
  await store.close();
}

await measure('memory', new MemoryStore());
for (const flush of ['sync', 'none'] as const) {
  const dir = mkdtempSync(join(tmpdir(), 'defra-perf-'));
  const s = new LmdbStore({ path: dir, flush });
  await measure(`lmdb (flush: ${flush})`, s, s);
  rmSync(dir, { recursive: true, force: true });
}

// a million keys in the memory backend, inserted in random order over 100 commits
const big = new MemoryStore();
let t0 = performance.now();
for (let c = 0; c < 100; c++) {
  const t = big.newTxn();
  for (let i = 0; i < 10_000; i++) t.put(docKey(((c * 10_000 + i) * 7919) % 1_000_000, 0), value(i));
  await t.commit();
}
console.log('memory, 1M keys');
rate('puts, 100 txns x 10k random keys', 1_000_000, performance.now() - t0);
const keep = big.newTxn(true);
t0 = performance.now();
for (let i = 0; i < 10_000; i++) {
  const t = big.newTxn();
  t.delete(docKey((i * 104729) % 1_000_000, 0));
  await t.commit();
}
rate('single-delete commits while a snapshot is held', 10_000, performance.now() - t0);
console.log(`  live keys ${big.size}, held snapshot still sees ${[...keep.iterate({ keysOnly: true })].length}`);
keep.discard();
