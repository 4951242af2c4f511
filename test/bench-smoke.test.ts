// `node bench/run.ts --quick --json FILE` runs every benchmark at tiny sizes without error and
// writes the documented JSON shape (it spawns two loopback nodes for the network ones). Nothing
// here depends on timing: only names and shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '..');
const EXPECTED = [
  'create-single', 'create-batched', 'get-by-docid',
  'query-filter-scan', 'query-index-eq', 'query-count', 'query-order-limit', 'query-relation',
  'replicate-existing', 'pubsub-latency',
];

test('bench --quick writes {results:[{name, unit, value, limit, ratio}]}', { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
  try {
    const file = join(dir, 'out.json');
    await promisify(execFile)(process.execPath, [join(root, 'bench/run.ts'), '--quick', '--json', file], { cwd: root });
    const out = JSON.parse(readFileSync(file, 'utf8')) as { results: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(out), ['results']);
    for (const name of EXPECTED) assert.ok(out.results.some((r) => r.name === name), `missing ${name}`);
    for (const r of out.results) {
      assert.deepEqual(Object.keys(r).sort(), ['limit', 'name', 'ratio', 'unit', 'value']);
      assert.equal(typeof r.name, 'string');
      assert.ok(['docs/s', 'ops/s', 'ms'].includes(r.unit as string), `unit ${String(r.unit)}`);
      for (const k of ['value', 'limit', 'ratio'] as const) {
        assert.ok(typeof r[k] === 'number' && Number.isFinite(r[k]) && (r[k] as number) > 0, `${String(r.name)}.${k} = ${String(r[k])}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
