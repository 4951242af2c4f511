import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, withProgress } from './progress.ts';

const sink = (isTTY: boolean) => {
  const lines: string[] = [];
  return { lines, out: { isTTY, write: (s: string) => { lines.push(s); return true; } } };
};
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('progress: drawn on a terminal for slow work, then cleared', async () => {
  const { lines, out } = sink(true);
  assert.equal(await withProgress('exporting', async () => { await wait(60); return 7; }, { out, delayMs: 5, everyMs: 10 }), 7);
  assert.ok(lines.length >= 2);
  assert.match(lines[0]!, /exporting \d+\.\ds$/);
  assert.equal(lines.at(-1), '\r\x1b[2K');
});

test('progress: silent when not a terminal or when the work is quick; errors pass through', async () => {
  const pipe = sink(false);
  await withProgress('x', async () => { await wait(30); }, { out: pipe.out, delayMs: 1 });
  assert.deepEqual(pipe.lines, []);
  const quick = sink(true);
  await withProgress('x', async () => 1, { out: quick.out, delayMs: 50 });
  assert.deepEqual(quick.lines, []);
  await assert.rejects(withProgress('x', async () => { throw new Error('boom'); }, { out: quick.out }), /boom/);
  assert.equal(formatBytes(1536), '1.5 KiB');
});
