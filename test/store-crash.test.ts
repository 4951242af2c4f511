// Crash safety of the LMDB backend: a child commits multi-key txns in a loop and is killed with
// SIGKILL at random moments. After each kill every reported txn must be whole, no txn may be
// partly visible, and nothing past the txn in flight may exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LmdbStore } from '../src/store/index.ts';
import { compareBytes } from '../src/util/index.ts';
import { crashTxnKeys, crashValue, decodeNumber, keysPer, LAST_KEY, TXN_PREFIX } from './store-crash-layout.ts';

const child = join(dirname(fileURLToPath(import.meta.url)), 'store-crash-child.ts');

/** Runs the child (flush mode 'sync' or 'periodic') until it has reported `minLines` commits, waits `delayMs`, kills it; returns the last reported txn. */
function runAndKill(dir: string, flush: string, minLines: number, delayMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, flush], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', killing = false;
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!killing && out.split('\n').length > minLines) {
        killing = true;
        setTimeout(() => p.kill('SIGKILL'), delayMs);
      }
    });
    p.stderr.on('data', (c) => { err += c; });
    p.on('error', reject);
    // 'close', not 'exit': exit can fire before the last stdout chunks are delivered
    p.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child exited early (${code}): ${err}`));
      const lines = out.split('\n').filter((l) => l !== '');
      resolve(lines.length ? Number(lines[lines.length - 1]) : 0);
    });
  });
}

async function verify(dir: string, reported: number, previous: number): Promise<number> {
  const store = new LmdbStore({ path: dir });
  const r = store.newTxn(true);
  try {
    const last = decodeNumber(r.get(LAST_KEY)!);
    // `reported` is a lower bound: under load the child's last stdout lines can still sit in its
    // own write queue when SIGKILL lands, so later commits may exist without having been reported.
    assert.ok(last >= reported, `last=${last} reported=${reported}`);
    assert.ok(last >= previous);
    // every txn up to `last` is whole, and the keys are exactly those txns' keys
    const seen = [...r.iterate({ prefix: TXN_PREFIX })];
    const want: { key: Uint8Array; value: Uint8Array }[] = [];
    for (let n = 1; n <= last; n++) crashTxnKeys(n).forEach((key, i) => want.push({ key, value: crashValue(n, i) }));
    let total = 0;
    for (let n = 1; n <= last; n++) total += keysPer(n);
    assert.equal(seen.length, total, `txn keys present=${seen.length} expected=${total}`);
    for (let j = 0; j < want.length; j++) {
      assert.equal(compareBytes(seen[j].key, want[j].key), 0);
      assert.equal(compareBytes(seen[j].value, want[j].value), 0);
    }
    return last;
  } finally {
    r.discard();
    await store.close();
  }
}

test('lmdb store: SIGKILL mid-commit never leaves a partial txn', { timeout: 20000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'defra-crash-'));
  let seed = 12345;
  const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
  try {
    let previous = 0;
    const started = Date.now();
    for (let round = 0; round < 8 && Date.now() - started < 12000; round++) {
      // odd rounds use noSync: a process crash must not lose or tear commits there either
      const reported = await runAndKill(dir, round % 2 ? 'periodic' : 'sync', 1 + Math.floor(rand() * 20), Math.floor(rand() * 120));
      previous = await verify(dir, reported, previous);
      if (process.env.CRASH_DEBUG) console.log(`round ${round}: reported ${reported}, last ${previous}`);
    }
    assert.ok(previous > 0, 'the child committed something');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
