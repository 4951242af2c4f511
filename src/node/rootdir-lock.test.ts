import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockRootdir, RootdirInUseError } from './rootdir-lock.ts';

test('a second lock on the same root dir fails with "already in use"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  const a = lockRootdir(dir);
  assert.equal(readFileSync(a.path, 'utf8').trim(), String(process.pid));
  assert.throws(() => lockRootdir(dir), (e: Error) => e instanceof RootdirInUseError && /already in use/.test(e.message));
  // Another live process (our parent) holding it also blocks.
  a.release();
  assert.equal(existsSync(a.path), false);
  writeFileSync(join(dir, 'LOCK.pid'), `${process.ppid}\n`);
  assert.throws(() => lockRootdir(dir), /already in use by another defradb process \(pid \d+\)/);
});

test('a stale lock (dead pid) or garbage is taken over', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lock-'));
  writeFileSync(join(dir, 'LOCK.pid'), '2147483646\n');
  const a = lockRootdir(dir);
  assert.equal(readFileSync(a.path, 'utf8').trim(), String(process.pid));
  a.release();
  writeFileSync(join(dir, 'LOCK.pid'), 'garbage');
  const b = lockRootdir(dir);
  b.release();
  b.release(); // idempotent
});
