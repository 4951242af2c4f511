// Every conformance case in test/conformance/passing-<type>.txt must keep passing.
// Cases that fail are run once more on their own: a few P2P cases race against the runner's
// head polling under load (see the closing notes); a real regression fails twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformanceDir, listFile, readList, runConformance } from '../scripts/conformance.ts';

const failedIds = (out: string) =>
  out.split('\n').filter((l) => l.startsWith('FAIL ')).map((l) => l.slice(5, l.indexOf(': ') > 0 ? l.indexOf(': ') : undefined));

for (const mutationType of ['gql', 'collection-named']) {
  const file = listFile(mutationType);
  const cases = readList(file);
  test(`conformance cases listed for --mutation-type ${mutationType} still pass (${cases.length})`, {
    skip: !existsSync(conformanceDir) ? 'no ../shared/conformance beside the project' : cases.length === 0 ? 'empty list' : false,
    timeout: 60 * 60_000,
  }, (t) => {
    const r = runConformance(['--cases', file, '--jobs', '2', '--mutation-type', mutationType], { quiet: true });
    if (r.status === 0) return;
    const first = failedIds(`${r.stdout}`);
    assert.ok(first.length > 0, `conformance run failed without FAIL lines:\n${`${r.stdout}\n${r.stderr}`.slice(-4000)}`);
    const dir = mkdtempSync(join(tmpdir(), 'conf-retry-'));
    try {
      const retryList = join(dir, 'retry.txt');
      writeFileSync(retryList, first.join('\n') + '\n');
      const again = runConformance(['--cases', retryList, '--jobs', '1', '--mutation-type', mutationType], { quiet: true });
      const out = `${again.stdout}\n${again.stderr}`;
      t.diagnostic(`${first.length} case(s) failed in the parallel run and were retried alone: ${first.join(', ')}`);
      assert.equal(again.status, 0, `conformance regressions:\n${out.split('\n').filter((l) => l.startsWith('FAIL ')).join('\n') || out.slice(-4000)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
