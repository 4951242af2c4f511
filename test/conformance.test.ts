// Every conformance case in test/conformance/passing-<type>.txt must keep passing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { conformanceDir, listFile, readList, runConformance } from '../scripts/conformance.ts';

for (const mutationType of ['gql', 'collection-named']) {
  const file = listFile(mutationType);
  const cases = readList(file);
  test(`conformance cases listed for --mutation-type ${mutationType} still pass (${cases.length})`, {
    skip: !existsSync(conformanceDir) ? 'no ../shared/conformance beside the project' : cases.length === 0 ? 'empty list' : false,
    timeout: 40 * 60_000,
  }, () => {
    const r = runConformance(['--cases', file, '--jobs', '2', '--mutation-type', mutationType], { quiet: true });
    const out = `${r.stdout}\n${r.stderr}`;
    const failures = out.split('\n').filter((l) => l.startsWith('FAIL '));
    assert.equal(r.status, 0, `conformance regressions:\n${failures.join('\n') || out.slice(-4000)}`);
  });
}
